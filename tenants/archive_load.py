"""Reading a village archive back: its checked manifest, and its rows and files
loaded into a schema and verified. ``tenants.restore`` decides where they go."""
import contextlib
import hashlib
import json
import re
import tempfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath
from zipfile import BadZipFile, ZipFile

import psycopg
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from psycopg.errors import LockNotAvailable

from shared_apps.accounts.roles import Role
from shared_apps.fleet.versions import version_of
from tenants.archive import (
    CHUNK, COPY_SETTINGS, EXPORTS_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE, ArchiveError, TableShape,
    archive_tables, current_schema_version, manifest_signature_valid, quoted, table_copy_out, table_copy_out_sql,
    table_shape,
)
from tenants.archive_upgrade import archive_migrations, tables_at
from tenants.models import Village

ProgressFn = Callable[[int, int, str], None]
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _broken(detail: str) -> ArchiveError:
    return ArchiveError(_("Manifest arsip rusak: %(detail)s.") % {"detail": detail})


def _check_tables(manifest: dict, names: set[str], expected: list[str]) -> None:
    tables = manifest["tables"]
    if sorted(t["name"] for t in tables) != sorted(expected):
        raise _broken(_("daftar tabel tidak sama dengan skema desa"))
    for table in tables:
        columns, sequence = table["columns"], table["sequence"]
        if (table["file"] != f"tables/{table['name']}.csv" or table["file"] not in names
                or not isinstance(table["rows"], int) or table["rows"] < 0 or not _SHA256.fullmatch(table["sha256"])
                or not all(isinstance(c, str) for c in columns) or table["primary_key"] not in columns
                or not (sequence is None or (isinstance(sequence["last_value"], int)
                                             and isinstance(sequence["is_called"], bool)))):
            raise _broken(_("tabel %(table)s") % {"table": table["name"]})


def _check_media(manifest: dict, names: set[str]) -> None:
    for entry in manifest["media"]:
        path = PurePosixPath(entry["path"])
        if (path.is_absolute() or ".." in path.parts or entry["path"].startswith(EXPORTS_PREFIX)
                or entry["file"] != f"media/{entry['path']}" or entry["file"] not in names
                or not isinstance(entry["size"], int) or not _SHA256.fullmatch(entry["sha256"])):
            raise _broken(_("berkas %(path)s") % {"path": entry["path"]})


def archive_manifest_read(zip_file: ZipFile, *, allow_foreign: bool = False, accept_older: bool = False) -> dict:
    """The checked manifest of an open archive, or ``ArchiveError`` saying what is wrong.

    An archive of an older schema version is refused unless ``accept_older``
    (a restore into a new village, which upgrades it: ``tenants.archive_upgrade``)."""
    names = set(zip_file.namelist())
    if MANIFEST not in names or SIGNATURE not in names:
        raise ArchiveError(_("Berkas ini bukan arsip desa Balai (tidak ada manifest)."))
    manifest_bytes = zip_file.read(MANIFEST)
    if not allow_foreign and not manifest_signature_valid(manifest_bytes, zip_file.read(SIGNATURE).decode("ascii",
                                                                                                       "replace")):
        raise ArchiveError(_("Tanda tangan arsip tidak cocok: arsip diubah setelah diekspor, atau dibuat oleh "
                             "platform Balai lain. Arsip dari platform lain dapat dipulihkan dengan --allow-foreign; "
                             "isinya tetap diperiksa dengan checksum."))
    try:
        manifest = json.loads(manifest_bytes)
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(_("Format arsip tidak dikenal platform ini."))
        village = manifest["village"]
        if not all(isinstance(village[key], str) for key in ("code", "name", "slug")):
            raise _broken(_("identitas desa"))
        if manifest["schema_version"] == current_schema_version():
            expected = archive_tables()
        elif accept_older:
            expected = tables_at(archive_migrations(zip_file, manifest))
        else:
            raise ArchiveError(
                _("Arsip dibuat pada versi skema %(archive)s (Balai %(balai)s), desa ini pada versi %(current)s. "
                  "Pulihkan arsip ini sebagai desa baru (diperbarui otomatis), atau pakai arsip versi yang sama.")
                % {"archive": manifest["schema_version"], "balai": manifest.get("balai_version"),
                   "current": current_schema_version()})
        _check_tables(manifest, names, expected)
        _check_media(manifest, names)
        if not all(isinstance(s["email"], str) and s["role"] in Role.values for s in manifest["staff"]):
            raise _broken(_("daftar staf"))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _broken(_("isi tidak lengkap")) from None
    return manifest


def _table_load(cursor, zip_file: ZipFile, schema_name: str, entry: dict) -> None:
    shape = table_shape(cursor, schema_name, entry["name"])
    if sorted(shape.columns) != sorted(entry["columns"]) or shape.primary_key != entry["primary_key"]:
        raise ArchiveError(_("Kolom tabel %(table)s dalam arsip tidak cocok dengan skema desa.")
                           % {"table": entry["name"]})
    columns = ", ".join(f'"{column}"' for column in entry["columns"])
    digest = hashlib.sha256()
    with zip_file.open(entry["file"]) as source, cursor.copy(
            f"COPY {quoted(schema_name, entry['name'])} ({columns}) FROM STDIN (FORMAT csv, HEADER true)") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
    if digest.hexdigest() != entry["sha256"] or cursor.rowcount != entry["rows"]:
        raise ArchiveError(_("Berkas %(file)s rusak atau diubah: checksum atau jumlah baris tidak sama dengan "
                             "manifest.") % {"file": entry["file"]})
    if entry["sequence"] is not None and shape.sequence is not None:
        cursor.execute("SELECT setval(%s, %s, %s)",
                       [shape.sequence, entry["sequence"]["last_value"], entry["sequence"]["is_called"]])


def _table_verify(cursor, schema_name: str, entry: dict) -> None:
    """Read the restored table back the way export does; it must give the archived bytes."""
    shape = TableShape(columns=entry["columns"], primary_key=entry["primary_key"], sequence=None)
    rows, sha256 = table_copy_out(cursor, table_copy_out_sql(schema_name, entry["name"], shape))
    if (rows, sha256) != (entry["rows"], entry["sha256"]):
        raise ArchiveError(_("Pemeriksaan tabel %(table)s setelah pemulihan gagal: isinya tidak sama dengan arsip.")
                           % {"table": entry["name"]})


def rows_restore(zip_file: ZipFile, schema_name: str, manifest: dict, report: ProgressFn) -> None:
    tables = manifest["tables"]
    with connection.cursor() as cursor:
        cursor.execute(COPY_SETTINGS)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The template's own rows (its django_migrations) give way to the archived ones. DELETE,
        # not TRUNCATE: the tables are new and nearly empty, and TRUNCATE would create new files for each.
        for entry in tables:
            cursor.execute(f"DELETE FROM {quoted(schema_name, entry['name'])}")
        for done, entry in enumerate(tables):
            report(done, len(tables), entry["name"])
            _table_load(cursor, zip_file, schema_name, entry)
        for entry in tables:
            _table_verify(cursor, schema_name, entry)
        cursor.execute(f'SELECT app, name FROM {quoted(schema_name, "django_migrations")}')
        if version_of(cursor.fetchall()) != manifest["schema_version"]:
            raise ArchiveError(_("Riwayat migrasi dalam arsip tidak sesuai dengan versi skemanya."))
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked here, not at commit


def _stored_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(path, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_restore(zip_file: ZipFile, village: Village, entries: list[dict], written: list[str], *,
                  replace: bool = False) -> None:
    """Write the archive's files into the village's storage, each checked against the
    manifest; ``written`` collects what was written, for clean-up if the transaction fails.
    With ``replace`` a file already there is kept when identical and overwritten otherwise."""
    with tenant_context(village):
        for entry in entries:
            if default_storage.exists(entry["path"]):
                if not replace:
                    raise ArchiveError(_("Penyimpanan berkas untuk kode %(code)s masih berisi berkas lama; tim ops "
                                         "perlu memeriksanya.") % {"code": village.code})
                if _stored_sha256(entry["path"]) == entry["sha256"]:
                    continue
                default_storage.delete(entry["path"])
            with zip_file.open(entry["file"]) as source, tempfile.SpooledTemporaryFile(8 * CHUNK) as buffer:
                digest = hashlib.sha256()
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    buffer.write(chunk)
                if digest.hexdigest() != entry["sha256"] or buffer.tell() != entry["size"]:
                    raise ArchiveError(_("Berkas %(file)s rusak atau diubah.") % {"file": entry["file"]})
                buffer.seek(0)
                written.append(default_storage.save(entry["path"], File(buffer)))


def media_forget(village: Village, written: list[str]) -> None:
    with tenant_context(village):
        for path in written:
            default_storage.delete(path)


@contextlib.contextmanager
def archive_errors():
    """What the database or the zip reader says about a bad archive, as one clear ``ArchiveError``."""
    try:
        yield
    except (IntegrityError, psycopg.IntegrityError):
        raise ArchiveError(_("Baris dalam arsip saling tidak cocok (kunci asing atau nilai ganda); tidak ada yang "
                             "dipulihkan.")) from None
    except (DatabaseError, psycopg.Error) as exc:
        if isinstance(exc, LockNotAvailable) or isinstance(exc.__cause__, LockNotAvailable):
            raise ArchiveError(_("Desa sedang sibuk (data sedang diubah atau diperbarui); tidak ada yang dipulihkan, "
                                 "coba lagi sebentar lagi.")) from None
        raise ArchiveError(_("Isi arsip tidak dapat dibaca basis data; tidak ada yang dipulihkan.")) from None
    except FileNotFoundError:
        raise ArchiveError(_("Berkas arsip tidak ditemukan.")) from None
    except (BadZipFile, EOFError, OSError, zlib.error):
        raise ArchiveError(_("Berkas ini bukan arsip zip yang utuh; tidak ada yang dipulihkan.")) from None
