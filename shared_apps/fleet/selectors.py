from dataclasses import dataclass

from django.db.models import Count, Max, Min
from django.utils import timezone

from shared_apps.fleet.models import FleetRun, FleetRunVillage

State = FleetRunVillage.State


@dataclass(frozen=True)
class RunStatus:
    run: FleetRun
    counts: dict[str, int]
    total: int
    finished: int
    rate: float | None  # villages per second
    eta_seconds: float | None
    failures: list[tuple[str, str, str]]  # (code, name, error)

    def bar(self, width: int = 30) -> str:
        filled = round(width * self.finished / self.total) if self.total else width
        return "[" + "#" * filled + "." * (width - filled) + f"] {self.finished}/{self.total}"


def fleet_run_latest() -> FleetRun | None:
    return FleetRun.objects.order_by("-id").first()


def fleet_run_status(run: FleetRun) -> RunStatus:
    rows = run.villages.all()
    counts = {state: 0 for state in State.values}
    counts.update(dict(rows.values_list("state").annotate(n=Count("id"))))
    total = sum(counts.values())
    finished = counts[State.DONE] + counts[State.FAILED]
    span = rows.exclude(finished_at=None).aggregate(first=Min("started_at"), last=Max("finished_at"))
    rate = eta = None
    if finished and span["first"]:
        end = span["last"] if run.status != FleetRun.Status.RUNNING else timezone.now()
        elapsed = max((end - span["first"]).total_seconds(), 1e-3)
        rate = finished / elapsed
        eta = (total - finished) / rate if run.status == FleetRun.Status.RUNNING else 0.0
    failures = list(
        rows.filter(state=State.FAILED).order_by("village__code").values_list("village__code", "village__name", "error")
    )
    return RunStatus(run=run, counts=counts, total=total, finished=finished, rate=rate, eta_seconds=eta, failures=failures)
