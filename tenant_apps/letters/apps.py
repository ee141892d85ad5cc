from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "tenant_apps.letters"
    label = "letters"
    verbose_name = "Layanan surat"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Surat"), url_name="letters:letters", permission="letters.view", order=40))
        menu_register(MenuEntry(label=_("Jenis surat"), url_name="letters:types", permission="letters.manage", order=45))

        from tenant_apps.letters.receivers import install_shipped_types
        from tenants.signals import village_initialized

        village_initialized.connect(install_shipped_types, dispatch_uid="letters.install_shipped_types")
