from tenant_apps.letters.letter_types import letter_types_install_shipped
from tenant_apps.letters.services import letter_settings


def install_shipped_types(sender, village, **kwargs):
    """A new village starts with Balai's letter types and its settings row."""
    letter_types_install_shipped()
    letter_settings()
