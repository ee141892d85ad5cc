from django.apps import AppConfig


class PopulationConfig(AppConfig):
    name = "tenant_apps.population"
    label = "population"
    verbose_name = "Kependudukan"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Penduduk"), url_name="population:residents", permission="population.view", order=10))
        menu_register(MenuEntry(label=_("Statistik"), url_name="population:statistics", permission="population.view", order=20))
        menu_register(MenuEntry(label=_("Kualitas data"), url_name="population:data-quality",
                                permission="population.view", order=30))
        menu_register(MenuEntry(label=_("Impor OpenSID"), url_name="population:import",
                                permission="population.change", order=35))
        menu_register(MenuEntry(label=_("Wilayah"), url_name="population:wilayah", permission="population.view", order=12))
        menu_register(MenuEntry(label=_("Keluarga"), url_name="population:families", permission="population.view", order=14))
        menu_register(MenuEntry(label=_("Rumah tangga"), url_name="population:households",
                                permission="population.view", order=16))
        menu_register(MenuEntry(label=_("Kelompok"), url_name="population:groups", permission="population.view", order=18))
