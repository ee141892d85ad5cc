"""Loading the Kemendagri region list (``kode,nama,tingkat`` CSV)."""
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from shared_apps.regions.models import Region

CODE_PATTERNS = {
    Region.Level.PROVINSI: re.compile(r"\d{2}"),
    Region.Level.KABUPATEN_KOTA: re.compile(r"\d{2}\.\d{2}"),
    Region.Level.KECAMATAN: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    Region.Level.DESA_KELURAHAN: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
HEADER = ["kode", "nama", "tingkat"]
# The demo's hand-made sample (the full list is ../shared/data/wilayah.csv).
SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "sample.csv"
MAX_REPORTED_ERRORS = 20


class RegionFileError(Exception):
    """The file cannot be loaded; ``errors`` says where and why. Nothing was written."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(errors[0] if errors else "invalid region file")


@dataclass(frozen=True)
class RegionLoadReport:
    added: int
    changed: int
    unchanged: int


def _parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _read_rows(path: Path) -> list[tuple[str, str, str]]:
    errors: list[str] = []
    rows: dict[str, tuple[str, str, str]] = {}
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise RegionFileError([f"cannot open {path}: {exc.strerror}"]) from None
    with handle:
        reader = csv.reader(handle)
        header = [cell.strip().lower() for cell in next(reader, [])]
        if header != HEADER:
            raise RegionFileError([f"line 1: header must be {','.join(HEADER)}, got {','.join(header) or 'nothing'}"])
        for line, record in enumerate(reader, start=2):
            if not record or all(not cell.strip() for cell in record):
                continue
            if len(record) != 3:
                errors.append(f"line {line}: expected 3 columns, got {len(record)}")
                continue
            code, name, level = (cell.strip() for cell in record)
            pattern = CODE_PATTERNS.get(level)
            if pattern is None:
                errors.append(f"line {line}: unknown tingkat {level!r}")
            elif not pattern.fullmatch(code):
                errors.append(f"line {line}: code {code!r} is not a valid {level} code")
            elif not name:
                errors.append(f"line {line}: nama is empty")
            elif len(name) > Region._meta.get_field("name").max_length:
                errors.append(f"line {line}: nama is longer than 120 characters")
            elif code in rows:
                errors.append(f"line {line}: code {code} appears twice")
            else:
                rows[code] = (code, name, level)
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
    if not errors:
        known = set(rows) | set(
            Region.objects.filter(code__in={_parent_code(c) for c in rows} - set(rows) - {None})
            .values_list("code", flat=True)
        )
        for code in rows:
            parent = _parent_code(code)
            if parent is not None and parent not in known:
                errors.append(f"code {code}: parent {parent} is neither in the file nor loaded")
                if len(errors) >= MAX_REPORTED_ERRORS:
                    break
    if errors:
        raise RegionFileError(errors)
    return list(rows.values())


@transaction.atomic
def regions_load(*, path: Path) -> RegionLoadReport:
    """Upsert every region in the file; regions missing from it are kept.

    Validates the whole file first and writes nothing if any line is bad.
    Bulk path: COPY into a temporary table, then set-based SQL, so the full
    list (~92k rows) loads in seconds and a re-load changes nothing.
    """
    rows = _read_rows(path)
    table = Region._meta.db_table
    with connection.cursor() as cursor:
        # Dropped at commit; dropped here too for a second load in one transaction.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.region_load")
        cursor.execute(
            "CREATE TEMPORARY TABLE region_load (code varchar(13) PRIMARY KEY, name varchar(120), "
            "level varchar(20), parent_code varchar(13)) ON COMMIT DROP"
        )
        with cursor.copy("COPY region_load (code, name, level, parent_code) FROM STDIN") as copy:
            for code, name, level in rows:
                copy.write_row((code, name, level, _parent_code(code)))
        cursor.execute(
            f"""SELECT count(*) FILTER (WHERE r.id IS NULL),
                       count(*) FILTER (WHERE r.id IS NOT NULL AND (r.name, r.level) IS DISTINCT FROM (l.name, l.level)),
                       count(*) FILTER (WHERE r.id IS NOT NULL AND (r.name, r.level) = (l.name, l.level))
                FROM region_load l LEFT JOIN {table} r ON r.code = l.code"""
        )
        added, changed, unchanged = cursor.fetchone()
        cursor.execute(
            f"""INSERT INTO {table} (code, name, level)
                SELECT code, name, level FROM region_load ORDER BY code
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level
                WHERE ({table}.name, {table}.level) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level)"""
        )
        cursor.execute(
            f"""UPDATE {table} child SET parent_id = parent.id
                FROM region_load l JOIN {table} parent ON parent.code = l.parent_code
                WHERE child.code = l.code AND child.parent_id IS DISTINCT FROM parent.id"""
        )
    if added or changed:
        with connection.cursor() as cursor:
            # Fresh statistics at once, so signup's name search plans with its trigram index.
            cursor.execute(f"ANALYZE {table}")
        from tenant_apps.population.nik import kecamatan_exists_forget

        transaction.on_commit(kecamatan_exists_forget)
    return RegionLoadReport(added=added, changed=changed, unchanged=unchanged)
