import datetime

import pytest
from django.core.exceptions import ValidationError

from tenant_apps.population import codes
from tenant_apps.population.events import population_event_exit
from tenant_apps.population.models import Resident
from tenant_apps.population.nik import WARNING_BIRTH_DATE, WARNING_REGION
from tenant_apps.population.services import (
    family_create, resident_confirm_nik_warnings, resident_register, resident_update, rt_ensure,
)
from tenant_apps.village.models import AuditEntry
from tests.population.factories import SITI_NIK, resident_data


def test_register_a_resident_with_a_clean_nik(senggigi, in_village):
    operator = in_village(senggigi)
    siti = resident_register(actor=operator, data=resident_data())
    assert (siti.nik, siti.nik_is_temporary, siti.nik_warnings) == (SITI_NIK, False, [])
    entry = AuditEntry.objects.get(object_id=siti.pk)
    assert (entry.action, entry.actor_username) == ("resident.register", "operator@senggigi.test")


@pytest.mark.parametrize("nik", ["123", "52011445039000012", "52011445039000ab"])
def test_a_nik_must_be_16_digits(senggigi, in_village, nik):
    with pytest.raises(ValidationError) as caught:
        resident_register(actor=in_village(senggigi), data=resident_data(nik=nik))
    assert caught.value.message_dict["nik"] == ["NIK harus 16 angka."]
    assert not Resident.objects.exists()


def test_a_nik_is_held_by_one_living_resident(senggigi, in_village):
    operator = in_village(senggigi)
    siti = resident_register(actor=operator, data=resident_data())
    with pytest.raises(ValidationError) as caught:
        resident_register(actor=operator, data=resident_data(name="Siti Kembar"))
    assert "sudah dipakai" in caught.value.message_dict["nik"][0]
    # Once Siti has died her NIK may be registered again (a correction after a wrong entry).
    population_event_exit(actor=operator, resident=siti, kind=codes.PopulationEvent.MATI,
                          occurred_on=datetime.date.today())
    assert resident_register(actor=operator, data=resident_data(name="Siti Aminah")).pk != siti.pk


def test_structure_anomalies_are_warnings_that_can_be_confirmed(senggigi, in_village):
    operator = in_village(senggigi)
    # 99.99.99 is no kecamatan; 05-03-1990 for a woman should read 450390.
    odd = resident_register(actor=operator, data=resident_data(nik="9999990503900002"))
    assert odd.nik_warnings == [WARNING_REGION, WARNING_BIRTH_DATE]
    assert odd.nik_warnings_confirmed is False
    resident_confirm_nik_warnings(actor=operator, resident=odd)
    odd.refresh_from_db()
    assert odd.nik_warnings_confirmed is True
    # Fixing the NIK clears the warnings.
    resident_update(actor=operator, resident=odd, data={"nik": "5201144503900002"})
    assert odd.nik_warnings == []


def test_a_man_has_no_day_offset(senggigi, in_village):
    budi = resident_register(actor=in_village(senggigi), data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12),
        family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA))
    assert budi.nik_warnings == []


def test_without_a_nik_a_resident_gets_the_temporary_number(senggigi, in_village):
    operator = in_village(senggigi)
    first = resident_register(actor=operator, data=resident_data(nik=""))
    second = resident_register(actor=operator, data=resident_data(nik="", name="Bayi"))
    assert (first.nik, first.nik_is_temporary) == ("0520114200600001", True)
    assert second.nik == "0520114200600002"


def test_bad_codes_are_refused_with_field_errors(senggigi, in_village):
    with pytest.raises(ValidationError) as caught:
        resident_register(actor=in_village(senggigi), data=resident_data(religion=42, sex=3))
    assert set(caught.value.message_dict) == {"religion", "sex"}


def test_update_audits_what_changed(senggigi, in_village):
    operator = in_village(senggigi)
    siti = resident_register(actor=operator, data=resident_data())
    resident_update(actor=operator, resident=siti, data={"name": "Siti Aminah Putri", "phone": "08123"})
    entry = AuditEntry.objects.get(action="resident.update")
    assert entry.changes == {"name": "Siti Aminah → Siti Aminah Putri", "phone": " → 08123"}


def test_families_and_wilayah(senggigi, in_village):
    operator = in_village(senggigi)
    rt = rt_ensure(actor=operator, dusun="Dusun Kerandangan", rw="001", rt="002")
    assert rt_ensure(actor=operator, dusun="Dusun Kerandangan", rw="001", rt="002") == rt  # idempotent
    family = family_create(actor=operator, no_kk="5201140101200001", rt=rt, address="Jl. Raya Senggigi")
    with pytest.raises(ValidationError) as caught:
        family_create(actor=operator, no_kk="5201140101200001")
    assert "sudah terdaftar" in caught.value.message_dict["no_kk"][0]
    with pytest.raises(ValidationError):
        family_create(actor=operator, no_kk="12345")
    assert family.rt.rw.dusun.name == "Dusun Kerandangan"


def test_the_basic_status_changes_only_through_events(senggigi, in_village):
    operator = in_village(senggigi)
    siti = resident_register(actor=operator, data=resident_data())
    with pytest.raises(ValidationError) as caught:
        resident_update(actor=operator, resident=siti, data={"basic_status": codes.BasicStatus.MATI})
    assert "peristiwa" in caught.value.message_dict["basic_status"][0]


def test_a_typed_nik_never_starts_with_zero(senggigi, in_village):
    with pytest.raises(ValidationError) as caught:
        resident_register(actor=in_village(senggigi), data=resident_data(nik="0520114200600001"))
    assert caught.value.message_dict["nik"] == ["NIK tidak diawali angka 0."]


def test_a_temporary_number_is_never_handed_out_twice(senggigi, in_village):
    operator = in_village(senggigi)
    first = resident_register(actor=operator, data=resident_data(nik=""))
    second = resident_register(actor=operator, data=resident_data(nik="", name="Bayi"))
    resident_update(actor=operator, resident=second, data={"nik": "5201144503900009"})
    third = resident_register(actor=operator, data=resident_data(nik="", name="Bayi Lain"))
    assert (first.nik, third.nik) == ("0520114200600001", "0520114200600003")
