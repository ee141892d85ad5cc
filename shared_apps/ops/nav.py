"""The console's menu: entries shown to staff whose role grants the permission.
Other console apps (billing) add theirs with ``ops_nav_register``."""
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from shared_apps.ops.roles import platform_role_has_permission


@dataclass(frozen=True)
class OpsNavEntry:
    label: str
    url_name: str
    permission: str
    order: int = 100


_ENTRIES: list[OpsNavEntry] = [
    OpsNavEntry(_("Desa"), "ops:villages", "villages.view", 10),
    OpsNavEntry(_("Jejak audit"), "ops:audit", "audit.view", 20),
    OpsNavEntry(_("Pembaruan armada"), "ops-fleet", "fleet.view", 30),
]


def ops_nav_register(entry: OpsNavEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in _ENTRIES):
        _ENTRIES.append(entry)


def ops_nav_for(role: str) -> list[dict]:
    entries = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if platform_role_has_permission(role, entry.permission):
            try:
                entries.append({"label": entry.label, "url": reverse(entry.url_name, urlconf="config.urls_public")})
            except NoReverseMatch:
                continue
    return entries
