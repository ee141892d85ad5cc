from django.conf import settings
from django.core.management import call_command

from shared_apps.oversight.models import RollupRun
from shared_apps.oversight.selectors import rollup_run_progress
from shared_apps.oversight.services import rollup_refresh_request
from shared_apps.oversight.tasks import refresh_rollups
from shared_apps.ops.models import PlatformAuditEntry
from tests.oversight.conftest import residents_add


def test_beat_runs_the_refresh_of_changed_villages_and_a_nightly_full_one():
    entries = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "oversight.refresh_rollups" in entries
    assert {entry.get("kwargs", {}).get("everything", False) for entry in settings.CELERY_BEAT_SCHEDULE.values()
            if entry["task"] == "oversight.refresh_rollups"} == {False, True}
    assert refresh_rollups.name == "oversight.refresh_rollups"


def test_ops_refresh_on_demand_runs_as_a_task_with_progress(populated, platform_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = rollup_refresh_request(actor=platform_staff, everything=True)
    progress = rollup_run_progress(run.pk)
    assert progress["status"] == RollupRun.Status.DONE and progress["done"] == progress["total"] == 2
    assert PlatformAuditEntry.objects.filter(action="oversight.refresh", actor=platform_staff).exists()


def test_refresh_command_prints_progress(populated, capsys):
    residents_add(populated["senggigi"], 1)
    call_command("oversight", "refresh", "--all")
    out = capsys.readouterr().out
    assert "… 2/2 villages" in out and "refreshed 2 villages" in out


def test_a_second_refresh_waits_for_the_first(populated):
    RollupRun.objects.create(status=RollupRun.Status.RUNNING, everything=False)
    queued = RollupRun.objects.create(everything=True)
    assert refresh_rollups(run_id=queued.pk) is None
    queued.refresh_from_db()
    assert queued.status == RollupRun.Status.FAILED
