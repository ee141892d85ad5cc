import pytest
from django.core.exceptions import ValidationError

from tenant_apps.population import codes
from tenant_apps.population.family_services import (
    family_add_member, family_move, family_remove_member, family_set_head, family_set_relationship, family_split,
)
from tenant_apps.population.models import Family, Resident
from tenant_apps.population.services import resident_register, rt_ensure
from tenant_apps.village.models import AuditEntry
from tests.population.factories import resident_data
from tests.population.registry_story import budi_family, stranger

Rel = codes.FamilyRelationship


@pytest.fixture
def family(senggigi, in_village):
    operator = in_village(senggigi)
    kk, people = budi_family(operator)
    return operator, kk, people


def test_split_a_family(family):
    operator, kk, people = family
    new = family_split(actor=operator, family=kk, members=[people["andi"], people["rina"]],
                       new_no_kk="5201140101200002", head=people["andi"])
    assert set(new.members.values_list("name", flat=True)) == {"Andi", "Rina"}
    assert new.head.name == "Andi" and new.rt == kk.rt
    assert Resident.objects.get(name="Andi").family_relationship == Rel.KEPALA_KELUARGA
    assert set(kk.members.values_list("name", flat=True)) == {"Budi", "Siti Aminah"}
    assert AuditEntry.objects.filter(action="family.split").exists()


@pytest.mark.parametrize("case", ["head outside", "everyone", "stranger"])
def test_bad_splits_change_nothing(family, case):
    operator, kk, people = family
    members, head = [people["andi"]], people["andi"]
    if case == "head outside":
        head = people["budi"]
    elif case == "everyone":
        members = list(people.values())
    else:
        stranger = resident_register(actor=operator, data=resident_data(nik="", name="Orang Lain"))
        members = [stranger]
        head = stranger
    with pytest.raises(ValidationError):
        family_split(actor=operator, family=kk, members=members, new_no_kk="5201140101200002", head=head)
    assert kk.members.count() == 4


def test_move_a_whole_family(family):
    operator, kk, _people = family
    rt = rt_ensure(actor=operator, dusun="Mangsit", rw="002", rt="003")
    family_move(actor=operator, family=kk, rt=rt, address="Jl. Bukit 9")
    assert set(kk.members.values_list("rt__rw__dusun__name", "address")) == {("Mangsit", "Jl. Bukit 9")}




@pytest.mark.parametrize("no_kk, message", [
    ("52011401012000", "Nomor KK harus 16 angka."),
    ("52011401012000AB", "Nomor KK harus 16 angka."),
    ("5201140101200001", "Nomor KK ini sudah terdaftar."),  # the old KK's own number
])
def test_split_refuses_a_bad_new_number_and_keeps_everyone(family, no_kk, message):
    operator, kk, people = family
    with pytest.raises(ValidationError) as caught:
        family_split(actor=operator, family=kk, members=[people["andi"]], new_no_kk=no_kk, head=people["andi"])
    assert caught.value.message_dict["no_kk"] == [message]
    assert kk.members.count() == 4 and Family.objects.count() == 1


def test_split_refuses_a_member_who_died(family):
    operator, kk, people = family
    Resident.objects.filter(pk=people["rina"].pk).update(basic_status=codes.BasicStatus.MATI)
    with pytest.raises(ValidationError, match="masih hidup"):
        family_split(actor=operator, family=kk, members=[people["andi"], people["rina"]],
                     new_no_kk="5201140101200002", head=people["andi"])


def test_change_the_head_keeps_exactly_one(family):
    operator, kk, people = family
    family_set_head(actor=operator, family=kk, head=people["siti"], former_head_relationship=Rel.SUAMI)
    heads = list(kk.members.filter(family_relationship=Rel.KEPALA_KELUARGA).values_list("name", flat=True))
    assert heads == ["Siti Aminah"] and Family.objects.get(pk=kk.pk).head_id == people["siti"].pk
    assert Resident.objects.get(pk=people["budi"].pk).family_relationship == Rel.SUAMI


@pytest.mark.parametrize("case", ["outsider", "dead", "head as former relationship"])
def test_bad_head_changes_change_nothing(family, case):
    operator, kk, people = family
    head, former = people["siti"], Rel.LAINNYA
    if case == "outsider":
        head = stranger(operator)
    elif case == "dead":
        Resident.objects.filter(pk=head.pk).update(basic_status=codes.BasicStatus.MATI)
    else:
        former = Rel.KEPALA_KELUARGA
    with pytest.raises(ValidationError):
        family_set_head(actor=operator, family=kk, head=head, former_head_relationship=former)
    assert Family.objects.get(pk=kk.pk).head_id == people["budi"].pk
    assert Resident.objects.get(pk=people["budi"].pk).family_relationship == Rel.KEPALA_KELUARGA


def test_add_an_existing_resident_who_takes_the_family_address(family):
    operator, kk, _people = family
    wayan = stranger(operator)
    family_add_member(actor=operator, family=kk, resident=wayan, relationship=Rel.FAMILI_LAIN)
    wayan.refresh_from_db()
    assert (wayan.family_id, wayan.family_relationship, wayan.rt_id, wayan.address) == (
        kk.pk, Rel.FAMILI_LAIN, kk.rt_id, "Jl. Pantai 1")
    assert AuditEntry.objects.filter(action="family.add_member", object_id=kk.pk).exists()


def test_add_member_rules(family):
    operator, kk, people = family
    with pytest.raises(ValidationError, match="sudah anggota KK ini"):
        family_add_member(actor=operator, family=kk, resident=people["siti"], relationship=Rel.ISTRI)
    with pytest.raises(ValidationError, match="sudah punya kepala keluarga"):
        family_add_member(actor=operator, family=kk, resident=stranger(operator), relationship=Rel.KEPALA_KELUARGA)
    dead = stranger(operator, name="Almarhum")
    Resident.objects.filter(pk=dead.pk).update(basic_status=codes.BasicStatus.MATI)
    with pytest.raises(ValidationError, match="masih hidup"):
        family_add_member(actor=operator, family=kk, resident=dead, relationship=Rel.ANAK)
    other = family_split(actor=operator, family=kk, members=[people["andi"]], new_no_kk="5201140101200002",
                         head=people["andi"])
    with pytest.raises(ValidationError, match="kepala KK lain"):
        family_add_member(actor=operator, family=kk, resident=people["andi"], relationship=Rel.ANAK)
    assert Resident.objects.get(pk=people["andi"].pk).family_id == other.pk


def test_a_headless_family_gets_its_head_by_adding_one(family):
    operator, _kk, _people = family
    from tenant_apps.population.services import family_create

    empty = family_create(actor=operator, no_kk="5201140101200009")
    wayan = stranger(operator)
    family_add_member(actor=operator, family=empty, resident=wayan, relationship=Rel.KEPALA_KELUARGA)
    assert Family.objects.get(pk=empty.pk).head_id == wayan.pk


def test_remove_a_member_but_never_the_head(family):
    operator, kk, people = family
    family_remove_member(actor=operator, family=kk, resident=people["rina"])
    assert Resident.objects.get(pk=people["rina"].pk).family_id is None
    with pytest.raises(ValidationError, match="Kepala keluarga tidak bisa dikeluarkan"):
        family_remove_member(actor=operator, family=kk, resident=people["budi"])


def test_relationships_change_but_not_to_head(family):
    operator, kk, people = family
    family_set_relationship(actor=operator, family=kk, resident=people["rina"], relationship=Rel.CUCU)
    assert Resident.objects.get(pk=people["rina"].pk).family_relationship == Rel.CUCU
    for resident, relationship in [(people["rina"], Rel.KEPALA_KELUARGA), (people["budi"], Rel.SUAMI),
                                   (people["rina"], 99)]:
        with pytest.raises(ValidationError):
            family_set_relationship(actor=operator, family=kk, resident=resident, relationship=relationship)
    assert Resident.objects.get(pk=people["budi"].pk).family_relationship == Rel.KEPALA_KELUARGA


def test_move_refuses_no_rt_and_no_change(family):
    operator, kk, _people = family
    with pytest.raises(ValidationError, match="Pilih RT tujuan"):
        family_move(actor=operator, family=kk, rt=None, address="Jl. Lain")
    with pytest.raises(ValidationError, match="sudah di RT"):
        family_move(actor=operator, family=kk, rt=kk.rt, address="Jl. Pantai 1")


def test_the_resident_form_and_api_cannot_give_a_kk_a_second_head(senggigi, in_village):
    import datetime

    from django.core.exceptions import ValidationError

    from tenant_apps.population import codes
    from tenant_apps.population.models import Family
    from tenant_apps.population.services import family_create, resident_register, resident_update
    from tests.population.factories import resident_data

    operator = in_village(senggigi)
    family = family_create(actor=operator, no_kk="5201140101200009")
    head = codes.FamilyRelationship.KEPALA_KELUARGA
    budi = resident_register(actor=operator, data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12),
        family=family, family_relationship=head))
    assert Family.objects.get(pk=family.pk).head == budi  # the first head of a headless KK heads it
    with pytest.raises(ValidationError) as second:
        resident_register(actor=operator, data=resident_data(family=family, family_relationship=head))
    assert "family_relationship" in second.value.message_dict
    other = family_create(actor=operator, no_kk="5201140101200010")
    with pytest.raises(ValidationError) as moved:
        resident_update(actor=operator, resident=budi, data={"family": other})
    assert "family" in moved.value.message_dict
