"""Village staff roles and what each may do. Permissions are data, read by
``HasVillagePermission`` (API) and ``VillagePermissionMixin`` (pages)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    SEKRETARIS = "sekretaris", _("Sekretaris desa")
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    VIEWER = "viewer", _("Pemantau")


_READ = {"village.view", "population.view", "letters.view", "requests.view", "complaints.view"}
# requests.manage: the queue of residents' letter requests; selfservice.pin: set
# or reset a resident's self-service PIN.
_STAFF_WRITE = _READ | {"village.change", "population.change", "audit.view", "letters.issue", "letters.manage",
                        "requests.manage", "complaints.manage", "selfservice.pin"}
# Letters that wait for a check (when the village wants one) are checked by them.
_SIGNERS = {"letters.verify"}

# The operator runs the village's system day to day, staff accounts included.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OPERATOR: frozenset(_STAFF_WRITE | {"staff.view", "staff.manage", "village.export"}),
    Role.SEKRETARIS: frozenset(_STAFF_WRITE | _SIGNERS | {"staff.view"}),
    # An archive of every resident's data: the village head and the operator only.
    Role.KEPALA_DESA: frozenset(_STAFF_WRITE | _SIGNERS | {"staff.view", "village.export"}),
    Role.VIEWER: frozenset(_READ),
}


def role_has_permission(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
