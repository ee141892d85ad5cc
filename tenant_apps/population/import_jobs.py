"""Imports as background jobs: upload → ``ImportJob`` → task ``population.import_file``.

Progress lives in the (per-village) cache, because the import itself runs in
one transaction whose writes nobody sees before it ends; the outcome is stored
on the job.
"""
import datetime
import io

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from tenant_apps.population.models import ImportJob
from tenant_apps.population.opensid_excel import OpenSIDFileError, check_file_size, workbook_read
from tenant_apps.population.opensid_import import population_import


# How long a clean dry run's file may wait for the operator to import it.
CHECKED_FILE_KEPT = datetime.timedelta(hours=24)
# A job still pending or running after this lost its worker (an import takes seconds to minutes).
GIVEN_UP_AFTER = datetime.timedelta(hours=2)


def import_job_progress_key(job_id: int) -> str:
    return f"population-import:{connection.schema_name}:{job_id}"


def import_job_progress(job: ImportJob) -> dict | None:
    return cache.get(import_job_progress_key(job.pk))


@transaction.atomic
def import_job_create(*, actor, file_name: str, content: bytes, commit: bool) -> ImportJob:
    """A pending job; the task is sent once this transaction commits."""
    from tenant_apps.population.tasks import import_file
    from tenants.tasks import village_task_enqueue

    check_file_size(len(content))
    # One checked file waits at most: a new upload makes older checks forget theirs.
    ImportJob.objects.filter(status=ImportJob.Status.DONE, commit=False).exclude(content=b"").update(content=b"")
    job = ImportJob.objects.create(file_name=file_name[:255], content=content, commit=commit,
                                   created_by_id=getattr(actor, "pk", None),
                                   created_by_username=actor.get_username() if actor is not None else "system")
    village_task_enqueue(import_file, village=connection.tenant, job_id=job.pk)
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a pending job once; a redelivered message finds it claimed and does nothing."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING)
    if claimed != 1:
        return None
    job = ImportJob.objects.get(pk=job_id)
    actor = User.objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    key = import_job_progress_key(job.pk)

    def progress(done: int, total: int) -> None:
        cache.set(key, {"done": done, "total": total}, timeout=3600)

    try:
        report = population_import(actor=actor, rows=workbook_read(io.BytesIO(bytes(job.content))),
                                   commit=job.commit, progress=progress)
    except OpenSIDFileError as exc:
        job.status, job.error = ImportJob.Status.FAILED, exc.message
    except BaseException:
        # Anything else (a bug, the time limit): never leave the job running
        # with the file, which holds personal data, still stored.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=_("Impor gagal karena kesalahan sistem; tim Balai sudah diberi tahu."),
            content=b"", finished_at=timezone.now())
        raise
    else:
        job.status, job.committed, job.summary = ImportJob.Status.DONE, report.committed, report.summary
        job.report = [{"line": row.line, "errors": row.errors, "warnings": row.warnings}
                      for row in report.rows if row.errors or row.warnings]
    # A clean dry run keeps its file (in the village's own schema) so that the
    # operator can commit exactly what was checked; everything else forgets it.
    if job.commit or job.status != ImportJob.Status.DONE or job.summary.get("errors"):
        job.content = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "committed", "summary", "report", "content", "finished_at"])
    return job


def import_jobs_forget_stale_checks() -> int:
    """Forget the files of clean dry runs older than CHECKED_FILE_KEPT that nobody imported.

    They hold personal data and can no longer be imported anyway; run daily
    for every village (``population.import_files_sweep`` on Celery beat).
    A job whose worker was killed (time limit, memory) never finishes: after
    GIVEN_UP_AFTER it is marked failed and its file forgotten too.
    Returns how many files were forgotten.
    """
    now = timezone.now()
    checked = ImportJob.objects.filter(
        status=ImportJob.Status.DONE, commit=False, finished_at__lt=now - CHECKED_FILE_KEPT,
    ).exclude(content=b"").update(content=b"")
    stuck = ImportJob.objects.filter(
        status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING], created_at__lt=now - GIVEN_UP_AFTER,
    ).update(status=ImportJob.Status.FAILED, content=b"", finished_at=now,
             error=_("Impor berhenti di tengah jalan (pekerja dihentikan); tidak ada yang berubah. Unggah lagi."))
    return checked + stuck


def import_job_commit_checked(*, actor, job: ImportJob) -> ImportJob:
    """Import the file a clean dry run checked, as a new job; the checked job forgets the file.

    A check older than CHECKED_FILE_KEPT forgets its file here too, and the
    operator is asked to upload again.
    """
    with transaction.atomic():
        checked = ImportJob.objects.select_for_update().get(pk=job.pk)
        content = bytes(checked.content)
        clean = not checked.commit and checked.status == ImportJob.Status.DONE and not checked.summary.get("errors")
        fresh = checked.finished_at is not None and timezone.now() - checked.finished_at <= CHECKED_FILE_KEPT
        if content:
            checked.content = b""
            checked.save(update_fields=["content"])
        if clean and fresh and content:
            return import_job_create(actor=actor, file_name=checked.file_name, content=content, commit=True)
    raise OpenSIDFileError(_("Berkas ini tidak bisa diimpor dari hasil pemeriksaan ini; unggah lagi."))
