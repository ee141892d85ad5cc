"""Data portability: the village's staff ask for an archive of all their data
(``tenants.archive``), a task writes it into the village's own storage, and
they download it until it expires. Call everything inside the village's schema.

Progress lives in the (per-village) cache; the outcome on the ``DataExport`` row.
"""
import datetime
import logging
import secrets
import tempfile

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.village.audit import audit_record
from tenant_apps.village.models import DataExport
from tenants.archive import EXPORTS_PREFIX, ArchiveError, village_export

logger = logging.getLogger(__name__)

# How long a finished archive can be downloaded; it holds every resident's data.
EXPORT_KEPT = datetime.timedelta(days=7)
_UNFINISHED = (DataExport.Status.PENDING, DataExport.Status.RUNNING)
# Longer than the task's time limit (village.data_export) plus a wait in the queue.
GIVEN_UP_AFTER = datetime.timedelta(hours=2)


def data_export_progress_key(export_id: int) -> str:
    return f"data-export:{connection.schema_name}:{export_id}"


def data_export_progress(export: DataExport) -> dict | None:
    return cache.get(data_export_progress_key(export.pk))


def data_exports_forget_expired() -> int:
    """Delete the files of archives past their time; returns how many."""
    expired = list(DataExport.objects.filter(status=DataExport.Status.DONE, expires_at__lte=timezone.now()))
    for export in expired:
        default_storage.delete(export.file_name)
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.EXPIRED, file_name="")
    return len(expired)


@transaction.atomic
def data_export_request(*, actor) -> DataExport:
    """A pending export, audited; the task is sent once this transaction commits.
    One at a time per village: a second request while one runs is refused."""
    from tenant_apps.village.tasks import data_export
    from tenants.tasks import village_task_enqueue

    data_exports_forget_expired()
    # A worker killed mid-export leaves its export unfinished; past the task's time limit it is given up.
    DataExport.objects.filter(status__in=_UNFINISHED, created_at__lt=timezone.now() - GIVEN_UP_AFTER).update(
        status=DataExport.Status.FAILED, finished_at=timezone.now(), error=_("Ekspor terhenti; silakan minta lagi."))
    if DataExport.objects.select_for_update().filter(status__in=_UNFINISHED).exists():
        raise ValidationError(_("Ekspor sebelumnya masih dibuat; tunggu sampai selesai."))
    export = DataExport.objects.create(requested_by_id=actor.pk, requested_by_username=actor.get_username())
    audit_record(actor=actor, action="data_export.request", obj=export)
    village_task_enqueue(data_export, village=connection.tenant, export_id=export.pk)
    return export


def data_export_run(*, export_id: int) -> DataExport | None:
    """Write the archive once; a redelivered message finds the export claimed and does nothing."""
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.RUNNING)
    if claimed != 1:
        return None
    key = data_export_progress_key(export_id)

    def progress(done: int, total: int, _label: str) -> None:
        cache.set(key, {"done": done, "total": total}, timeout=3600)

    try:
        with tempfile.TemporaryFile() as out:
            village_export(village=connection.tenant, out=out, progress=progress)
            size = out.tell()
            out.seek(0)
            name = default_storage.save(f"{EXPORTS_PREFIX}{secrets.token_hex(16)}.zip", File(out))
    except ArchiveError as exc:
        return _finish(export_id, status=DataExport.Status.FAILED, error=str(exc))
    except Exception as exc:
        # The type only: a database error's text may quote a resident's row.
        logger.error("data export %s failed: %s", export_id, type(exc).__name__)
        _finish(export_id, status=DataExport.Status.FAILED, error=_("Ekspor gagal; coba lagi atau hubungi tim Balai."))
        raise
    now = timezone.now()
    return _finish(export_id, status=DataExport.Status.DONE, file_name=name, size=size, finished_at=now,
                   expires_at=now + EXPORT_KEPT)


def _finish(export_id: int, **fields) -> DataExport:
    cache.delete(data_export_progress_key(export_id))
    fields.setdefault("finished_at", timezone.now())
    DataExport.objects.filter(pk=export_id).update(**fields)
    return DataExport.objects.get(pk=export_id)


def data_export_downloadable(export: DataExport) -> bool:
    return (export.status == DataExport.Status.DONE and export.expires_at > timezone.now()
            and bool(export.file_name))


@transaction.atomic
def data_export_open(*, actor, export: DataExport):
    """The archive's file, opened for reading, with the download audited; ``None`` once it is gone."""
    if not data_export_downloadable(export) or not default_storage.exists(export.file_name):
        return None
    audit_record(actor=actor, action="data_export.download", obj=export)
    return default_storage.open(export.file_name, "rb")
