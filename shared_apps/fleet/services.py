"""Fleet upgrade runs: plan, execute in waves over Celery workers, resume."""
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from shared_apps.fleet.models import FleetRun, FleetRunVillage
from shared_apps.fleet.render import render_steps
from shared_apps.fleet.versions import target_version, villages_census
from tenants.models import Village

State = FleetRunVillage.State
SERVED = (Village.Status.ACTIVE, Village.Status.SUSPENDED)


class FleetRunInProgress(Exception):
    def __init__(self, run: FleetRun):
        self.run = run
        super().__init__(f"run #{run.pk} is still running; finish it with `balai fleet upgrade --resume`")


class FleetStalled(Exception):
    """No village finished for too long: workers gone? The run can be resumed."""


def fleet_run_plan(
    *, canary: int, wave_size: int, workers: int, failure_threshold: float, only: list[str] | None = None,
    target: str | None = None,
) -> FleetRun | None:
    """Plan a run for every served village behind the code (None when none is).

    The public schema must already be migrated. SQL is rendered once per
    starting version, inside one village at that version.
    """
    running = FleetRun.objects.filter(status=FleetRun.Status.RUNNING).first()
    if running is not None:
        raise FleetRunInProgress(running)
    villages_census()
    target = target or target_version()
    behind = Village.objects.villages().filter(status__in=SERVED).exclude(schema_version=target).order_by("id")
    if only:
        behind = behind.filter(code__in=only)
    behind = list(behind.values_list("id", "schema_name", "schema_version"))
    if not behind:
        return None
    steps: dict[str, list] = {}
    for _id, schema_name, version in behind:
        if version not in steps:
            steps[version] = [step.as_json() for step in render_steps(schema_name)]
    try:
        with transaction.atomic():
            run = FleetRun.objects.create(
                target_version=target, steps=steps, canary=min(canary, len(behind)), wave_size=wave_size,
                workers=workers, failure_threshold=failure_threshold,
            )
            FleetRunVillage.objects.bulk_create(
                FleetRunVillage(run=run, village_id=village_id, from_version=version,
                                wave=0 if index < run.canary else 1 + (index - run.canary) // wave_size)
                for index, (village_id, _schema, version) in enumerate(behind)
            )
    except IntegrityError:
        raise FleetRunInProgress(FleetRun.objects.get(status=FleetRun.Status.RUNNING)) from None
    return run


def fleet_run_resume() -> FleetRun | None:
    """Take up the latest unfinished run: villages left 'running' by a crash are
    done if their version says so, else pending again; failed ones are retried."""
    run = FleetRun.objects.exclude(status=FleetRun.Status.COMPLETED).order_by("-id").first()
    if run is None:
        return None
    with transaction.atomic():
        rows = run.villages.filter(state__in=[State.RUNNING, State.FAILED])
        rows.filter(village__schema_version=run.target_version).update(state=State.DONE, finished_at=timezone.now())
        rows.exclude(village__schema_version=run.target_version).update(state=State.PENDING, attempts=0)
        FleetRun.objects.filter(pk=run.pk).update(status=FleetRun.Status.RUNNING, stop_reason="", finished_at=None)
    run.refresh_from_db()
    return run


def _wait_for_wave(run: FleetRun, wave: int, *, stall_seconds: float, poll: float, progress) -> None:
    last_done, last_change = -1, time.monotonic()
    while True:
        counts = dict(run.villages.filter(wave=wave).values_list("state").annotate(n=Count("id")))
        finished = counts.get(State.DONE, 0) + counts.get(State.FAILED, 0)
        if progress:
            progress(run)
        if not counts.get(State.PENDING) and not counts.get(State.RUNNING):
            return
        if finished != last_done:
            last_done, last_change = finished, time.monotonic()
        elif time.monotonic() - last_change > stall_seconds:
            raise FleetStalled(f"wave {wave} made no progress for {stall_seconds:.0f} s")
        time.sleep(poll)


def fleet_run_execute(
    run: FleetRun, *, stall_seconds: float = 120, poll: float = 0.5, progress: Callable[[FleetRun], None] | None = None,
    inline: bool = False,
) -> FleetRun:
    """Send each wave's villages to the workers and wait for it; stop the run
    when the canary fails at all or a wave fails beyond the threshold.
    ``inline`` runs the batches in this process instead (``balai migrate``)."""
    from shared_apps.fleet.tasks import upgrade_villages

    waves = sorted(set(run.villages.filter(state=State.PENDING).values_list("wave", flat=True)))
    for wave in waves:
        pending = list(run.villages.filter(wave=wave, state=State.PENDING).values_list("id", flat=True))
        for start in range(run.workers):
            batch = pending[start::run.workers]
            if batch:
                send = upgrade_villages.apply if inline else upgrade_villages.apply_async
                send(kwargs={"run_id": run.pk, "row_ids": batch})
        _wait_for_wave(run, wave, stall_seconds=stall_seconds, poll=poll, progress=progress)
        counts = run.villages.filter(wave=wave).aggregate(total=Count("id"), failed=Count("id", filter=Q(state=State.FAILED)))
        allowed = 0 if wave == 0 and run.canary else run.failure_threshold * counts["total"]
        if counts["failed"] > allowed:
            label = "the canary" if wave == 0 and run.canary else f"wave {wave}"
            return _finish(run, FleetRun.Status.STOPPED,
                           f"{label} failed in {counts['failed']} of {counts['total']} villages")
    return _finish(run, FleetRun.Status.COMPLETED, "")


def _finish(run: FleetRun, status: str, reason: str) -> FleetRun:
    FleetRun.objects.filter(pk=run.pk).update(status=status, stop_reason=reason, finished_at=timezone.now())
    run.refresh_from_db()
    return run
