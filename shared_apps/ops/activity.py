from django.utils import timezone

from shared_apps.ops.models import VillageActivity


def village_activity_touch(*, village) -> None:
    """Remember that village staff signed in now: one upsert, no read."""
    VillageActivity.objects.bulk_create(
        [VillageActivity(village=village, last_staff_login_at=timezone.now())],
        update_conflicts=True, unique_fields=["village"], update_fields=["last_staff_login_at"],
    )
