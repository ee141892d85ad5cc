from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "tenant_apps.population"
    label = "population"
    verbose_name = "Kependudukan"
