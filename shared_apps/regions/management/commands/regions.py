from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shared_apps.regions.services import SAMPLE_PATH, RegionFileError, regions_load


class Command(BaseCommand):
    help = "Kemendagri region list: `balai regions load PATH` (or --sample for the demo's small list)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load or re-load regions from a kode,nama,tingkat CSV file.")
        source = load.add_mutually_exclusive_group(required=True)
        source.add_argument("path", nargs="?", type=Path)
        source.add_argument("--sample", action="store_true", help="the demo's hand-made sample shipped with Balai")

    def handle(self, *args, action, path=None, sample=False, **options):
        try:
            report = regions_load(path=SAMPLE_PATH if sample else path)
        except RegionFileError as exc:
            for error in exc.errors[1:]:
                self.stderr.write(error)
            raise CommandError(f"nothing loaded: {exc.errors[0]}", returncode=2) from None
        self.stdout.write(f"regions: {report.added} added, {report.changed} changed, {report.unchanged} unchanged")
