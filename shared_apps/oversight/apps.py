from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "shared_apps.oversight"
    label = "oversight"
    verbose_name = "Pengawasan wilayah"
