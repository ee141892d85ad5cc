"""Fault test with a real worker: kill it mid-run, resume, and every village
ends at one version with nothing half-applied."""
import signal

from django.db import connection

from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from shared_apps.fleet.models import FleetRun, FleetRunVillage
from shared_apps.fleet.services import fleet_run_execute, fleet_run_plan, fleet_run_resume
from shared_apps.fleet.versions import schema_migrations, target_version
from tenants.models import Village
from tests.tenants.test_worker import wait_for


def _fleet_locks_held() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s", [FLEET_LOCK_CLASS])
        return cursor.fetchone()[0] > 0


def test_killed_worker_leaves_villages_whole_and_resume_finishes(committed_villages, worker, new_release):
    new_release("migrations_add_motto")
    run = fleet_run_plan(canary=0, wave_size=10, workers=1, failure_threshold=0.0)
    # Slow every village down so the worker is surely inside one when it dies.
    for version, steps in run.steps.items():
        steps[0]["sql"] = "SELECT pg_sleep(2);\n" + steps[0]["sql"]
    FleetRun.objects.filter(pk=run.pk).update(steps=run.steps)
    rows = list(run.villages.values_list("id", flat=True))
    worker.sender.send_task("fleet.upgrade_villages", kwargs={"run_id": run.pk, "row_ids": rows})

    assert wait_for(_fleet_locks_held), worker.log.read_text()  # the worker is inside a village
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait(timeout=10)

    # The dead worker's database session ends once its statement does.
    assert wait_for(lambda: not _fleet_locks_held())
    # Every village is whole: at the old version without the migration, or at the new one with it.
    for village in committed_villages.values():
        migrated = ("village", "0002_profile_motto") in schema_migrations(village.schema_name)
        assert (Village.objects.get(pk=village.pk).schema_version == target_version()) == migrated
    assert run.villages.filter(state="pending").exists()

    run = fleet_run_execute(fleet_run_resume(), poll=0.05, stall_seconds=30)  # eager: this process finishes it
    assert run.status == FleetRun.Status.COMPLETED
    assert set(run.villages.values_list("state", flat=True)) == {FleetRunVillage.State.DONE}
    for village in committed_villages.values():
        assert Village.objects.get(pk=village.pk).schema_version == target_version()
        assert ("village", "0002_profile_motto") in schema_migrations(village.schema_name)
