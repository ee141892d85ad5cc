from django.urls import path

from tenant_apps.books.views import BookIndexView, BookView

app_name = "books"
urlpatterns = [
    path("buku/", BookIndexView.as_view(), name="index"),
    path("buku/<slug:slug>/", BookView.as_view(), name="book"),
]
