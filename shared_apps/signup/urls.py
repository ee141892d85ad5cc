from django.urls import path

from shared_apps.signup import access_views, views

app_name = "signup"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("cari.json", views.search_json, name="search-json"),
    path("cek-subdomain.json", views.slug_json, name="slug-json"),
    path("desa/<str:code>/", views.signup_form, name="form"),
    path("desa/<str:code>/minta-akses/", access_views.access_form, name="access"),
    path("cek-email/", views.check_email, name="check-email"),
    path("verifikasi/<str:token>/", views.verify, name="verify"),
    path("proses/<uuid:public_id>/", views.progress_page, name="progress"),
    path("proses/<uuid:public_id>/status.json", views.progress_json, name="progress-json"),
    path("akses/verifikasi/<str:token>/", access_views.access_verify, name="access-verify"),
]
