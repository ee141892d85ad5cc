from django.db import transaction

from shared_apps.regions.models import Region
from shared_apps.regions.selectors import region_ancestry
from tenant_apps.village.models import VillageProfile


@transaction.atomic
def profile_initialize(*, village, ancestry: dict[str, Region]) -> VillageProfile:
    """The profile row of a new village; call inside that village's schema."""
    return VillageProfile.objects.create(
        code=village.code,
        name=village.name,
        kecamatan=ancestry[Region.Level.KECAMATAN].name,
        kabupaten=ancestry[Region.Level.KABUPATEN_KOTA].name,
        provinsi=ancestry[Region.Level.PROVINSI].name,
    )


@transaction.atomic
def profile_refresh_region_names() -> bool:
    """Copy the current region names (after a region list re-load) into the
    profile's snapshot. Call inside the village's schema; returns whether anything changed."""
    profile = VillageProfile.objects.select_for_update().get()
    region = Region.objects.filter(code=profile.code).first()
    if region is None:
        return False
    ancestry = region_ancestry(region)
    names = {
        "kecamatan": ancestry[Region.Level.KECAMATAN].name,
        "kabupaten": ancestry[Region.Level.KABUPATEN_KOTA].name,
        "provinsi": ancestry[Region.Level.PROVINSI].name,
    }
    return VillageProfile.objects.filter(pk=profile.pk).exclude(**names).update(**names) == 1


@transaction.atomic
def profile_reidentify(*, village, ancestry: dict[str, Region]) -> None:
    """Give the profile ``village``'s identity (a village restored under a new
    code from another village's archive). Call inside that village's schema."""
    VillageProfile.objects.update(
        code=village.code, name=village.name,
        kecamatan=ancestry[Region.Level.KECAMATAN].name,
        kabupaten=ancestry[Region.Level.KABUPATEN_KOTA].name,
        provinsi=ancestry[Region.Level.PROVINSI].name,
    )
