"""`balai population import|export --village SLUG FILE`: OpenSID's Excel format from the shell.

A command runs in public; it finds the village there and enters it explicitly.
There is no user in a shell, so the import is audited as "system".
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from tenant_apps.population.opensid_excel import OpenSIDFileError, workbook_read
from tenant_apps.population.opensid_export import population_export_csv, population_export_xlsx
from tenant_apps.population.opensid_import import population_import
from tenants.models import Village


class Command(BaseCommand):
    help = "Population registry in OpenSID's 43-column Excel format: import (dry run unless --commit) and export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Check an OpenSID .xlsx file; with --commit, import it all or nothing.")
        load.add_argument("--village", required=True, help="the village's slug")
        load.add_argument("--commit", action="store_true", help="import (default: report only, change nothing)")
        load.add_argument("path", type=Path)
        dump = sub.add_parser("export", help="Write every resident to FILE.xlsx or FILE.csv.")
        dump.add_argument("--village", required=True, help="the village's slug")
        dump.add_argument("path", type=Path)

    def handle(self, *args, action, village, path, **options):
        found = Village.objects.filter(slug=village, status__in=[Village.Status.ACTIVE, Village.Status.SUSPENDED]).first()
        if found is None:
            raise CommandError(f"no village in service with slug {village!r}", returncode=2)
        with tenant_context(found):
            getattr(self, f"_{action}")(path=path, **options)

    def _import(self, *, path: Path, commit: bool, **_):
        try:
            with path.open("rb") as file:
                rows = workbook_read(file)
        except FileNotFoundError:
            raise CommandError(f"no such file: {path}", returncode=2) from None
        except OpenSIDFileError as exc:
            raise CommandError(exc.message, returncode=1) from None
        try:
            report = population_import(actor=None, rows=rows, commit=commit)
        except OpenSIDFileError as exc:  # another session wrote the same NIK, No. KK or place meanwhile
            raise CommandError(exc.message, returncode=1) from None
        for row in rows:
            for error in row.errors:
                self.stdout.write(f"baris {row.line}: KESALAHAN: {error}")
            for warning in row.warnings:
                self.stdout.write(f"baris {row.line}: peringatan: {warning}")
        self.stdout.write(", ".join(f"{key} {value}" for key, value in report.summary.items()))
        if report.summary["errors"]:
            raise CommandError("nothing imported: the file has errors", returncode=1)
        self.stdout.write("imported" if report.committed else "dry run: nothing changed (add --commit to import)")

    def _export(self, *, path: Path, **_):
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8", newline="") as stream:
                count = population_export_csv(stream)
        elif path.suffix.lower() == ".xlsx":
            with path.open("wb") as stream:
                count = population_export_xlsx(stream)
        else:
            raise CommandError("FILE must end in .xlsx or .csv", returncode=2)
        self.stdout.write(f"exported {count} residents to {path}")
