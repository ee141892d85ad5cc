from django.urls import path

from tenant_apps.letters.api import LetterDetailView, LetterListView, LetterPdfView, LetterTypeListView

urlpatterns = [
    path("letter-types/", LetterTypeListView.as_view(), name="api-letter-types"),
    path("letters/", LetterListView.as_view(), name="api-letters"),
    path("letters/<int:pk>/", LetterDetailView.as_view(), name="api-letter"),
    path("letters/<int:pk>/pdf/", LetterPdfView.as_view(), name="api-letter-pdf"),
]
