from django.urls import path

from tenant_apps.selfservice.api import LetterRequestDetailView, LetterRequestListView

urlpatterns = [
    path("letter-requests/", LetterRequestListView.as_view(), name="api-letter-requests"),
    path("letter-requests/<int:pk>/", LetterRequestDetailView.as_view(), name="api-letter-request"),
]
