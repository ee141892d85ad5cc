"""The bulk import keeps what single writes promise: every write audited, the
dry run writing nothing, temporary NIKs numbered once."""
import datetime

from tenant_apps.population.models import Dusun, Family, Resident
from tenant_apps.population.opensid_excel import workbook_read
from tenant_apps.population.opensid_import import population_import
from tenant_apps.village.models import AuditEntry, VillageProfile
from tests.population.test_opensid_excel import BUDI_NIK, KK, SITI_NIK, dry_run, opensid_row, siti, workbook


def _actions() -> list[tuple[str, str]]:
    return sorted(AuditEntry.objects.values_list("action", "object_type"))


def test_a_dry_run_writes_nothing_not_even_audit_or_temporary_numbers(senggigi, in_village):
    in_village(senggigi)
    counter = VillageProfile.objects.get().temporary_nik_counter
    baby = opensid_row(nama="Bayi", nik=None, tanggallahir="2024-01-02", kk_level=4, status_kawin=1)
    report = dry_run(workbook(opensid_row(), siti(), baby))
    assert report.summary["new"] == 3 and not report.committed
    assert not (Resident.objects.exists() or Family.objects.exists() or Dusun.objects.exists()
                or AuditEntry.objects.exists())
    assert VillageProfile.objects.get().temporary_nik_counter == counter


def test_every_write_of_an_import_is_audited_with_who_and_what(senggigi, in_village):
    operator = in_village(senggigi)
    population_import(actor=operator, rows=workbook_read(workbook(opensid_row(), siti())), commit=True)
    assert _actions() == [("family.create", "Family"), ("population.import", "PopulationImport"),
                          ("resident.register", "Resident"), ("resident.register", "Resident"),
                          ("wilayah.create", "Rt")]
    assert set(AuditEntry.objects.values_list("actor_username", flat=True)) == {"operator@senggigi.test"}
    budi = Resident.objects.get(nik=BUDI_NIK)
    registered = AuditEntry.objects.get(action="resident.register", object_id=budi.pk).changes
    assert (registered["nik"], registered["birth_date"], registered["rt"]) == (BUDI_NIK, "1985-07-12", budi.rt_id)
    family = Family.objects.get(no_kk=KK)
    assert AuditEntry.objects.get(action="family.create").changes == {
        "no_kk": KK, "address": "Jl. Raya Senggigi 1", "rt_id": budi.rt_id, "head_id": budi.pk}
    assert family.head == budi
    summary = AuditEntry.objects.get(action="population.import")
    assert summary.object_id is None and summary.changes["new"] == 2

    AuditEntry.objects.all().delete()
    Resident.objects.update(updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    population_import(actor=operator, rows=workbook_read(workbook(opensid_row(suku="Bali", dusun="Mangsit"), siti())),
                      commit=True)
    budi.refresh_from_db()
    assert budi.updated_at.year > 2020 and Resident.objects.get(nik=SITI_NIK).updated_at.year == 2020
    assert _actions() == [("family.update", "Family"), ("population.import", "PopulationImport"),
                          ("resident.update", "Resident"), ("wilayah.create", "Rt")]
    update = AuditEntry.objects.get(action="resident.update")
    assert update.object_id == budi.pk
    assert update.changes == {"ethnicity": "Sasak → Bali", "rt": f"{family.rt_id} → {budi.rt_id}"}
    assert AuditEntry.objects.get(action="family.update").changes == {"rt_id": budi.rt_id}


def test_rows_without_nik_get_distinct_temporary_numbers_in_file_order(senggigi, in_village):
    in_village(senggigi)
    twins = [opensid_row(nama=f"Bayi {n}", nik=None, tanggallahir="2024-01-02", kk_level=4, status_kawin=1)
             for n in (1, 2)]
    dry_run(workbook(opensid_row(), *twins), commit=True)
    numbers = list(Resident.objects.filter(nik_is_temporary=True).order_by("name").values_list("nik", flat=True))
    assert numbers == ["0520114200600001", "0520114200600002"]
    assert VillageProfile.objects.get().temporary_nik_counter == 2


def test_an_unknown_nik_region_is_looked_up_once_per_file_not_once_per_row(senggigi, in_village,
                                                                          django_assert_num_queries):
    in_village(senggigi)
    # 99.99.99 is no kecamatan: every row gets the warning, from one look-up.
    rows = [opensid_row(nama=f"Warga {n}", nik=f"999999120785{n:04d}") for n in range(20)]
    stream = workbook(*rows)
    with django_assert_num_queries(1):
        parsed = workbook_read(stream)
    assert all(len(row.warnings) == 1 for row in parsed)
