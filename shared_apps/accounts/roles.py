"""Village staff roles and what each may do. Permissions are data, read by
``HasVillagePermission`` (API) and ``VillagePermissionMixin`` (pages)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    SEKRETARIS = "sekretaris", _("Sekretaris desa")
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    VIEWER = "viewer", _("Pemantau")


_READ = {"village.view", "population.view"}
_STAFF_WRITE = _READ | {"village.change", "population.change", "billing.view"}

# The operator runs the village's system day to day, staff accounts included.
# Paying Balai (billing.manage) is for the operator and the kepala desa.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OPERATOR: frozenset(_STAFF_WRITE | {"staff.view", "staff.manage", "billing.manage"}),
    Role.SEKRETARIS: frozenset(_STAFF_WRITE | {"staff.view"}),
    Role.KEPALA_DESA: frozenset(_STAFF_WRITE | {"staff.view", "billing.manage"}),
    Role.VIEWER: frozenset(_READ),
}


def role_has_permission(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
