from django.urls import path

from tenant_apps.village.views import AuditLogView, DashboardView

app_name = "village"
urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("jejak-audit/", AuditLogView.as_view(), name="audit"),
]
