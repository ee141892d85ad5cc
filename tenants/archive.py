"""Per-village archives: one village's complete data as a portable zip file.

An archive (format 1) holds:

- ``tables/<table>.csv``: every table of the village schema, written by
  ``COPY (SELECT … ORDER BY <primary key>) TO STDOUT (FORMAT csv, HEADER)``
  with fixed output settings (UTC, ISO dates), so the same rows give the same bytes;
- ``media/<path>``: the village's uploaded files (its part of the default storage);
- ``manifest.json``: Balai version, schema version, the village's identity
  (code, name, slug), per table its columns, primary key, row count, SHA-256
  and identity sequence, per file its size and SHA-256, and the staff list;
- ``manifest.sig``: an HMAC of the manifest keyed by this platform's secret, so
  a restore can tell an archive it wrote from an edited or foreign one.

Export reads only the village's own tables, by name (from the schema
template), in one REPEATABLE READ, READ ONLY transaction, streaming each table
through the zip. Nothing reads the whole catalogue or another schema, so its
cost does not grow with the number of villages (unlike ``pg_dump``).
"""
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

import psycopg
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from psycopg.errors import LockNotAvailable

from shared_apps.accounts.models import VillageMembership
from shared_apps.fleet.versions import version_of
from tenants.models import Village
from tenants.provisioning.template import template_migrations, template_sql

FORMAT = "balai-village-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
# The village's own exports live in its storage too; an archive never holds older archives.
EXPORTS_PREFIX = "exports/"
CHUNK = 256 * 1024
# Session settings under which COPY writes and reads values: the same rows give
# the same bytes whatever the server's or the connection's defaults are.
COPY_SETTINGS = (
    "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; "
    "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'"
)
_CREATE_TABLE = re.compile(r'^CREATE TABLE "([a-z0-9_]+)"', re.M)

ProgressFn = Callable[[int, int, str], None]


class ArchiveError(Exception):
    """An archive that cannot be written or restored; the message says why, in Indonesian."""


def archive_tables() -> list[str]:
    """Every table of a village schema at the current version, in template order."""
    return _CREATE_TABLE.findall(template_sql())


def current_schema_version() -> str:
    return version_of(template_migrations())


def balai_version() -> str:
    return package_version("balai")


def manifest_signature(manifest_bytes: bytes) -> str:
    return salted_hmac("balai.village-archive", manifest_bytes, algorithm="sha256").hexdigest()


def manifest_signature_valid(manifest_bytes: bytes, signature: str) -> bool:
    return constant_time_compare(manifest_signature(manifest_bytes), signature.strip())


def quoted(schema_name: str, table: str) -> str:
    return f'"{schema_name}"."{table}"'


@dataclass(frozen=True)
class TableShape:
    columns: list[str]
    primary_key: str
    sequence: str | None


def table_shape(cursor, schema_name: str, table: str) -> TableShape:
    """Columns, primary key column and identity sequence of one table.

    Every lookup is by the table's oid or name (indexed catalogue access), never a scan."""
    name = quoted(schema_name, table)
    cursor.execute(f"SELECT * FROM {name} LIMIT 0")
    columns = [column.name for column in cursor.description]
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
        "WHERE i.indrelid = %s::regclass AND i.indisprimary AND i.indnatts = 1",
        [name],
    )
    row = cursor.fetchone()
    if row is None:
        raise ArchiveError(_("Tabel %(table)s tidak punya kunci primer satu kolom.") % {"table": table})
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [name, row[0]])
    return TableShape(columns=columns, primary_key=row[0], sequence=cursor.fetchone()[0])


def table_copy_out_sql(schema_name: str, table: str, shape: TableShape) -> str:
    columns = ", ".join(f'"{column}"' for column in shape.columns)
    return (f"COPY (SELECT {columns} FROM {quoted(schema_name, table)} ORDER BY \"{shape.primary_key}\") "
            "TO STDOUT (FORMAT csv, HEADER)")


def table_copy_out(cursor, sql: str, sink: Callable[[bytes], object] | None = None) -> tuple[int, str]:
    """Stream one COPY TO STDOUT into ``sink`` chunk by chunk; (rows, SHA-256 of the bytes)."""
    digest = hashlib.sha256()
    with cursor.copy(sql) as copy:
        for chunk in copy:
            digest.update(chunk)
            if sink is not None:
                sink(chunk)
    return cursor.rowcount, digest.hexdigest()


def sequence_state(cursor, sequence: str | None) -> dict | None:
    # Sequences are not transactional: read after the rows, a value is at least
    # as far as the snapshot's, so a restored village never hands out an id twice.
    if sequence is None:
        return None
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
    last_value, is_called = cursor.fetchone()
    return {"last_value": last_value, "is_called": is_called}


def media_files(village: Village) -> list[str]:
    """The village's uploaded files (its part of the default storage), older exports left out."""
    with tenant_context(village):
        found, folders = [], [""]
        while folders:
            folder = folders.pop()
            if folder and not default_storage.exists(folder):
                continue
            try:
                subfolders, files = default_storage.listdir(folder)
            except FileNotFoundError:
                continue
            folders.extend(f"{folder}{name}/" for name in subfolders)
            found.extend(f"{folder}{name}" for name in files)
        return sorted(path for path in found if not path.startswith(EXPORTS_PREFIX))


def _write_media(zip_file: ZipFile, village: Village) -> list[dict]:
    entries = []
    with tenant_context(village):
        for path in media_files(village):
            digest, size = hashlib.sha256(), 0
            with default_storage.open(path, "rb") as source, zip_file.open(f"media/{path}", "w",
                                                                           force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    target.write(chunk)
            entries.append({"path": path, "file": f"media/{path}", "size": size, "sha256": digest.hexdigest()})
    return entries


def _staff(village: Village) -> list[dict]:
    memberships = VillageMembership.objects.filter(village=village, is_active=True).select_related("user")
    return sorted(({"email": m.user.email, "role": m.role} for m in memberships), key=lambda s: s["email"])


def archive_write(*, village: Village, out: BinaryIO, progress: ProgressFn | None = None) -> dict:
    """Write ``village``'s archive to the binary file ``out`` inside the caller's
    transaction, whose view of the village must hold still (a snapshot, or locks); returns the manifest."""
    report = progress or (lambda _done, _total, _label: None)
    if village.is_public:
        raise ArchiveError(_("Skema public bukan desa."))
    if village.schema_version != current_schema_version():
        raise ArchiveError(
            _("Desa %(code)s belum diperbarui ke versi skema platform ini; jalankan "
              "`balai fleet upgrade --only %(code)s` lalu ekspor lagi.") % {"code": village.code})
    tables = archive_tables()
    entries = []
    connection.schemas_touched.add(village.schema_name)  # its catalogue is now cached here (tenants.db)
    with ZipFile(out, "w", compression=ZIP_DEFLATED, compresslevel=6) as zip_file, connection.cursor() as cursor:
        cursor.execute(COPY_SETTINGS)
        for done, table in enumerate(tables):
            report(done, len(tables), table)
            shape = table_shape(cursor, village.schema_name, table)
            with zip_file.open(f"tables/{table}.csv", "w", force_zip64=True) as target:
                rows, sha256 = table_copy_out(cursor, table_copy_out_sql(village.schema_name, table, shape),
                                              target.write)
            entries.append({
                "name": table, "file": f"tables/{table}.csv", "columns": shape.columns,
                "primary_key": shape.primary_key, "rows": rows, "sha256": sha256,
                "sequence": sequence_state(cursor, shape.sequence),
            })
        report(len(tables), len(tables), "media")
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "balai_version": balai_version(),
            "schema_version": village.schema_version, "created_at": timezone.now().isoformat(),
            "village": {"code": village.code, "name": village.name, "slug": village.slug, "plan": village.plan},
            "tables": entries, "media": _write_media(zip_file, village), "staff": _staff(village),
        }
        manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        zip_file.writestr(MANIFEST, manifest_bytes)
        zip_file.writestr(SIGNATURE, manifest_signature(manifest_bytes) + "\n")
    return manifest


def village_export(*, village: Village, out: BinaryIO, progress: ProgressFn | None = None) -> dict:
    """Write ``village``'s archive to the binary file ``out``; returns the manifest.

    Must run outside any transaction: the tables are read in one REPEATABLE
    READ, READ ONLY transaction of its own, so the archive is one consistent
    snapshot of the village (uploaded files are only ever added, never edited
    in place, so reading them alongside is consistent enough).
    """
    if connection.in_atomic_block:
        raise RuntimeError("village_export needs its own snapshot transaction; call it outside transaction.atomic().")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return archive_write(village=village, out=out, progress=progress)
    except (DatabaseError, psycopg.Error) as exc:
        if isinstance(exc, LockNotAvailable) or isinstance(exc.__cause__, LockNotAvailable):
            raise ArchiveError(_("Desa sedang diperbarui atau dipulihkan; coba ekspor lagi sebentar lagi.")) from None
        raise


def village_export_to_path(*, village: Village, path, progress: ProgressFn | None = None) -> dict:
    """``village_export`` into a file that appears only when complete (written beside it, then renamed)."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as out:
            manifest = village_export(village=village, out=out, progress=progress)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest
