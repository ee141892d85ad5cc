"""Restoring a village archive (``tenants.archive``): into a new village, or over the same village.

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
if the transaction does not commit. An archive of an older schema version is
rebuilt at its version and upgraded in the same transaction
(``tenants.archive_upgrade``).

Over the same village (``village_restore_in_place``): the archive must carry
that village's code. In one transaction, the village's fleet lock is taken and
its tables locked against writes, its current data written to a backup archive,
its schema renamed aside, a new one built and verified as above, the old one
dropped. Requests keep reading until the switch; the village's files become the
archive's (changed ones overwritten, extra ones deleted after commit).
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from zipfile import ZipFile

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.accounts.roles import Role
from shared_apps.accounts.services import staff_grant
from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from shared_apps.ops.audit import platform_audit_record
from shared_apps.regions.selectors import region_ancestry
from tenant_apps.village.services import profile_reidentify
from tenants.archive import ArchiveError, archive_tables, archive_write, current_schema_version, media_files, quoted
from tenants.archive_load import archive_errors, archive_manifest_read, media_forget, media_restore, rows_restore
from tenants.archive_upgrade import archive_migrations, schema_build_at, schema_upgrade
from tenants.models import Domain, Village
from tenants.routing import routing_forget
from tenants.selectors import village_host
from tenants.services import village_code_check, village_schema_create, village_slug_check
from tenants.validators import schema_name_for

ProgressFn = Callable[[int, int, str], None]
# How long the replacement waits for writes in flight in the village before giving up.
REPLACE_LOCK_TIMEOUT = "30s"


@dataclass
class RestoreResult:
    village: Village
    tables: int
    rows: int
    media: int
    staff_granted: list[str] = field(default_factory=list)
    staff_missing: list[str] = field(default_factory=list)


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
    actor=None, reason: str = "",
) -> RestoreResult:
    """Restore ``archive`` as a new village at ``into_slug``; see the module docstring.
    The platform audit log records who restored what and why (``actor`` None: the system).

    Raises ``ArchiveError`` for an archive that cannot be restored and
    ``ValidationError`` (keyed by code/slug/name) for an identity that cannot be taken.
    """
    report = progress or (lambda _done, _total, _label: None)
    connection.set_schema_to_public()
    with archive_errors(), ZipFile(archive) as zip_file:
        manifest = archive_manifest_read(zip_file, allow_foreign=allow_foreign, accept_older=True)
        older = manifest["schema_version"] != current_schema_version()
        archived = manifest["village"]
        code, slug = (code or archived["code"]).strip(), into_slug.strip().lower()
        name = (name or (archived["name"] if code == archived["code"] else "")).strip()
        region = _identity_check(code=code, slug=slug, name=name)
        result = RestoreResult(village=None, tables=len(manifest["tables"]),
                               rows=sum(t["rows"] for t in manifest["tables"]), media=len(manifest["media"]))
        written: list[str] = []
        try:
            with transaction.atomic():
                village = Village.objects.create(
                    schema_name=schema_name_for(code), code=code, slug=slug, name=name or region.name,
                    status=Village.Status.ACTIVE, activated_at=timezone.now(),
                    schema_version=current_schema_version())
                result.village = village
                Domain.objects.create(domain=village_host(village), tenant=village, is_primary=True)
                if older:
                    schema_build_at(village.schema_name, archive_migrations(zip_file, manifest))
                else:
                    village_schema_create(village.schema_name)
                rows_restore(zip_file, village.schema_name, manifest, report)
                if older:
                    schema_upgrade(village.schema_name)
                if code != archived["code"]:
                    with tenant_context(village):
                        profile_reidentify(village=village, ancestry=region_ancestry(region))
                _staff_restore(village, manifest, admin_email, result)
                platform_audit_record(actor, "village.restore", village=village, reason=reason, details={
                    "from_code": archived["code"], "tables": result.tables, "rows": result.rows,
                    "schema_upgraded": older})
                report(result.tables, result.tables, "media")
                media_restore(zip_file, village, manifest["media"], written)
        except BaseException as exc:
            if result.village is not None:
                media_forget(result.village, written)
            if isinstance(exc, IntegrityError):
                _identity_check(code=code, slug=slug, name=name)  # a concurrent call took the code or slug
            raise  # else archive_errors says what is wrong with the archive
    routing_forget([village_host(result.village)])
    return result


def _lock_for_replacement(cursor, village: Village) -> None:
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [FLEET_LOCK_CLASS, village.pk])
    if not cursor.fetchone()[0]:
        raise ArchiveError(_("Desa ini sedang diperbarui; coba lagi setelah pembaruan selesai."))
    cursor.execute(f"SET LOCAL lock_timeout = '{REPLACE_LOCK_TIMEOUT}'")
    # Writers wait (or we give up after the timeout); readers carry on until the switch.
    cursor.execute("LOCK TABLE " + ", ".join(quoted(village.schema_name, t) for t in archive_tables())
                   + " IN EXCLUSIVE MODE")


def village_restore_in_place(
    *, archive: str | Path | BinaryIO, village: Village, backup_to: str | Path, allow_foreign: bool = False,
    progress: ProgressFn | None = None, actor=None, reason: str = "",
) -> RestoreResult:
    """Replace ``village``'s data by the archive's, after writing its current data to
    ``backup_to``; see the module docstring. A complete backup file is kept whatever happens."""
    report = progress or (lambda _done, _total, _label: None)
    connection.set_schema_to_public()
    aside = f"{village.schema_name}_replaced"
    try:
        out = Path(backup_to).open("xb")  # never over an earlier backup
    except OSError as exc:
        raise ArchiveError(_("Cadangan tidak dapat ditulis ke %(path)s: %(error)s")
                           % {"path": backup_to, "error": exc.strerror}) from None
    backed_up = False
    try:
        with out, archive_errors(), ZipFile(archive) as zip_file:
            manifest = archive_manifest_read(zip_file, allow_foreign=allow_foreign)
            if manifest["village"]["code"] != village.code:
                raise ArchiveError(
                    _("Arsip ini milik desa %(archived)s, bukan %(code)s; pulihkan sebagai desa baru.")
                    % {"archived": manifest["village"]["code"], "code": village.code})
            result = RestoreResult(village=village, tables=len(manifest["tables"]),
                                   rows=sum(t["rows"] for t in manifest["tables"]), media=len(manifest["media"]))
            written: list[str] = []
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    _lock_for_replacement(cursor, village)
                    archive_write(village=village, out=out)
                    backed_up = True
                    cursor.execute(f'ALTER SCHEMA "{village.schema_name}" RENAME TO "{aside}"')
                    village_schema_create(village.schema_name)
                    rows_restore(zip_file, village.schema_name, manifest, report)
                    cursor.execute(f'DROP SCHEMA "{aside}" CASCADE')
                    platform_audit_record(actor, "village.restore_in_place", village=village, reason=reason,
                                          details={"tables": result.tables, "rows": result.rows})
                    report(result.tables, result.tables, "media")
                    media_restore(zip_file, village, manifest["media"], written, replace=True)
                    kept = {entry["path"] for entry in manifest["media"]}
                    stale = [path for path in media_files(village) if path not in kept]
                    transaction.on_commit(lambda: media_forget(village, stale))
            except BaseException:
                media_forget(village, written)
                raise
    finally:
        if not backed_up:
            Path(backup_to).unlink(missing_ok=True)  # an unfinished backup is no backup
    return result
