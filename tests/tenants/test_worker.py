"""A real Celery worker process, over the folder broker that `make run` uses
by default: a village task crosses the queue and runs inside its village."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django_tenants.utils import schema_context

from shared_apps.regions.models import Region
from tenant_apps.village.models import VillageProfile


@pytest.fixture
def worker(tmp_path):
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": "filesystem://",
        "BALAI_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    queue = tmp_path / "celery" / "queue"
    queue.mkdir(parents=True)
    sender = Celery("test-sender", broker="filesystem://", broker_transport_options={
        "data_folder_in": str(queue), "data_folder_out": str(queue), "control_folder": str(tmp_path / "control"),
    })
    yield sender, tmp_path / "worker.log"
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_runs_a_village_task_in_its_village(committed_villages, worker):
    sender, log = worker
    sukamaju, senggigi = committed_villages["sukamaju"], committed_villages["senggigi"]
    Region.objects.filter(code="52.04.02").update(name="Lunyuk Baru")
    sender.send_task("village.profile_refresh_region_names", kwargs={"schema_name": "public"})
    sender.send_task("village.profile_refresh_region_names", kwargs={"schema_name": sukamaju.schema_name})

    def refreshed():
        with schema_context(sukamaju.schema_name):
            return VillageProfile.objects.get().kecamatan == "Lunyuk Baru"

    assert _wait_for(refreshed), log.read_text()
    with schema_context(senggigi.schema_name):
        assert VillageProfile.objects.get().kecamatan == "Batu Layar"
    assert "VillageTaskError" in log.read_text()
