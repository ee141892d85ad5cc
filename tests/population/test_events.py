import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenant_apps.population import codes
from tenant_apps.population.events import population_event_entry, population_event_exit, population_event_undo
from tenant_apps.population.models import Resident
from tenant_apps.population.reports import monthly_report
from tenant_apps.population.services import resident_register
from tenant_apps.village.models import AuditEntry
from tests.population.factories import resident_data

Kind = codes.PopulationEvent


@pytest.fixture
def siti(senggigi, in_village):
    operator = in_village(senggigi)
    return operator, resident_register(actor=operator, data=resident_data())


def test_birth_links_the_mother_and_logs_the_event(siti):
    operator, mother = siti
    today = timezone.localdate()
    event = population_event_entry(actor=operator, kind=Kind.LAHIR, occurred_on=today, data=resident_data(
        nik="", name="Bayi Siti", sex=codes.Sex.LAKI_LAKI, marital_status=codes.MaritalStatus.BELUM_KAWIN,
        family_relationship=codes.FamilyRelationship.ANAK, mother=mother))
    baby = event.resident
    assert (baby.mother, baby.mother_nik, baby.birth_date, baby.nik_is_temporary) == (mother, mother.nik, today, True)
    assert AuditEntry.objects.filter(action="event.lahir", object_id=baby.pk).exists()


def test_death_then_undo_with_a_reason(siti):
    operator, resident = siti
    event = population_event_exit(actor=operator, resident=resident, kind=Kind.MATI,
                                  occurred_on=timezone.localdate(), details={"cause": codes.CauseOfDeath.KECELAKAAN})
    resident.refresh_from_db()
    assert resident.basic_status == codes.BasicStatus.MATI
    with pytest.raises(ValidationError):
        population_event_undo(actor=operator, event=event, reason="  ")
    population_event_undo(actor=operator, event=event, reason="Salah pilih penduduk")
    resident.refresh_from_db()
    event.refresh_from_db()
    assert resident.basic_status == codes.BasicStatus.HIDUP
    assert event.undo_reason == "Salah pilih penduduk" and event.undone_at is not None
    with pytest.raises(ValidationError):
        population_event_undo(actor=operator, event=event, reason="lagi")


@pytest.mark.parametrize(("kind", "details", "field"), [
    (Kind.PINDAH_KELUAR, {}, "move_level"),
    (Kind.MATI, {"cause": 42}, "cause"),
    (Kind.LAHIR, {}, "kind"),
])
def test_bad_exit_events_are_refused(siti, kind, details, field):
    operator, resident = siti
    with pytest.raises(ValidationError) as caught:
        population_event_exit(actor=operator, resident=resident, kind=kind, occurred_on=timezone.localdate(),
                              details=details)
    assert field in caught.value.message_dict
    resident.refresh_from_db()
    assert resident.basic_status == codes.BasicStatus.HIDUP


def test_an_event_cannot_be_in_the_future_or_hit_someone_gone(siti):
    operator, resident = siti
    with pytest.raises(ValidationError):
        population_event_exit(actor=operator, resident=resident, kind=Kind.HILANG,
                              occurred_on=timezone.localdate() + datetime.timedelta(days=1))
    population_event_exit(actor=operator, resident=resident, kind=Kind.PERGI, occurred_on=timezone.localdate())
    with pytest.raises(ValidationError):
        population_event_exit(actor=operator, resident=resident, kind=Kind.MATI, occurred_on=timezone.localdate())


def test_monthly_report_reconciles(siti):
    operator, siti_resident = siti
    today = timezone.localdate()
    born = population_event_entry(actor=operator, kind=Kind.LAHIR, occurred_on=today, data=resident_data(
        nik="", name="Bayi", sex=codes.Sex.LAKI_LAKI, marital_status=codes.MaritalStatus.BELUM_KAWIN)).resident
    moved_in = population_event_entry(actor=operator, kind=Kind.PINDAH_MASUK, occurred_on=today, data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12))).resident
    population_event_exit(actor=operator, resident=moved_in, kind=Kind.PINDAH_KELUAR, occurred_on=today,
                          details={"move_level": codes.MoveLevel.KABUPATEN, "destination": "Mataram"})
    report = monthly_report(year=today.year, month=today.month)
    assert report["start"]["total"] == 0
    assert (report["births"]["male"], report["moved_in"]["total"], report["registered"]["female"]) == (1, 1, 1)
    assert report["moved_out"]["total"] == 1
    assert report["end"] == {"male": 1, "female": 1, "total": 2}
    for sex in ("male", "female", "total"):
        line = {key: value[sex] for key, value in report.items()}
        assert line["end"] == (line["start"] + line["births"] + line["moved_in"] + line["registered"]
                               - line["deaths"] - line["moved_out"] - line["missing"] - line["left"])
    assert Resident.objects.get(pk=born.pk).basic_status == codes.BasicStatus.HIDUP


def test_an_exit_recorded_late_reconciles_the_month_it_happened(siti):
    """After moving to Balai, operators record last month's deaths of residents registered today."""
    operator, resident = siti
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    population_event_exit(actor=operator, resident=resident, kind=Kind.MATI, occurred_on=last_month)
    report = monthly_report(year=last_month.year, month=last_month.month)
    line = {key: value["total"] for key, value in report.items()}
    assert (line["start"], line["deaths"], line["end"]) == (1, 1, 0)
    assert monthly_report(year=today.year, month=today.month)["start"]["total"] == 0


def test_an_exit_cannot_predate_the_move_in(siti):
    operator, _resident = siti
    today = timezone.localdate()
    newcomer = population_event_entry(actor=operator, kind=Kind.PINDAH_MASUK, occurred_on=today, data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12))).resident
    with pytest.raises(ValidationError):
        population_event_exit(actor=operator, resident=newcomer, kind=Kind.PERGI,
                              occurred_on=today - datetime.timedelta(days=3))


def test_a_birth_takes_family_address_and_religion_from_the_mother(siti):
    from tenant_apps.population.services import family_create, rt_ensure

    operator, mother = siti
    rt = rt_ensure(actor=operator, dusun="Utara", rw="01", rt="001")
    family = family_create(actor=operator, no_kk="5201140101200001", rt=rt)
    mother = resident_register(actor=operator, data=resident_data(
        nik="5201144101920002", name="Ani", birth_date=datetime.date(1992, 1, 1), family=family, rt=rt,
        address="Jl. Pantai 3", religion=codes.Religion.HINDU))
    today = timezone.localdate()
    baby = population_event_entry(actor=operator, kind=Kind.LAHIR, occurred_on=today, data={
        "name": "Bayi Ani", "sex": codes.Sex.PEREMPUAN, "mother": mother}).resident
    assert (baby.family, baby.rt, baby.address, baby.religion) == (family, rt, "Jl. Pantai 3", codes.Religion.HINDU)
    assert (baby.family_relationship, baby.marital_status) == (codes.FamilyRelationship.ANAK,
                                                               codes.MaritalStatus.BELUM_KAWIN)
    assert (baby.mother, baby.mother_name, baby.birth_date) == (mother, "Ani", today)


def test_a_birth_needs_a_living_woman_as_mother(siti):
    operator, mother = siti
    today = timezone.localdate()
    father = resident_register(actor=operator, data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12)))
    with pytest.raises(ValidationError) as error:
        population_event_entry(actor=operator, kind=Kind.LAHIR, occurred_on=today,
                               data={"name": "Bayi", "sex": codes.Sex.LAKI_LAKI, "mother": father})
    assert "mother" in error.value.message_dict
    population_event_exit(actor=operator, resident=mother, kind=Kind.PINDAH_KELUAR, occurred_on=today,
                          details={"move_level": codes.MoveLevel.DESA})
    mother.refresh_from_db()
    with pytest.raises(ValidationError):
        population_event_entry(actor=operator, kind=Kind.LAHIR, occurred_on=today,
                               data={"name": "Bayi", "sex": codes.Sex.LAKI_LAKI, "mother": mother})
    assert not Resident.objects.filter(name="Bayi").exists()


def test_a_move_in_cannot_predate_the_birth(siti):
    operator, _resident = siti
    with pytest.raises(ValidationError) as error:
        population_event_entry(actor=operator, kind=Kind.PINDAH_MASUK, occurred_on=datetime.date(1980, 1, 1),
                               data=resident_data(nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI,
                                                  birth_date=datetime.date(1985, 7, 12)))
    assert "occurred_on" in error.value.message_dict


def test_an_undo_never_overwrites_a_status_set_since(siti):
    from tenant_apps.population.services import resident_update

    operator, resident = siti
    death = population_event_exit(actor=operator, resident=resident, kind=Kind.MATI, occurred_on=timezone.localdate())
    resident.refresh_from_db()
    # An OpenSID import (its file is the record) says the resident moved away instead.
    resident_update(actor=operator, resident=resident, data={"basic_status": codes.BasicStatus.PINDAH},
                    status_change_allowed=True)
    with pytest.raises(ValidationError) as error:
        population_event_undo(actor=operator, event=death, reason="salah catat")
    assert "sudah berubah" in str(error.value)
    resident.refresh_from_db()
    assert resident.basic_status == codes.BasicStatus.PINDAH
