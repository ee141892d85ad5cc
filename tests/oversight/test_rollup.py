import pytest
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from shared_apps.oversight.models import RollupCell, RollupState, VillageChange
from shared_apps.oversight.refresh import rollup_refresh, villages_to_refresh
from tenant_apps.population import codes
from tenant_apps.population.events import population_event_exit
from tenant_apps.population.models import Resident
from tenant_apps.population.services import resident_register, resident_update
from tenants.models import Village
from tests.oversight.conftest import TODAY, residents_add
from tests.population.factories import resident_data


def cells(code: str, metric: str) -> dict[tuple, int]:
    return {(d1, d2, d3): value for d1, d2, d3, value in
            RollupCell.objects.filter(region_code=code, metric=metric).values_list("d1", "d2", "d3", "value")}


def population_total(code: str) -> int:
    return sum(cells(code, "population").values())


def operator_of(village):
    from shared_apps.accounts.models import User

    return User.objects.get(email=f"operator@{village.slug}.test")


def test_full_refresh_rolls_villages_up_to_every_level(populated):
    senggigi = cells("52.01.14.2006", "population")
    # Age bands index codes.AGE_RANGES: 30 → band 7 (30-34), 40 → band 9 (40-44).
    assert senggigi == {("2", "7", ""): 12, ("1", "9", ""): 11}
    assert cells("52.01.14.2006", "religion") == {("2", "1", ""): 12, ("1", "1", ""): 8, ("1", "2", ""): 3}
    for code in ("52.01.14", "52.01"):
        assert population_total(code) == 23
    assert population_total("52.04") == 8
    assert population_total("52") == 31
    # Villages on Balai and in the Kemendagri list (the sample list has 9 desa in Batu Layar).
    assert cells("52.01.14", "villages") == {("active", "", ""): 1}
    assert cells("52.01.14", "villages_listed") == {("", "", ""): 9}
    assert cells("52", "villages") == {("active", "", ""): 2}


def test_only_villages_whose_data_changed_are_refreshed(populated):
    senggigi, sukamaju = populated["senggigi"], populated["sukamaju"]
    assert villages_to_refresh(everything=False) == []
    before = RollupState.objects.get(village=sukamaju).refreshed_at

    with tenant_context(sukamaju):
        resident_register(actor=operator_of(sukamaju), data=resident_data(nik="5204024503900001"))
    connection.set_schema_to_public()

    assert [village.code for village in villages_to_refresh(everything=False)] == [sukamaju.code]
    run = rollup_refresh()
    assert run.total == 1
    assert population_total("52.04.02.2008") == 9 and population_total("52") == 32
    assert RollupState.objects.get(village=sukamaju).refreshed_at > before
    assert not VillageChange.objects.exists()
    assert villages_to_refresh(everything=False) == []
    assert population_total("52.01.14.2006") == 23  # untouched


def test_a_change_rolled_back_leaves_no_mark(populated):
    sukamaju = populated["sukamaju"]
    with tenant_context(sukamaju):
        with pytest.raises(RuntimeError), transaction.atomic():
            resident_register(actor=operator_of(sukamaju), data=resident_data(nik="5204024503900001"))
            raise RuntimeError("the import's dry run ends here")
    connection.set_schema_to_public()
    assert not VillageChange.objects.exists()


def test_many_writes_in_one_transaction_leave_one_mark(populated):
    sukamaju = populated["sukamaju"]
    with tenant_context(sukamaju), transaction.atomic():
        for resident in Resident.objects.all()[:3]:
            resident_update(actor=operator_of(sukamaju), resident=resident, data={"religion": codes.Religion.HINDU})
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=sukamaju).count() == 1


def test_events_are_counted_per_month_kind_and_sex(populated):
    senggigi = populated["senggigi"]
    with tenant_context(senggigi):
        resident = Resident.objects.filter(sex=codes.Sex.LAKI_LAKI).first()
        population_event_exit(actor=operator_of(senggigi), resident=resident, kind=codes.PopulationEvent.MATI,
                              occurred_on=TODAY)
    connection.set_schema_to_public()
    rollup_refresh()
    month = TODAY.strftime("%Y-%m")
    assert cells("52.01.14.2006", "events") == {(month, "2", "1"): 1}
    assert cells("52", "events") == {(month, "2", "1"): 1}
    assert population_total("52.01") == 22  # the dead are not living residents


def test_suspended_village_still_counts_and_archived_village_leaves(populated):
    senggigi = populated["senggigi"]
    Village.objects.filter(pk=senggigi.pk).update(status=Village.Status.SUSPENDED)
    assert [village.code for village in villages_to_refresh(everything=False)] == [senggigi.code]
    rollup_refresh()
    assert cells("52.01", "villages") == {("suspended", "", ""): 1}
    assert population_total("52.01") == 23

    Village.objects.filter(pk=senggigi.pk).update(status=Village.Status.ARCHIVED)
    rollup_refresh()
    assert not RollupCell.objects.filter(region_code="52.01.14.2006").exists()
    assert cells("52.01", "villages") == {}
    assert population_total("52.01") == 0 and population_total("52") == 8
    assert cells("52.01", "villages_listed") == {("", "", ""): 9}  # the list still has them


def test_villages_still_provisioning_are_not_rolled_up(populated):
    Village.objects.filter(pk=populated["sukamaju"].pk).update(status=Village.Status.PROVISIONING)
    assert [village.code for village in villages_to_refresh(everything=True)] == ["52.01.14.2006"]


def test_no_nik_name_or_address_reaches_public(populated):
    senggigi = populated["senggigi"]
    with tenant_context(senggigi):
        secrets = set()
        for nik, name, address in Resident.objects.values_list("nik", "name", "address"):
            secrets |= {nik, name, address}
    connection.set_schema_to_public()
    stored = set()
    for row in RollupCell.objects.values_list("region_code", "parent_code", "metric", "d1", "d2", "d3"):
        stored |= set(row)
    assert not stored & secrets
    assert all(len(value) <= 16 for value in stored)
    with connection.cursor() as cursor:  # nothing of a person anywhere in the oversight tables
        cursor.execute("SELECT string_agg(t::text, ' ') FROM oversight_rollupcell t")
        dump = cursor.fetchone()[0]
    assert not any(secret in dump for secret in secrets if len(secret) > 3)


def test_full_refresh_drops_rows_of_villages_that_left(populated):
    residents_add(populated["sukamaju"], 2)
    Village.objects.filter(pk=populated["sukamaju"].pk).update(status=Village.Status.ARCHIVED)
    RollupState.objects.filter(village=populated["sukamaju"]).update(status=Village.Status.ARCHIVED)
    rollup_refresh(everything=True)  # the status looks rolled up, yet --all drops its rows
    assert not RollupCell.objects.filter(region_code="52.04.02.2008").exists()
    assert population_total("52") == 23


def test_refresh_in_parallel_threads_rolls_up_every_village(committed_villages, monkeypatch):
    from shared_apps.oversight import refresh

    monkeypatch.setattr(refresh, "VILLAGES_PER_WORKER", 1)
    residents_add(committed_villages["senggigi"], 6)
    residents_add(committed_villages["sukamaju"], 7)
    run = rollup_refresh(everything=True, workers=2)
    assert (run.total, run.done, run.error) == (2, 2, "")
    assert population_total("52.01") == 6 and population_total("52.04") == 7 and population_total("52") == 13


def test_an_import_marks_its_village_once_and_a_dry_run_not_at_all(populated):
    from tests.population.test_opensid_excel import dry_run, siti, workbook

    sukamaju = populated["sukamaju"]
    with tenant_context(sukamaju):
        dry_run(workbook(siti(nik="5204024503900001")))
    connection.set_schema_to_public()
    assert not VillageChange.objects.exists()
    with tenant_context(sukamaju):
        dry_run(workbook(siti(nik="5204024503900001")), commit=True)
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=sukamaju).count() == 1
