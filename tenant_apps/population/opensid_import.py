"""The OpenSID Excel import: plan every row in memory, then write in bulk.

``population_import`` reads what the file touches in a few queries (the
residents holding the file's NIKs or a temporary number, the file's families,
the wilayah), checks every row with the rules a single write obeys
(``resident_rules``), and only for a commit of a file without errors writes
dusun/RW/RT, families, residents and their audit entries in a few statements
(``opensid_import_write``). The rows come checked from ``opensid_excel``.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tenant_apps.population.opensid_excel import COLUMNS, ImportRow, OpenSIDFileError
from tenant_apps.population.opensid_import_plan import ImportPlan
from tenant_apps.population.opensid_import_write import import_plan_write
from tenant_apps.village.audit import audit_record


class ImportConflict(OpenSIDFileError):
    """Another session wrote the same NIK, No. KK or place while the import ran; nothing was imported."""


@dataclass
class ImportReport:
    rows: list[ImportRow]
    committed: bool

    @property
    def summary(self) -> dict[str, int]:
        outcomes = [row.outcome for row in self.rows if not row.errors]
        return {
            "rows": len(self.rows),
            "new": outcomes.count("new"),
            "updated": outcomes.count("updated"),
            "unchanged": outcomes.count("unchanged"),
            "errors": sum(1 for row in self.rows if row.errors),
            "warnings": sum(1 for row in self.rows if row.warnings),
        }


def population_import(*, actor, rows: list[ImportRow], commit: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import checked OpenSID rows (``opensid_excel.workbook_read``): all or nothing.

    Every row is planned in turn, as if the rows before it were written, and
    gets its own errors; a dry run (or a file with errors) stops there and
    changes nothing, so it reports what the commit would do, including
    new/updated/unchanged. A commit writes everything in one transaction. If
    another session wrote a conflicting NIK, No. KK or place meanwhile, the
    database's unique constraints refuse it and ``ImportConflict`` says so;
    nothing is kept.

    Re-importing the same file updates and never duplicates. A row is matched
    to an existing resident by, in order: its NIK (a living resident first);
    its temporary NIK (``0…``, as Balai exports it); and otherwise, among the
    residents that still hold a temporary NIK, by name (case-insensitive),
    birth date and No. KK. So a row without a NIK gets a temporary NIK the
    first time only, and a real NIK later replaces the temporary one.

    ``progress(done, total)`` is called every 100 rows; it must not write to
    the database (nothing written here is visible before the commit).
    """
    with transaction.atomic():
        plan = ImportPlan(rows)
        for done, row in enumerate(rows, start=1):
            if progress is not None and (done % 100 == 0 or done == len(rows)):
                progress(done, len(rows))
            if row.errors:
                continue
            try:
                plan.add(row)
            except ValidationError as exc:
                row.errors.extend(_column_messages(exc))
        if not commit or any(row.errors for row in rows):
            return ImportReport(rows=rows, committed=False)
        try:
            with transaction.atomic():
                import_plan_write(actor=actor, plan=plan)
        except IntegrityError:
            raise ImportConflict(_("Data penduduk diubah pengguna lain selama impor (NIK, nomor KK atau wilayah "
                                   "yang sama). Tidak ada yang diimpor; periksa dan impor lagi.")) from None
        report = ImportReport(rows=rows, committed=True)
        audit_record(actor=actor, action="population.import", object_type="PopulationImport", changes=report.summary)
    return report


def _column_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return exc.messages
    columns = {target.lstrip("_"): column for column, target, *_ in COLUMNS}
    return [f"{_('Kolom')} {columns.get(key, key)}: {message}"
            for key, messages in exc.message_dict.items() for message in messages]
