from django.apps import AppConfig


class FleetConfig(AppConfig):
    name = "shared_apps.fleet"
    label = "fleet"
    verbose_name = "Pembaruan armada desa"
