from django.urls import path

from tenant_apps.village.views import DashboardView

app_name = "village"
urlpatterns = [path("", DashboardView.as_view(), name="dashboard")]
