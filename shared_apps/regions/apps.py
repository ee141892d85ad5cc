from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "shared_apps.regions"
    label = "regions"
    verbose_name = "Wilayah Kemendagri"
