from django.urls import path

from tenant_apps.population import views, views_events

app_name = "population"
urlpatterns = [
    path("penduduk/", views.ResidentListView.as_view(), name="residents"),
    path("penduduk/baru/", views.ResidentFormView.as_view(), name="resident-new"),
    path("penduduk/lahir/", views_events.BirthView.as_view(), name="birth"),
    path("penduduk/datang/", views_events.MoveInView.as_view(), name="move-in"),
    path("penduduk/<int:pk>/", views.ResidentDetailView.as_view(), name="resident"),
    path("penduduk/<int:pk>/ubah/", views.ResidentFormView.as_view(), name="resident-edit"),
    path("penduduk/<int:pk>/peristiwa/", views_events.ExitEventView.as_view(), name="resident-event"),
    path("penduduk/<int:pk>/peristiwa/<int:event_pk>/batal/", views_events.UndoEventView.as_view(), name="event-undo"),
    path("penduduk/kualitas-data/", views.DataQualityView.as_view(), name="data-quality"),
    path("penduduk/impor/", views.ImportUploadView.as_view(), name="import"),
    path("penduduk/impor/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path("statistik/", views.StatisticsPageView.as_view(), name="statistics"),
    path("statistik/<slug:category>/", views.StatisticsPageView.as_view(), name="statistics-category"),
]
