from django.urls import path

from tenant_apps.selfservice import views_resident as resident
from tenant_apps.selfservice import views_staff as staff

app_name = "selfservice"
urlpatterns = [
    path("layanan-mandiri/", resident.HomeView.as_view(), name="home"),
    path("layanan-mandiri/masuk/", resident.SignInView.as_view(), name="sign-in"),
    path("layanan-mandiri/keluar/", resident.SignOutView.as_view(), name="sign-out"),
    path("layanan-mandiri/pin/", resident.PinChangeView.as_view(), name="pin-change"),
    path("layanan-mandiri/surat/", resident.TypeChoiceView.as_view(), name="types"),
    path("layanan-mandiri/surat/<str:code>/", resident.RequestFormView.as_view(), name="request-new"),
    path("layanan-mandiri/permohonan/<int:pk>/", resident.RequestDetailView.as_view(), name="request"),
    path("layanan-mandiri/permohonan/<int:pk>/lengkapi/", resident.RequestCompleteView.as_view(),
         name="request-complete"),
    path("layanan-mandiri/permohonan/<int:pk>/batal/", resident.RequestCancelView.as_view(), name="request-cancel"),
    path("layanan-mandiri/permohonan/<int:pk>/pdf/", resident.RequestPdfView.as_view(), name="request-pdf"),
    path("layanan-mandiri/dokumen/<int:pk>/", resident.DocumentView.as_view(), name="document"),
    # Staff
    path("surat/permohonan/", staff.QueueView.as_view(), name="queue"),
    path("surat/permohonan/<int:pk>/", staff.QueueDetailView.as_view(), name="queue-item"),
    path("surat/permohonan/<int:pk>/<slug:action>/", staff.QueueActionView.as_view(), name="queue-action"),
    path("surat/permohonan/syarat/", staff.RequiredDocumentsView.as_view(), name="required-documents"),
    path("surat/permohonan/dokumen/<int:pk>/", staff.QueueDocumentView.as_view(), name="queue-document"),
    path("layanan-mandiri/pin-warga/", staff.PinResetView.as_view(), name="pin"),
]
