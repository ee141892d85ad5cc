"""Support access endpoints on every village host."""
from django.urls import path

from shared_apps.ops import support_views

app_name = "support"
urlpatterns = [
    path("dukungan/masuk/", support_views.support_enter, name="enter"),
    path("dukungan/selesai/", support_views.support_leave, name="leave"),
]
