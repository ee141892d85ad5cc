from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from shared_apps.fleet.selectors import fleet_run_latest, fleet_run_status
from shared_apps.fleet.services import FleetRunInProgress, FleetStalled, fleet_run_execute, fleet_run_plan, fleet_run_resume
from shared_apps.fleet.versions import target_version


class Command(BaseCommand):
    help = "Upgrade every village's schema in waves; show a run; verify schemas; check migrations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        upgrade = sub.add_parser("upgrade", help="migrate public, then the canary, then the rest in waves")
        upgrade.add_argument("--canary", type=int, default=5, help="villages upgraded first, alone (default 5)")
        upgrade.add_argument("--wave-size", type=int, default=500, help="villages per wave (default 500)")
        upgrade.add_argument("--workers", type=int, default=2, help="parallel worker tasks per wave (default 2)")
        upgrade.add_argument("--failure-threshold", type=float, default=0.05,
                             help="share of a wave that may fail before the run stops (default 0.05)")
        upgrade.add_argument("--only", nargs="+", metavar="CODE", help="only these villages (Kemendagri codes)")
        upgrade.add_argument("--resume", action="store_true", help="finish the latest unfinished run")
        upgrade.add_argument("--stall-seconds", type=float, default=120)
        status = sub.add_parser("status", help="the latest run: progress, counts, rate, ETA, failures")
        status.add_argument("--run", type=int)
        sub.add_parser("verify", help="compare every village's schema with the template")
        sub.add_parser("check-migrations", help="flag tenant migrations likely to lock or rewrite big tables")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _upgrade(self, *, canary, wave_size, workers, failure_threshold, only, resume, stall_seconds, **_):
        if min(wave_size, workers) < 1 or canary < 0 or not 0 <= failure_threshold <= 1:
            raise CommandError("--wave-size and --workers must be ≥ 1, --canary ≥ 0, --failure-threshold in 0..1",
                               returncode=2)
        if resume:
            run = fleet_run_resume()
            if run is None:
                self.stdout.write("no unfinished run to resume")
                return
        else:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
            try:
                run = fleet_run_plan(canary=canary, wave_size=wave_size, workers=workers,
                                     failure_threshold=failure_threshold, only=only)
            except FleetRunInProgress as exc:
                raise CommandError(str(exc), returncode=2) from None
            if run is None:
                self.stdout.write(f"every village is at version {target_version()}; nothing to do")
                return
        self.stdout.write(f"run #{run.pk}: {run.villages.count()} villages to version {run.target_version}")
        try:
            run = fleet_run_execute(run, stall_seconds=stall_seconds, progress=self._progress)
        except FleetStalled as exc:
            raise CommandError(f"{exc}; start workers and run `balai fleet upgrade --resume`", returncode=1) from None
        self._print(fleet_run_status(run))
        if run.status != run.Status.COMPLETED or run.villages.filter(state="failed").exists():
            raise CommandError(f"run #{run.pk} {run.get_status_display()}" +
                               (f": {run.stop_reason}" if run.stop_reason else " with failures"), returncode=1)

    def _progress(self, run):
        status = fleet_run_status(run)
        self.stdout.write(f"\r{status.bar()}", ending="")
        self.stdout.flush()

    def _status(self, *, run=None, **_):
        from shared_apps.fleet.models import FleetRun

        found = FleetRun.objects.filter(pk=run).first() if run else fleet_run_latest()
        if found is None:
            raise CommandError("no fleet run yet" if run is None else f"no run #{run}", returncode=2)
        self._print(fleet_run_status(found))

    def _print(self, status):
        run = status.run
        self.stdout.write("")
        self.stdout.write(f"run #{run.pk} → {run.target_version}: {run.get_status_display()}"
                          + (f" ({run.stop_reason})" if run.stop_reason else ""))
        self.stdout.write(status.bar())
        self.stdout.write("  ".join(f"{state} {count}" for state, count in status.counts.items()))
        if status.rate is not None:
            eta = f", ETA {status.eta_seconds:.0f} s" if status.eta_seconds else ""
            self.stdout.write(f"rate {status.rate:.1f} villages/s{eta}")
        for code, name, error in status.failures:
            self.stdout.write(f"failed {code} {name}: {error}")

    def _verify(self, **_):
        from shared_apps.fleet.verify import fleet_verify

        report = fleet_verify()
        self.stdout.write(f"verified {report.checked} villages at {report.version}: "
                          f"{len(report.drifted)} differ from the template, {report.behind} behind")
        for code, slug in report.drifted:
            self.stdout.write(f"drift {code} {slug}")
        if report.drifted:
            raise CommandError(f"{len(report.drifted)} villages differ from the template", returncode=1)

    def _check_migrations(self, **_):
        from shared_apps.fleet.lint import risky_migrations

        findings = risky_migrations()
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(f"{len(findings)} operations may lock or rewrite a large table; see "
                               "shared_apps/fleet/README.md", returncode=1)
        self.stdout.write("no risky operations in tenant migrations")
