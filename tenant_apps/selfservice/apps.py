from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "tenant_apps.selfservice"
    label = "selfservice"
    verbose_name = "Layanan mandiri"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Permohonan surat"), url_name="selfservice:queue",
                                permission="requests.view", order=42))
        menu_register(MenuEntry(label=_("PIN layanan mandiri"), url_name="selfservice:pin",
                                permission="selfservice.pin", order=43))
