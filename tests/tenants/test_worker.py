"""A real Celery worker process, over the folder broker that `make run` uses
by default: a village task crosses the queue and runs inside its village."""
import time

from django_tenants.utils import schema_context

from shared_apps.regions.models import Region
from tenant_apps.village.models import VillageProfile


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_runs_a_village_task_in_its_village(committed_villages, worker):
    sender, log = worker.sender, worker.log
    sukamaju, senggigi = committed_villages["sukamaju"], committed_villages["senggigi"]
    Region.objects.filter(code="52.04.02").update(name="Lunyuk Baru")
    sender.send_task("village.profile_refresh_region_names", kwargs={"schema_name": "public"})
    sender.send_task("village.profile_refresh_region_names", kwargs={"schema_name": sukamaju.schema_name})

    def refreshed():
        with schema_context(sukamaju.schema_name):
            return VillageProfile.objects.get().kecamatan == "Lunyuk Baru"

    assert wait_for(refreshed), log.read_text()
    with schema_context(senggigi.schema_name):
        assert VillageProfile.objects.get().kecamatan == "Batu Layar"
    assert "VillageTaskError" in log.read_text()
