from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from shared_apps.fleet.services import FleetRunInProgress, fleet_run_execute, fleet_run_plan
from tenants.services import platform_ensure_public_tenant


class Command(MigrateSchemasCommand):
    """Migrate the platform and leave it ready to serve.

    Without --schema/--tenant: the public schema with Django's executor, the
    control plane's tenant and domain, then every village behind through the
    fleet runner in this process (one transaction per village; the cost does
    not grow with the catalogue). `balai fleet upgrade` does the same in
    waves over Celery workers, with canaries, for production.
    `--schema X` / `--tenant` keep django-tenants' own behaviour.
    """

    def handle(self, *args, **options):
        whole_platform = not (options.get("schema_name") or options.get("tenant"))
        if whole_platform:
            options["shared"] = True
        super().handle(*args, **options)
        if not self.sync_public:
            return
        public = platform_ensure_public_tenant()
        verbose = options.get("verbosity", 1) >= 1
        if verbose:
            self.stdout.write(f"control plane served on {public.domains.get(is_primary=True).domain}")
        if whole_platform:
            self._upgrade_villages(verbose)

    def _upgrade_villages(self, verbose: bool) -> None:
        try:
            run = fleet_run_plan(canary=0, wave_size=1000, workers=1, failure_threshold=1.0)
        except FleetRunInProgress as exc:
            self.stderr.write(f"villages not migrated: {exc}")
            return
        if run is None:
            return
        run = fleet_run_execute(run, inline=True)
        failed = run.villages.filter(state="failed").count()
        if verbose or failed:
            self.stdout.write(f"villages upgraded: {run.villages.filter(state='done').count()}, failed: {failed}"
                              + (" (see `balai fleet status`)" if failed else ""))
