from django.apps import AppConfig


class BooksConfig(AppConfig):
    """Buku Administrasi Desa (Permendagri 47/2016). Reads other apps' data; owns no tables yet."""

    name = "tenant_apps.books"
    label = "books"
    verbose_name = "Buku Administrasi Desa"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from tenant_apps.village.menu import MenuEntry, menu_register

        menu_register(MenuEntry(label=_("Buku administrasi"), url_name="books:index", permission="population.view", order=40))
