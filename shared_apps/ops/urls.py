from django.urls import path

from shared_apps.ops import views

app_name = "ops"
urlpatterns = [
    path("", views.VillageListView.as_view(), name="villages"),
    path("masuk/", views.sign_in, name="login"),
    path("keluar/", views.sign_out, name="logout"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("desa/<slug:slug>/", views.VillageDetailView.as_view(), name="village"),
    path("desa/<slug:slug>/tangguhkan/", views.VillageLifecycleView.as_view(
        action="suspend", required={"POST": "villages.suspend"}), name="village-suspend"),
    path("desa/<slug:slug>/aktifkan/", views.VillageLifecycleView.as_view(
        action="resume", required={"POST": "villages.suspend"}), name="village-resume"),
    path("desa/<slug:slug>/arsipkan/", views.VillageLifecycleView.as_view(
        action="archive", required={"POST": "villages.archive"}), name="village-archive"),
    path("desa/<slug:slug>/dukungan/", views.SupportStartView.as_view(), name="support-start"),
]
