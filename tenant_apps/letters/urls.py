from django.urls import path

from tenant_apps.letters import views, views_public, views_types

app_name = "letters"
urlpatterns = [
    path("surat/", views.LetterListView.as_view(), name="letters"),
    path("surat/baru/<str:code>/", views.IssueView.as_view(), name="issue"),
    path("surat/<int:pk>/", views.LetterDetailView.as_view(), name="letter"),
    path("surat/<int:pk>/pdf/", views.LetterPdfView.as_view(), name="letter-pdf"),
    path("surat/<int:pk>/periksa/", views.LetterVerifyView.as_view(), name="letter-verify"),
    path("surat/<int:pk>/cabut/", views.LetterRevokeView.as_view(), name="letter-revoke"),
    path("surat/jenis/", views_types.LetterTypeListView.as_view(), name="types"),
    path("surat/jenis/baru/", views_types.LetterTypeFormView.as_view(), name="type-new"),
    path("surat/jenis/ekspor/", views_types.LetterTypeExportView.as_view(), name="types-export"),
    path("surat/jenis/<int:pk>/", views_types.LetterTypeFormView.as_view(), name="type"),
    path("surat/pengaturan/", views_types.LetterSettingsView.as_view(), name="settings"),
    path("surat/pamong/", views_types.OfficialFormView.as_view(), name="official-new"),
    path("surat/pamong/<int:pk>/", views_types.OfficialFormView.as_view(), name="official"),
    path("surat/verifikasi/", views_public.VerificationView.as_view(), name="verify-form"),
    path("surat/verifikasi/<str:code>/", views_public.VerificationView.as_view(), name="verify"),
]
