"""Ops backups: one archive per village in BALAI_BACKUP_DIR, pruned, restorable."""
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tenants.archive_load import archive_manifest_read
from tenants.backups import village_backups
from tenants.tasks import VillageTaskError, backup_village


@pytest.fixture
def villages(committed_villages, settings, tmp_path):
    settings.BALAI_BACKUP_DIR = str(tmp_path / "backups")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return committed_villages


def test_backup_all_keeps_the_newest_and_each_is_a_valid_archive(villages, capsys):
    call_command("village", "backup", "--all")
    call_command("village", "backup", "--all", "--keep", "1")
    assert "1 older deleted" in capsys.readouterr().out
    for village in villages.values():
        backups = village_backups(village=village)
        assert len(backups) == 1 and backups[0].size > 0
        with zipfile.ZipFile(backups[0].path) as archive:
            assert archive_manifest_read(archive)["village"]["code"] == village.code


def test_backup_task_writes_one_village_and_refuses_public(villages):
    sukamaju = villages["sukamaju"]
    path = backup_village.apply(kwargs={"schema_name": sukamaju.schema_name, "keep": 3}).get()
    assert [str(b.path) for b in village_backups(village=sukamaju)] == [path]
    assert village_backups(village=villages["senggigi"]) == []
    with pytest.raises(VillageTaskError):
        backup_village.apply(kwargs={"schema_name": "public"}).get()


def test_backup_of_an_unknown_village_is_refused(villages):
    with pytest.raises(CommandError, match="no village"):
        call_command("village", "backup", "--village", "nowhere")
