import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from shared_apps.fleet.models import FleetRun, FleetRunVillage
from shared_apps.fleet.services import FleetRunInProgress, fleet_run_execute, fleet_run_plan, fleet_run_resume
from shared_apps.fleet.versions import schema_migrations, target_version, version_of, villages_census
from tenants.models import Village

PLAN = {"canary": 0, "wave_size": 10, "workers": 2, "failure_threshold": 0.5}


def _columns(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = 'village_villageprofile'",
            [schema],
        )
        return {name for (name,) in cursor.fetchall()}


def _version(village) -> str:
    return Village.objects.get(pk=village.pk).schema_version


def test_provisioned_villages_are_at_the_code_version(sukamaju):
    assert sukamaju.schema_version == target_version()
    assert version_of(schema_migrations(sukamaju.schema_name)) == target_version()


def test_census_records_villages_without_a_version(sukamaju):
    Village.objects.filter(pk=sukamaju.pk).update(schema_version="")
    assert villages_census() == 1
    assert _version(sukamaju) == target_version()


def test_nothing_to_do_when_every_village_is_current(sukamaju, senggigi):
    assert fleet_run_plan(**PLAN) is None


def test_upgrade_applies_a_new_migration_to_every_village(sukamaju, senggigi, new_release):
    old = target_version()
    new_release("migrations_add_motto")
    assert target_version() != old

    run = fleet_run_plan(**PLAN)
    assert set(run.steps) == {old}
    assert [step["name"] for step in run.steps[old]] == ["0002_profile_motto"]
    assert "ADD COLUMN" in run.steps[old][0]["sql"] and '"desa_' not in run.steps[old][0]["sql"]

    run = fleet_run_execute(run, poll=0.01)
    assert run.status == FleetRun.Status.COMPLETED
    for village in (sukamaju, senggigi):
        assert "motto" in _columns(village.schema_name)
        assert _version(village) == target_version()
        assert ("village", "0002_profile_motto") in schema_migrations(village.schema_name)
    assert fleet_run_plan(**PLAN) is None  # all current: one query, no run


def test_a_failing_village_is_isolated_and_left_at_the_old_version(sukamaju, senggigi, new_release):
    old = target_version()
    new_release("migrations_check_kecamatan")
    run = fleet_run_execute(fleet_run_plan(**PLAN), poll=0.01)

    assert run.status == FleetRun.Status.COMPLETED  # 1 of 2 failed, within the 50 % threshold
    failed = FleetRunVillage.objects.get(run=run, state="failed")
    assert failed.village_id == sukamaju.pk and failed.attempts == 3
    assert "kecamatan_not_lunyuk" in failed.error
    assert "Failing row" not in failed.error and "Lunyuk" not in failed.error  # no row values
    assert _version(sukamaju) == old
    assert ("village", "0002_kecamatan_not_lunyuk") not in schema_migrations(sukamaju.schema_name)
    assert _version(senggigi) == target_version()


def test_a_failing_canary_stops_the_run(sukamaju, senggigi, new_release):
    new_release("migrations_check_kecamatan")
    run = fleet_run_execute(fleet_run_plan(**{**PLAN, "canary": 1}), poll=0.01)
    assert run.status == FleetRun.Status.STOPPED
    assert run.stop_reason == "the canary failed in 1 of 1 villages"
    assert FleetRunVillage.objects.get(run=run, village=senggigi).state == "pending"


def test_two_runs_never_go_at_once(sukamaju, new_release):
    new_release("migrations_add_motto")
    fleet_run_plan(**PLAN)
    with pytest.raises(FleetRunInProgress):
        fleet_run_plan(**PLAN)


def test_a_village_locked_by_another_run_is_not_touched(sukamaju, new_release):
    new_release("migrations_add_motto")
    run = fleet_run_plan(**PLAN)
    database = settings.DATABASES["default"]
    with psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"],
                         dbname=database["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(7310, %s)", [sukamaju.pk])
        run = fleet_run_execute(run, poll=0.01)
    row = FleetRunVillage.objects.get(run=run)
    assert (row.state, row.error) == ("failed", "another run holds this village")
    assert "motto" not in _columns(sukamaju.schema_name)


def test_resume_after_a_crash_finishes_the_run(sukamaju, senggigi, new_release):
    new_release("migrations_add_motto")
    run = fleet_run_plan(**PLAN)
    # A worker died while holding Sukamaju: its transaction never committed.
    FleetRunVillage.objects.filter(run=run, village=sukamaju).update(state="running")
    resumed = fleet_run_resume()
    assert resumed.pk == run.pk
    assert FleetRunVillage.objects.get(run=run, village=sukamaju).state == "pending"
    run = fleet_run_execute(resumed, poll=0.01)
    assert run.status == FleetRun.Status.COMPLETED
    assert {_version(sukamaju), _version(senggigi)} == {target_version()}


def test_cli_upgrade_status_and_exit_codes(sukamaju, senggigi, new_release, capsys):
    new_release("migrations_check_kecamatan")
    with pytest.raises(CommandError) as caught:
        call_command("fleet", "upgrade", "--canary", "0", "--failure-threshold", "0.5")
    assert caught.value.returncode == 1
    call_command("fleet", "status")
    out = capsys.readouterr().out
    assert "[##############################] 2/2" in out
    assert "pending 0  running 0  done 1  failed 1" in out
    assert "failed 52.04.02.2008 Sukamaju:" in out
    with pytest.raises(CommandError) as caught:
        call_command("fleet", "upgrade", "--wave-size", "0")
    assert caught.value.returncode == 2


def test_balai_migrate_upgrades_villages_behind_in_process(sukamaju, senggigi, new_release):
    new_release("migrations_add_motto")
    call_command("migrate", interactive=False, verbosity=0)
    assert {_version(sukamaju), _version(senggigi)} == {target_version()}
    assert "motto" in _columns(senggigi.schema_name)


def test_cli_resume_finishes_an_interrupted_run(sukamaju, senggigi, new_release, capsys):
    new_release("migrations_add_motto")
    run = fleet_run_plan(**PLAN)
    FleetRunVillage.objects.filter(run=run, village=sukamaju).update(state="running")
    call_command("fleet", "upgrade", "--resume")
    assert "done 2  failed 0" in capsys.readouterr().out
    assert {_version(sukamaju), _version(senggigi)} == {target_version()}


def test_a_data_migration_goes_through_django_executor_per_village(sukamaju, senggigi, new_release):
    new_release("migrations_fill_motto")
    run = fleet_run_plan(**PLAN)
    steps = run.steps[sukamaju.schema_version]
    assert [(s["name"], s["sql"] is None) for s in steps] == [("0002_profile_motto", False), ("0003_fill_motto", True)]
    run = fleet_run_execute(run, poll=0.01)
    assert run.status == FleetRun.Status.COMPLETED and not run.villages.filter(state="failed").exists()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT motto FROM "{senggigi.schema_name}".village_villageprofile')
        assert cursor.fetchone() == ("Desa Senggigi maju",)
    assert _version(sukamaju) == target_version()


def test_villages_missing_migrations_of_several_shared_apps_are_planned_and_upgraded(sukamaju):
    """A village made before two unrelated shared apps gained a migration each: its
    plan starts from everything it has applied, not from the first pending
    migration's ancestors (regions' index would then find no regions model)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{sukamaju.schema_name}".django_migrations WHERE (app, name) IN '
            "(('accounts', '0003_platform_role'), ('regions', '0002_search_indexes'))"
        )
    Village.objects.filter(pk=sukamaju.pk).update(schema_version=version_of(schema_migrations(sukamaju.schema_name)))
    run = fleet_run_plan(**PLAN)
    (steps,) = run.steps.values()
    assert [(step["app"], step["name"]) for step in steps] == [("accounts", "0003_platform_role"),
                                                              ("regions", "0002_search_indexes")]
    assert all(step["sql"] == "" for step in steps)  # shared apps touch no village schema
    fleet_run_execute(run, poll=0.01)
    assert _version(sukamaju) == target_version()
