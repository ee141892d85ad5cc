from django.urls import path

from tenant_apps.village.export_views import DataExportDownloadView, DataExportView
from tenant_apps.village.views import AuditLogView, DashboardView

app_name = "village"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("ekspor-data/", DataExportView.as_view(), name="data-export"),
    path("ekspor-data/<int:pk>/unduh/", DataExportDownloadView.as_view(), name="data-export-download"),
    path("jejak-audit/", AuditLogView.as_view(), name="audit"),
]
