from django.urls import path

from tenant_apps.population.api import (
    FamilyListView, ImportDetailView, ImportListView, ResidentDetailView, ResidentListView, StatisticsView,
)

urlpatterns = [
    path("residents/", ResidentListView.as_view(), name="api-residents"),
    path("residents/<int:pk>/", ResidentDetailView.as_view(), name="api-resident"),
    path("families/", FamilyListView.as_view(), name="api-families"),
    path("imports/", ImportListView.as_view(), name="api-imports"),
    path("imports/<int:pk>/", ImportDetailView.as_view(), name="api-import"),
    path("statistics/<slug:category>/", StatisticsView.as_view(), name="api-statistics"),
]
