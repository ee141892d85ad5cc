from django.urls import path

from tenant_apps.complaints import views

app_name = "complaints"
urlpatterns = [
    path("pengaduan/", views.ComplaintFormView.as_view(), name="form"),
    path("pengaduan/status/", views.ComplaintStatusView.as_view(), name="status-form"),
    path("pengaduan/status/<str:code>/", views.ComplaintStatusView.as_view(), name="status"),
    path("pengaduan/kelola/", views.ComplaintListView.as_view(), name="list"),
    path("pengaduan/kelola/<int:pk>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("pengaduan/kelola/<int:pk>/foto/", views.ComplaintPhotoView.as_view(), name="photo"),
]
