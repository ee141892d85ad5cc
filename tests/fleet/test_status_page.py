from shared_apps.fleet.services import fleet_run_execute, fleet_run_plan
from tests.conftest import PASSWORD, host_client


def _staff_client():
    client = host_client()
    assert client.post("/masuk/", {"username": "ops@balai.test", "password": PASSWORD}).status_code == 302
    return client


def test_platform_staff_see_the_latest_run(sukamaju, senggigi, platform_staff, new_release):
    new_release("migrations_check_kecamatan")
    fleet_run_execute(fleet_run_plan(canary=0, wave_size=10, workers=1, failure_threshold=0.5), poll=0.01)
    page = _staff_client().get("/ops/fleet/").content.decode()
    assert 'data-testid="fleet-progress">2/2<' in page
    assert 'data-testid="count-failed">1<' in page
    assert "52.04.02.2008 Sukamaju" in page


def test_page_without_runs(db, platform_staff):
    assert "Belum pernah ada pembaruan" in _staff_client().get("/ops/fleet/").content.decode()


def test_village_staff_and_strangers_cannot_see_it(sukamaju):
    assert host_client().get("/ops/fleet/").status_code == 302  # to sign-in
    assert host_client(sukamaju).get("/ops/fleet/").status_code == 404  # not a village page
