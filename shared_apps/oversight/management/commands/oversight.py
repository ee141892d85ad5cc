from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shared_apps.oversight.refresh import RefreshBusy, rollup_refresh
from shared_apps.oversight.services import official_create


class Command(BaseCommand):
    help = "Regional oversight: officials and the rollups they read."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        official = sub.add_parser("official", help="Regional officials.")
        official_sub = official.add_subparsers(dest="official_action", required=True)
        create = official_sub.add_parser("create", help="Create an official scoped to one region.")
        create.add_argument("--email", required=True)
        create.add_argument("--password", required=True)
        create.add_argument("--region", required=True, help="kecamatan, kabupaten/kota or provinsi code, e.g. 52.01")
        refresh = sub.add_parser("refresh", help="Roll up villages whose data changed (or all of them).")
        refresh.add_argument("--all", action="store_true", dest="everything", help="every village, changed or not")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _official(self, *, email, password, region, **_):
        try:
            official = official_create(email=email, password=password, region_code=region)
        except ValidationError as exc:
            line = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
            raise CommandError(line, returncode=2) from None
        self.stdout.write(f"created official {official.user.email} for {official.region.code} {official.region.name}")

    def _refresh(self, *, everything, **_):
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"… {done}/{total} villages")

        try:
            run = rollup_refresh(everything=everything, progress=progress)
        except RefreshBusy:
            raise CommandError("another refresh is running; try again when it has finished", returncode=1) from None
        took = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(f"refreshed {run.total} villages and their regions in {took:.1f} s"
                          + (f" ({run.error})" if run.error else ""))
