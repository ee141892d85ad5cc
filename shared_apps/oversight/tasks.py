"""The scheduled and on-demand rollup refresh (CELERY_BEAT_SCHEDULE in settings)."""
from celery import shared_task

from shared_apps.oversight.models import RollupRun
from shared_apps.oversight.refresh import RefreshBusy, rollup_refresh


@shared_task(name="oversight.refresh_rollups", acks_late=True, time_limit=3600, soft_time_limit=3500)
def refresh_rollups(*, run_id: int | None = None, everything: bool = False) -> int | None:
    """Refresh changed villages (or all). Returns the run's id; None when another refresh runs,
    which will have picked up the same changes or leaves them for the next run."""
    run = RollupRun.objects.filter(pk=run_id).first() if run_id is not None else None
    if run_id is not None and run is None:
        return None
    try:
        return rollup_refresh(everything=everything, run=run).pk
    except RefreshBusy:
        if run is not None:
            RollupRun.objects.filter(pk=run.pk, status=RollupRun.Status.QUEUED).update(
                status=RollupRun.Status.FAILED, error="pembaruan lain sedang berjalan")
        return None
