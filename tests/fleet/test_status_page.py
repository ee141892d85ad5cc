from shared_apps.fleet.services import fleet_run_execute, fleet_run_plan
from tests.conftest import host_client
from tests.ops.helpers import ops_client, ops_user


def _staff_client():
    return ops_client(ops_user("ops-support"))


def test_platform_staff_see_the_latest_run(sukamaju, senggigi, new_release):
    new_release("migrations_check_kecamatan")
    fleet_run_execute(fleet_run_plan(canary=0, wave_size=10, workers=1, failure_threshold=0.5), poll=0.01)
    page = _staff_client().get("/ops/fleet/").content.decode()
    assert 'data-testid="fleet-progress">2/2<' in page
    assert 'data-testid="count-failed">1<' in page
    assert "52.04.02.2008 Sukamaju" in page


def test_page_without_runs(db):
    assert "Belum pernah ada pembaruan" in _staff_client().get("/ops/fleet/").content.decode()


def test_village_staff_and_strangers_cannot_see_it(sukamaju):
    assert host_client().get("/ops/fleet/").status_code == 302  # to sign-in
    assert ops_client(ops_user("billing")).get("/ops/fleet/").status_code == 403
    assert host_client(sukamaju).get("/ops/fleet/").status_code == 404  # not a village page
