from django.urls import path

from tenant_apps.complaints.api import ComplaintDetailView, ComplaintListView, ComplaintReplyView

urlpatterns = [
    path("complaints/", ComplaintListView.as_view(), name="api-complaints"),
    path("complaints/<int:pk>/", ComplaintDetailView.as_view(), name="api-complaint"),
    path("complaints/<int:pk>/replies/", ComplaintReplyView.as_view(), name="api-complaint-replies"),
]
