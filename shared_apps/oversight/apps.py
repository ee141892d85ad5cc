from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "shared_apps.oversight"
    label = "oversight"
    verbose_name = "Pengawasan wilayah"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from shared_apps.ops.nav import OpsNavEntry, ops_nav_register

        ops_nav_register(OpsNavEntry(_("Rekap wilayah"), "oversight-ops:runs", "rollups.view", 35))
