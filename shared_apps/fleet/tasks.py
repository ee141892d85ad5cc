"""The fleet worker task. It crosses villages on purpose, one at a time and only
through shared_apps.fleet.apply, which enters each village explicitly."""
import time

from celery import shared_task
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from config.observability import scrub_text
from shared_apps.fleet.apply import (
    VillageBusy, VillageNotAtExpectedVersion, village_upgrade_rendered, village_upgrade_with_executor,
)
from shared_apps.fleet.models import FleetRun, FleetRunVillage
from shared_apps.fleet.render import MigrationStep
from tenants.db.base import recycle_if_bloated

State = FleetRunVillage.State
MAX_ATTEMPTS = 3
BACKOFF_SECONDS = 0.25
LOCK_TIMEOUT_MS = 2000
STATUS_CHECK_EVERY = 25  # villages between looks at whether the run was stopped


def _describe(exc: Exception) -> str:
    """The database's primary message only: its DETAIL lines quote row values
    (a resident's name in a failing row), which must not reach the control plane."""
    lines = str(exc).strip().splitlines()
    return scrub_text(lines[0] if lines else type(exc).__name__)


def _upgrade_one(run: FleetRun, row: FleetRunVillage) -> None:
    steps = [MigrationStep(**step) for step in run.steps[row.from_version]]
    arguments = {
        "village_id": row.village_id, "schema_name": row.village.schema_name, "expected_version": row.from_version,
        "target_version": run.target_version, "lock_timeout_ms": LOCK_TIMEOUT_MS,
    }
    if all(step.sql is not None for step in steps):
        village_upgrade_rendered(steps=steps, **arguments)
    else:
        village_upgrade_with_executor(**arguments)


@shared_task(name="fleet.upgrade_villages", acks_late=True, time_limit=3600, soft_time_limit=3500)
def upgrade_villages(*, run_id: int, row_ids: list[int]) -> dict:
    """Upgrade the given villages of a run, each in its own transaction.

    The village's row in the run is marked done inside the same transaction
    as its migration, by a state-guarded UPDATE (pending → done): one commit
    per village, and a redelivered message never applies a village twice.
    Failures are retried with backoff, then recorded (scrubbed) and the batch
    goes on.
    """
    connection.set_schema_to_public()
    run = FleetRun.objects.get(pk=run_id)
    rows = FleetRunVillage.objects.select_related("village").filter(pk__in=row_ids).order_by("pk")
    outcome = {"done": 0, "failed": 0, "skipped": 0}
    for index, row in enumerate(rows):
        if index % STATUS_CHECK_EVERY == 0:
            run.refresh_from_db(fields=["status"])
            if run.status != FleetRun.Status.RUNNING:
                break
        started_at, error, claimed = timezone.now(), "", True
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    claimed = bool(FleetRunVillage.objects.filter(pk=row.pk, state=State.PENDING).update(
                        state=State.DONE, attempts=attempt, started_at=started_at, finished_at=timezone.now()))
                    if claimed:
                        _upgrade_one(run, row)
                error = ""
                break
            except VillageNotAtExpectedVersion as exc:
                error = f"village not at the planned version: {exc}"
                break  # retrying cannot help
            except (VillageBusy, DatabaseError, NotImplementedError) as exc:
                error = "another run holds this village" if isinstance(exc, VillageBusy) else _describe(exc)
                if attempt < MAX_ATTEMPTS:
                    time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        if error:
            FleetRunVillage.objects.filter(pk=row.pk, state=State.PENDING).update(
                state=State.FAILED, attempts=attempt, error=error[:2000], started_at=started_at,
                finished_at=timezone.now(),
            )
        outcome["skipped" if not claimed else "failed" if error else "done"] += 1
        recycle_if_bloated(connection)
    return outcome
