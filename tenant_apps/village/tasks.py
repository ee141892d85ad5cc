from tenant_apps.village.exports import data_export_run, data_exports_forget_expired
from tenant_apps.village.services import profile_refresh_region_names
from tenants.tasks import village_task


@village_task(name="village.profile_refresh_region_names")
def refresh_region_names(*, schema_name: str) -> bool:
    return profile_refresh_region_names()


# A large village's archive takes minutes, not the default five.
@village_task(name="village.data_export", time_limit=1800, soft_time_limit=1700)
def data_export(*, schema_name: str, export_id: int) -> str | None:
    export = data_export_run(export_id=export_id)
    return None if export is None else export.status


# Sent to every village by the schedule (tenants.every_village): archives past their time leave the disk.
@village_task(name="village.data_exports_forget_expired")
def forget_expired_exports(*, schema_name: str) -> int:
    return data_exports_forget_expired()
