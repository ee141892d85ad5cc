"""Refreshing the rollups: which villages, in what order, with what progress.

A refresh is one ``RollupRun``. It rolls up, each in its own transaction, the
villages that changed since their last rollup (``changes.rollup_mark_changed``),
that changed status, or that were never rolled up — or every village with
``everything`` (nightly, since people's age bands move with the calendar).
Finding the changed villages reads public only, never a village schema.
Then it recomputes the regions above them in one transaction.
"""
import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from config.observability import scrub_text
from shared_apps.oversight import rollup
from shared_apps.oversight.models import RollupCell, RollupRun, RollupState, VillageChange
from tenants.db.base import recycle_if_bloated
from tenants.models import Village

PROGRESS_EVERY = 25  # villages between progress writes
VILLAGES_PER_WORKER = 50  # fewer villages than this per thread are not worth a connection
# A run still "running" after this long died with its worker; another may start.
STALE_AFTER = datetime.timedelta(hours=2)


class RefreshBusy(Exception):
    """Another refresh is running."""


def villages_to_refresh(*, everything: bool) -> list[Village]:
    """Villages whose figures are stale, in code order. One query on public tables."""
    villages = Village.objects.villages().exclude(status=Village.Status.PROVISIONING)
    if not everything:
        rolled_in_this_status = RollupState.objects.filter(village=OuterRef("pk"), status=OuterRef("status"))
        villages = villages.filter(~Exists(rolled_in_this_status) | Exists(VillageChange.objects.filter(village=OuterRef("pk"))))
    return list(villages.order_by("code"))


@transaction.atomic
def village_refresh(village: Village, *, today: datetime.date) -> None:
    """Replace one village's rows; delete exactly the change marks seen before reading its data."""
    with connection.cursor() as cursor:
        # A rollup can always be redone: a crash may lose the last few (their
        # marks come back with them), never half of one.
        cursor.execute("SET LOCAL synchronous_commit = off")
    marks = list(VillageChange.objects.filter(village=village).values_list("pk", flat=True))
    rollup.village_cells_delete(village.code)
    if village.status in rollup.COUNTED_STATUSES:
        rollup.village_cells_insert(village, today=today)
    VillageChange.objects.filter(pk__in=marks).delete()
    RollupState.objects.bulk_create(
        [RollupState(village=village, status=village.status, refreshed_at=timezone.now())],
        update_conflicts=True, unique_fields=["village"], update_fields=["status", "refreshed_at"])


def _start(run: RollupRun | None, everything: bool, actor) -> RollupRun:
    RollupRun.objects.filter(status=RollupRun.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER).update(
        status=RollupRun.Status.FAILED, error="berhenti sebelum selesai", finished_at=timezone.now())
    try:
        with transaction.atomic():
            if run is None:
                return RollupRun.objects.create(everything=everything, requested_by=actor,
                                                status=RollupRun.Status.RUNNING, started_at=timezone.now())
            claimed = RollupRun.objects.filter(pk=run.pk, status=RollupRun.Status.QUEUED).update(
                status=RollupRun.Status.RUNNING, started_at=timezone.now())
    except IntegrityError:
        raise RefreshBusy from None
    if not claimed:
        raise RefreshBusy  # already taken by another worker (a redelivered message)
    run.refresh_from_db()
    return run


class _Progress:
    """Villages done across the refresh's threads: the run's row, and the caller's callback."""

    def __init__(self, run: RollupRun, total: int, callback: Callable[[int, int], None] | None):
        self.run, self.total, self.callback = run, total, callback
        self.done = 0
        self.lock = threading.Lock()

    def add(self, count: int) -> None:
        with self.lock:
            self.done += count
            RollupRun.objects.filter(pk=self.run.pk).update(done=self.done)
            if self.callback is not None:
                self.callback(self.done, self.total)


def _refresh_villages(villages: list[Village], *, today: datetime.date, progress: _Progress,
                      own_connection: bool) -> list[str]:
    """Roll up ``villages`` one by one; returns the codes that failed (their marks stay for the next run)."""
    failed, pending = [], 0
    try:
        for village in villages:
            try:
                village_refresh(village, today=today)
            except DatabaseError:
                failed.append(village.code)
            recycle_if_bloated(connection)  # ~2.5 MB of catalogue per village schema entered
            pending += 1
            if pending == PROGRESS_EVERY:
                progress.add(pending)
                pending = 0
        if pending:
            progress.add(pending)
    finally:
        if own_connection:
            connection.close()  # a thread's connection is not Django's to close at request end
    return failed


def rollup_refresh(*, everything: bool = False, run: RollupRun | None = None, actor=None,
                   progress: Callable[[int, int], None] | None = None, workers: int | None = None) -> RollupRun:
    """Run a refresh (a queued ``run``, or a new one). Raises ``RefreshBusy`` if one is running.

    Villages are rolled up by ``workers`` threads (BALAI_OVERSIGHT_REFRESH_WORKERS),
    each with its own connection, when there are at least ``VILLAGES_PER_WORKER``
    villages per thread: the work is in PostgreSQL, which uses a core per connection.
    """
    connection.set_schema_to_public()
    run = _start(run, everything or (run is not None and run.everything), actor)
    today = timezone.localdate()
    try:
        villages = villages_to_refresh(everything=run.everything)
        run.total = len(villages)
        run.save(update_fields=["total"])
        tracker = _Progress(run, len(villages), progress)
        threads = max(1, min(workers or settings.BALAI_OVERSIGHT_REFRESH_WORKERS, len(villages) // VILLAGES_PER_WORKER))
        if threads == 1:
            failed = _refresh_villages(villages, today=today, progress=tracker, own_connection=False)
        else:
            with ThreadPoolExecutor(threads) as pool:
                slices = pool.map(lambda part: _refresh_villages(part, today=today, progress=tracker,
                                                                 own_connection=True),
                                  [villages[index::threads] for index in range(threads)])
                failed = [code for part in slices for code in part]
        with transaction.atomic():
            if run.everything or not RollupCell.objects.filter(metric=rollup.LISTED).exists():
                rollup.orphan_cells_delete()
                rollup.regions_recompute_all()
            elif villages:
                rollup.regions_recompute_above({village.code[:8] for village in villages})
    except Exception as exc:
        RollupRun.objects.filter(pk=run.pk).update(status=RollupRun.Status.FAILED, finished_at=timezone.now(),
                                                   error=scrub_text(str(exc).splitlines()[0] if str(exc) else
                                                                    type(exc).__name__))
        raise
    RollupRun.objects.filter(pk=run.pk).update(
        status=RollupRun.Status.DONE, done=run.total, finished_at=timezone.now(),
        error=f"{len(failed)} desa gagal: {', '.join(sorted(failed)[:20])}" if failed else "")
    run.refresh_from_db()
    return run
