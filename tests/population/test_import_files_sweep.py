import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from tenant_apps.population.models import ImportJob
from tenants.tasks import VillageTaskError


def _checked(finished_ago: datetime.timedelta, **fields) -> ImportJob:
    fields = {"commit": False, "status": ImportJob.Status.DONE, **fields}
    return ImportJob.objects.create(file_name="p.xlsx", content=b"PK file", created_by_username="operator",
                                    finished_at=timezone.now() - finished_ago, **fields)


def test_beat_forgets_checked_files_older_than_a_day_in_every_village(senggigi, sukamaju, in_village):
    in_village(senggigi)
    stale = _checked(datetime.timedelta(hours=25))
    fresh = _checked(datetime.timedelta(hours=23))
    queued = _checked(datetime.timedelta(days=3), commit=True, status=ImportJob.Status.PENDING)
    stuck = _checked(datetime.timedelta(hours=3), commit=True, status=ImportJob.Status.RUNNING)
    ImportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    in_village(sukamaju)
    stale_elsewhere = _checked(datetime.timedelta(days=2))
    connection.set_schema_to_public()

    app.loader.import_default_modules()  # what a worker does on start: every app's tasks
    entry = settings.CELERY_BEAT_SCHEDULE["population-import-files-sweep"]
    assert app.tasks[entry["task"]].apply(kwargs=entry["kwargs"]).get() == 2  # one task per village

    in_village(senggigi)
    assert bytes(ImportJob.objects.get(pk=stale.pk).content) == b""
    assert bytes(ImportJob.objects.get(pk=fresh.pk).content) == b"PK file", "a check younger than a day still waits"
    assert bytes(ImportJob.objects.get(pk=queued.pk).content) == b"PK file", "an import waiting for a worker"
    stuck.refresh_from_db()
    assert (stuck.status, bytes(stuck.content)) == (ImportJob.Status.FAILED, b""), "its worker was killed hours ago"
    assert "berhenti di tengah jalan" in stuck.error
    in_village(sukamaju)
    assert bytes(ImportJob.objects.get(pk=stale_elsewhere.pk).content) == b""


def test_every_village_sends_only_village_tasks(db):
    with pytest.raises(VillageTaskError):
        app.tasks["tenants.every_village"].apply(kwargs={"task_name": "tenants.provision_village"}).get()
