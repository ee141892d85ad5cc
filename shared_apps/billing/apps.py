from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "shared_apps.billing"
    label = "billing"
    verbose_name = "Langganan dan penagihan"

    def ready(self):
        from tenant_apps.village.menu import MenuEntry, menu_register

        from shared_apps.ops.nav import OpsNavEntry, ops_nav_register

        menu_register(MenuEntry(label=_("Langganan"), url_name="billing:overview", permission="billing.view", order=900))
        ops_nav_register(OpsNavEntry(_("Penagihan"), "billing-ops:overview", "billing.view", 40))
