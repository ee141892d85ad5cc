from shared_apps.accounts.models import VillageMembership
from tenant_apps.village.models import VillageProfile


def profile_get() -> VillageProfile:
    """The current village's profile (the connection must be in its schema)."""
    return VillageProfile.objects.get()


def staff_count(*, village) -> int:
    return VillageMembership.objects.filter(village=village, is_active=True).count()
