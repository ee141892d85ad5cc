from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "tenant_apps.complaints"
    label = "complaints"
    verbose_name = "Pengaduan"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Pengaduan"), url_name="complaints:list", permission="complaints.view",
                                order=60))
