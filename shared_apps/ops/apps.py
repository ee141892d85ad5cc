from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "shared_apps.ops"
    label = "ops"
    verbose_name = "Konsol ops"
