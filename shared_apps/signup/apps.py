from django.apps import AppConfig


class SignupConfig(AppConfig):
    name = "shared_apps.signup"
    label = "signup"
    verbose_name = "Pendaftaran desa"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Permintaan akses"), url_name="access:requests",
                                permission="staff.manage", order=90))
