from tenant_apps.population.import_jobs import import_job_run, import_jobs_forget_stale_checks
from tenants.tasks import village_task


# An import of 50,000 rows is the slow case; the default 300 s is too short.
@village_task(name="population.import_file", time_limit=1800, soft_time_limit=1700)
def import_file(*, schema_name: str, job_id: int) -> str | None:
    job = import_job_run(job_id=job_id)
    return None if job is None else job.status


@village_task(name="population.import_files_sweep")
def import_files_sweep(*, schema_name: str) -> int:
    return import_jobs_forget_stale_checks()
