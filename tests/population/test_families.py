import datetime

import pytest
from django.core.exceptions import ValidationError

from tenant_apps.population import codes
from tenant_apps.population.family_services import (
    family_move, family_set_head, family_split, group_add_member, household_add_member, household_create,
)
from tenant_apps.population.models import Group, Resident
from tenant_apps.population.services import family_create, resident_register, rt_ensure
from tenant_apps.village.models import AuditEntry
from tests.population.factories import resident_data

Rel = codes.FamilyRelationship


@pytest.fixture
def family(senggigi, in_village):
    operator = in_village(senggigi)
    rt = rt_ensure(actor=operator, dusun="Kerandangan", rw="001", rt="001")
    kk = family_create(actor=operator, no_kk="5201140101200001", rt=rt, address="Jl. Pantai 1")
    people = {
        "budi": resident_register(actor=operator, data=resident_data(
            nik="5201141207850003", name="Budi", sex=1, birth_date=datetime.date(1985, 7, 12), family=kk,
            family_relationship=Rel.KEPALA_KELUARGA)),
        "siti": resident_register(actor=operator, data=resident_data(family=kk, family_relationship=Rel.ISTRI)),
        "andi": resident_register(actor=operator, data=resident_data(
            nik="", name="Andi", sex=1, birth_date=datetime.date(2000, 1, 1), family=kk, family_relationship=Rel.ANAK,
            marital_status=codes.MaritalStatus.KAWIN)),
        "rina": resident_register(actor=operator, data=resident_data(
            nik="", name="Rina", birth_date=datetime.date(2001, 1, 1), family=kk, family_relationship=Rel.LAINNYA)),
    }
    family_set_head(actor=operator, family=kk, head=people["budi"])
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


def test_households_and_groups(family):
    operator, _kk, people = family
    household = household_create(actor=operator, number="RT-001", head=people["budi"])
    household_add_member(actor=operator, household=household, resident=people["siti"])
    assert set(household.members.values_list("name", "household_relationship")) == {("Budi", 1), ("Siti Aminah", 2)}
    group = Group.objects.create(name="Kelompok Tani Subur")
    group_add_member(actor=operator, group=group, resident=people["siti"], role="Ketua")
    group_add_member(actor=operator, group=group, resident=people["siti"], role="Bendahara")
    assert list(group.memberships.values_list("role", flat=True)) == ["Bendahara"]
