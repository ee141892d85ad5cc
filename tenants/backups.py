"""Platform backups of villages, one village at a time, kept for ops in
``BALAI_BACKUP_DIR/<schema>/`` (the village's own downloads are
``tenant_apps.village.exports``). Each backup is an archive of ``tenants.archive``:
restore it with ``tenants.restore``. The ops console and a nightly
``balai village backup --all`` call these.

``BALAI_BACKUP_DIR`` must be storage every worker shares (a mounted volume),
copied off the database server's machine.
"""
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tenants.archive import ProgressFn, village_export_to_path
from tenants.models import Village


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    created_at: datetime.datetime


def _folder(village: Village) -> Path:
    # The schema name derives from the Kemendagri code: a renamed slug keeps its backups.
    return Path(settings.BALAI_BACKUP_DIR) / village.schema_name


def village_backup(*, village: Village, progress: ProgressFn | None = None) -> Backup:
    """A new backup of ``village``; call outside a transaction (the export takes its own snapshot)."""
    folder = _folder(village)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{village.schema_name}-{timezone.now():%Y%m%dT%H%M%S%fZ}.zip"
    village_export_to_path(village=village, path=path, progress=progress)
    return _describe(path)


def _describe(path: Path) -> Backup:
    stat = path.stat()
    return Backup(path=path, size=stat.st_size,
                  created_at=datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.timezone.utc))


def village_backups(*, village: Village) -> list[Backup]:
    """``village``'s backups, newest first (unfinished ones, hidden files, are not listed)."""
    folder = _folder(village)
    if not folder.is_dir():
        return []
    return sorted((_describe(path) for path in folder.glob(f"{village.schema_name}-*.zip")),
                  key=lambda backup: backup.path.name, reverse=True)


def village_backups_prune(*, village: Village, keep: int) -> int:
    """Delete all but the ``keep`` newest backups of ``village``; returns how many went."""
    old = village_backups(village=village)[max(keep, 1):]
    for backup in old:
        backup.path.unlink(missing_ok=True)
    return len(old)
