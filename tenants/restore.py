"""Restoring a village archive (``tenants.archive``) into a new village.

Identity: a Kemendagri code has one village, so the restored village takes the
archive's code when that code is free on this platform (the village was removed,
or the archive comes from another Balai), and otherwise needs ``code`` — another
desa's code, as when a desa is split (pemekaran) and the new desa starts from a
copy of the old one's data. Under a new code the village profile takes the new
identity (code, name, region names) after the rows are verified; every other
row is restored exactly.

One transaction: the village row and domain, the schema from the template at
the archive's version, every table by ``COPY … FROM STDIN``, identity sequences
set to the archived values, then each table read back and compared with the
manifest's row count and SHA-256, the restored migrations compared with the
schema version. Any difference, a foreign-key violation at commit, a tampered or
unreadable file: everything rolls back and only the new schema was ever touched.
The staff listed in the archive get their roles back when their account exists
here. Uploaded files are written after the rows are verified and deleted again
if the transaction does not commit.
"""
import hashlib
import json
import re
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from zipfile import BadZipFile, ZipFile

import psycopg
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.accounts.roles import Role
from shared_apps.accounts.services import staff_grant
from shared_apps.fleet.versions import version_of
from shared_apps.regions.selectors import region_ancestry
from tenant_apps.village.services import profile_reidentify
from tenants.archive import (
    CHUNK, COPY_SETTINGS, EXPORTS_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, SIGNATURE, ArchiveError, TableShape,
    archive_tables, current_schema_version, manifest_signature_valid, quoted, table_copy_out, table_copy_out_sql,
    table_shape,
)
from tenants.models import Domain, Village
from tenants.routing import routing_forget
from tenants.selectors import village_host
from tenants.services import village_code_check, village_schema_create, village_slug_check
from tenants.validators import schema_name_for

ProgressFn = Callable[[int, int, str], None]
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class RestoreResult:
    village: Village
    tables: int
    rows: int
    media: int
    staff_granted: list[str] = field(default_factory=list)
    staff_missing: list[str] = field(default_factory=list)


def _broken(detail: str) -> ArchiveError:
    return ArchiveError(_("Manifest arsip rusak: %(detail)s.") % {"detail": detail})


def _check_tables(manifest: dict, names: set[str]) -> None:
    tables = manifest["tables"]
    if sorted(t["name"] for t in tables) != sorted(archive_tables()):
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


def archive_manifest_read(zip_file: ZipFile, *, allow_foreign: bool = False) -> dict:
    """The checked manifest of an open archive, or ``ArchiveError`` saying what is wrong."""
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
        if manifest["schema_version"] != current_schema_version():
            raise ArchiveError(
                _("Arsip dibuat pada versi skema %(archive)s (Balai %(balai)s); platform ini memulihkan versi "
                  "%(current)s saja. Pulihkan di platform dengan versi yang sama, perbarui desanya di sana, lalu "
                  "ekspor lagi.") % {"archive": manifest["schema_version"], "balai": manifest.get("balai_version"),
                                     "current": current_schema_version()})
        village = manifest["village"]
        if not all(isinstance(village[key], str) for key in ("code", "name", "slug")):
            raise _broken(_("identitas desa"))
        _check_tables(manifest, names)
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


def _rows_restore(zip_file: ZipFile, schema_name: str, manifest: dict, report: ProgressFn) -> None:
    tables = manifest["tables"]
    with connection.cursor() as cursor:
        cursor.execute(COPY_SETTINGS)
        # The template's own rows (its django_migrations) give way to the archived ones.
        cursor.execute("TRUNCATE " + ", ".join(quoted(schema_name, t["name"]) for t in tables))
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for done, entry in enumerate(tables):
            report(done, len(tables), entry["name"])
            _table_load(cursor, zip_file, schema_name, entry)
        for entry in tables:
            _table_verify(cursor, schema_name, entry)
        cursor.execute(f'SELECT app, name FROM {quoted(schema_name, "django_migrations")}')
        if version_of(cursor.fetchall()) != manifest["schema_version"]:
            raise ArchiveError(_("Riwayat migrasi dalam arsip tidak sesuai dengan versi skemanya."))
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # foreign keys checked here, not at commit


def _media_restore(zip_file: ZipFile, village: Village, entries: list[dict], written: list[str]) -> None:
    with tenant_context(village):
        for entry in entries:
            if default_storage.exists(entry["path"]):
                raise ArchiveError(_("Penyimpanan berkas untuk kode %(code)s masih berisi berkas lama; tim ops perlu "
                                     "memeriksanya.") % {"code": village.code})
            with zip_file.open(entry["file"]) as source, tempfile.SpooledTemporaryFile(8 * CHUNK) as buffer:
                digest = hashlib.sha256()
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    buffer.write(chunk)
                if digest.hexdigest() != entry["sha256"] or buffer.tell() != entry["size"]:
                    raise ArchiveError(_("Berkas %(file)s rusak atau diubah.") % {"file": entry["file"]})
                buffer.seek(0)
                written.append(default_storage.save(entry["path"], File(buffer)))


def _media_forget(village: Village, written: list[str]) -> None:
    with tenant_context(village):
        for path in written:
            default_storage.delete(path)


def _staff_restore(village: Village, manifest: dict, admin_email: str | None, result: RestoreResult) -> None:
    wanted = {s["email"].lower(): s["role"] for s in manifest["staff"]}
    if admin_email:
        wanted[admin_email.strip().lower()] = Role.OPERATOR
    users = {u.email.lower(): u for u in User.objects.filter(email__in=list(wanted))}
    for email, role in sorted(wanted.items()):
        if email in users:
            staff_grant(village=village, user=users[email], role=role)
            result.staff_granted.append(email)
        else:
            result.staff_missing.append(email)


def _identity_check(*, code: str, slug: str, name: str):
    """The region of ``code``, or every identity error at once (keyed by field)."""
    errors: dict[str, list] = {}
    region = None
    try:
        region = village_code_check(code)
    except ValidationError as exc:
        errors["code"] = exc.messages
    try:
        village_slug_check(slug)
    except ValidationError as exc:
        errors["slug"] = exc.messages
    if len(name) > Village._meta.get_field("name").max_length:
        errors["name"] = [_("Nama desa harus 1–100 karakter.")]
    if errors:
        raise ValidationError(errors)
    return region


def village_restore(
    *, archive: str | Path | BinaryIO, into_slug: str, code: str | None = None, name: str | None = None,
    admin_email: str | None = None, allow_foreign: bool = False, progress: ProgressFn | None = None,
) -> RestoreResult:
    """Restore ``archive`` as a new village at ``into_slug``; see the module docstring.

    Raises ``ArchiveError`` for an archive that cannot be restored and
    ``ValidationError`` (keyed by code/slug/name) for an identity that cannot be taken.
    """
    report = progress or (lambda _done, _total, _label: None)
    connection.set_schema_to_public()
    try:
        with ZipFile(archive) as zip_file:
            manifest = archive_manifest_read(zip_file, allow_foreign=allow_foreign)
            archived = manifest["village"]
            code, slug = (code or archived["code"]).strip(), into_slug.strip().lower()
            name = (name or (archived["name"] if code == archived["code"] else "")).strip()
            region = _identity_check(code=code, slug=slug, name=name)
            name = name or region.name
            result = RestoreResult(village=None, tables=len(manifest["tables"]),
                                   rows=sum(t["rows"] for t in manifest["tables"]), media=len(manifest["media"]))
            written: list[str] = []
            try:
                with transaction.atomic():
                    village = Village.objects.create(
                        schema_name=schema_name_for(code), code=code, slug=slug, name=name,
                        status=Village.Status.ACTIVE, activated_at=timezone.now(),
                        schema_version=manifest["schema_version"])
                    result.village = village
                    Domain.objects.create(domain=village_host(village), tenant=village, is_primary=True)
                    village_schema_create(village.schema_name)
                    _rows_restore(zip_file, village.schema_name, manifest, report)
                    if code != archived["code"]:
                        with tenant_context(village):
                            profile_reidentify(village=village, ancestry=region_ancestry(region))
                    _staff_restore(village, manifest, admin_email, result)
                    report(result.tables, result.tables, "media")
                    _media_restore(zip_file, village, manifest["media"], written)
            except BaseException:
                if result.village is not None:
                    _media_forget(result.village, written)
                raise
    except IntegrityError:
        # A foreign key broken by the archive, or a concurrent call took the code or slug.
        _identity_check(code=code, slug=slug, name=name)
        raise ArchiveError(_("Baris dalam arsip saling tidak cocok (kunci asing); tidak ada yang dipulihkan.")) from None
    except (DatabaseError, psycopg.Error):
        raise ArchiveError(_("Isi arsip tidak dapat dibaca basis data; tidak ada yang dipulihkan.")) from None
    except (BadZipFile, EOFError, OSError, zlib.error) as exc:
        if isinstance(exc, FileNotFoundError):
            raise ArchiveError(_("Berkas arsip tidak ditemukan.")) from None
        raise ArchiveError(_("Berkas ini bukan arsip zip yang utuh; tidak ada yang dipulihkan.")) from None
    routing_forget([village_host(result.village)])
    return result
