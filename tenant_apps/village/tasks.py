from tenant_apps.village.services import profile_refresh_region_names
from tenants.tasks import village_task


@village_task(name="village.profile_refresh_region_names")
def refresh_region_names(*, schema_name: str) -> bool:
    return profile_refresh_region_names()
