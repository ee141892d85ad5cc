"""On a village's host: its operators' page of access requests."""
from django.urls import path

from shared_apps.signup.access_views import AccessRequestListView

app_name = "access"
urlpatterns = [
    path("staf/permintaan-akses/", AccessRequestListView.as_view(), name="requests"),
    path("staf/permintaan-akses/<uuid:public_id>/", AccessRequestListView.as_view(), name="decide"),
]
