from django.urls import path

from shared_apps.oversight import ops_views

app_name = "oversight-ops"
urlpatterns = [
    path("", ops_views.RollupRunsView.as_view(), name="runs"),
    path("<int:pk>/", ops_views.RollupRunView.as_view(), name="run"),
]
