from django.urls import path, re_path

from shared_apps.oversight.views import HomeView, RegionExportView, RegionView

app_name = "oversight"
CODE = r"(?P<code>\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)"
urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    re_path(rf"^{CODE}/$", RegionView.as_view(), name="region"),
    re_path(rf"^{CODE}/ekspor\.(?P<file_format>csv|xlsx)$", RegionExportView.as_view(), name="export"),
]
