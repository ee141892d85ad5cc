from shared_apps.accounts.models import VillageMembership
from tenant_apps.village.models import AuditEntry, VillageProfile


def profile_get() -> VillageProfile:
    """The current village's profile (the connection must be in its schema)."""
    return VillageProfile.objects.get()


def staff_count(*, village) -> int:
    return VillageMembership.objects.filter(village=village, is_active=True).count()


SUPPORT_ACTIONS = ("support.start", "support.end")


def audit_entries(*, support_only: bool = False):
    """The current village's audit rows, newest first."""
    entries = AuditEntry.objects.order_by("-created_at", "-id")
    return entries.filter(action__in=SUPPORT_ACTIONS) if support_only else entries
