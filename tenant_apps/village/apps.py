from django.apps import AppConfig


class VillageConfig(AppConfig):
    name = "tenant_apps.village"
    label = "village"
    verbose_name = "Profil desa"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Beranda"), url_name="village:dashboard", permission="village.view", order=0))
        menu_register(MenuEntry(label=_("Ekspor data desa"), url_name="village:data-export",
                                permission="village.export", order=90))
        menu_register(MenuEntry(label=_("Jejak audit"), url_name="village:audit", permission="audit.view", order=85))
