"""Platform staff roles and what each may do in the ops console. Permissions
are data, read by ``OpsPermissionMixin`` (pages) and ``ops_permission_required``.

Platform staff are ``accounts.User`` rows with a ``platform_role``; such a user
is never village staff (``accounts.selectors.membership_for`` ignores their
memberships) and enters a village only through a time-boxed support access.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformRole(models.TextChoices):
    OPS_ADMIN = "ops-admin", _("Admin ops")
    OPS_SUPPORT = "ops-support", _("Dukungan ops")
    BILLING = "billing", _("Penagihan")


_BILLING = {"billing.view", "billing.manage"}
_SUPPORT = {"villages.view", "villages.impersonate", "audit.view", "fleet.view", "rollups.view", "rollups.refresh"}

PLATFORM_ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    PlatformRole.OPS_ADMIN: frozenset(_SUPPORT | _BILLING | {"villages.suspend", "villages.archive"}),
    PlatformRole.OPS_SUPPORT: frozenset(_SUPPORT),
    # Billing staff see billing and nothing of villages' operations.
    PlatformRole.BILLING: frozenset(_BILLING),
}


def platform_role_has_permission(role: str, permission: str) -> bool:
    return permission in PLATFORM_ROLE_PERMISSIONS.get(role, frozenset())
