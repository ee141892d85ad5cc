"""The village staff menu. Each tenant app adds its entries in ``AppConfig.ready``
with ``menu_register``; the dashboard shows those the user's role permits."""
from dataclasses import dataclass

from django.urls import reverse

from shared_apps.accounts.roles import role_has_permission

_ENTRIES: list["MenuEntry"] = []


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str
    order: int = 100


def menu_register(entry: MenuEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in _ENTRIES):
        _ENTRIES.append(entry)


def menu_for(role: str | None) -> list[dict]:
    if role is None:
        return []
    return [
        {"label": entry.label, "url": reverse(entry.url_name)}
        for entry in sorted(_ENTRIES, key=lambda e: e.order)
        if role_has_permission(role, entry.permission)
    ]
