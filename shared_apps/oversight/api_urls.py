from django.urls import re_path

from shared_apps.oversight.api import RegionSummaryView, VillageListView
from shared_apps.oversight.urls import CODE

urlpatterns = [
    re_path(rf"^oversight/regions/{CODE}/$", RegionSummaryView.as_view(), name="api-oversight-region"),
    re_path(r"^oversight/villages/$", VillageListView.as_view(), name="api-oversight-villages"),
]
