from django.urls import path, re_path

from tenant_apps.books.views import BookDownloadView, BookIndexView, BookView

app_name = "books"
urlpatterns = [
    path("buku/", BookIndexView.as_view(), name="index"),
    path("buku/<slug:slug>/", BookView.as_view(), name="book"),
    re_path(r"^buku/(?P<slug>[-\w]+)/unduh\.(?P<file_format>xlsx|pdf)$", BookDownloadView.as_view(), name="download"),
]
