import pytest
from django.core.exceptions import ValidationError

from tenant_apps.population import codes
from tenant_apps.population.group_services import (
    group_add_member, group_create, group_remove_member, group_set_role, group_update,
)
from tenant_apps.population.household_services import (
    household_add_member, household_create, household_remove_member, household_set_head,
)
from tenant_apps.population.models import Group, GroupMembership, Household, Resident
from tenant_apps.village.models import AuditEntry
from tests.population.registry_story import budi_family, stranger

Role = GroupMembership.Role


@pytest.fixture
def people(senggigi, in_village):
    operator = in_village(senggigi)
    _kk, people = budi_family(operator)
    return operator, people


def test_household_with_head_and_members(people):
    operator, people = people
    household = household_create(actor=operator, number=" RT-001 ", head=people["budi"])
    household_add_member(actor=operator, household=household, resident=people["siti"])
    assert household.number == "RT-001"
    assert set(household.members.values_list("name", "household_relationship")) == {("Budi", 1), ("Siti Aminah", 2)}
    household_set_head(actor=operator, household=household, head=people["siti"])
    assert set(household.members.values_list("name", "household_relationship")) == {("Budi", 2), ("Siti Aminah", 1)}
    household_remove_member(actor=operator, household=household, resident=people["budi"])
    assert list(household.members.values_list("name", flat=True)) == ["Siti Aminah"]
    assert AuditEntry.objects.filter(object_type="Household", object_id=household.pk).count() == 4


@pytest.mark.parametrize("number, message", [
    ("", "Isi nomor rumah tangga."), ("x" * 31, "paling panjang 30"), ("rt-001", "sudah ada"),
])
def test_household_number_rules(people, number, message):
    operator, people = people
    household_create(actor=operator, number="RT-001", head=people["budi"])
    with pytest.raises(ValidationError, match=message):
        household_create(actor=operator, number=number, head=people["siti"])
    assert Household.objects.count() == 1


def test_household_heads_and_members_must_be_living_and_free(people):
    operator, people = people
    first = household_create(actor=operator, number="RT-001", head=people["budi"])
    with pytest.raises(ValidationError, match="kepala rumah tangga RT-001"):
        household_create(actor=operator, number="RT-002", head=people["budi"])
    with pytest.raises(ValidationError, match="sudah anggota rumah tangga ini"):
        household_add_member(actor=operator, household=first, resident=people["budi"])
    Resident.objects.filter(pk=people["rina"].pk).update(basic_status=codes.BasicStatus.PINDAH)
    with pytest.raises(ValidationError, match="masih hidup"):
        household_add_member(actor=operator, household=first, resident=people["rina"])
    with pytest.raises(ValidationError, match="tidak bisa dikeluarkan"):
        household_remove_member(actor=operator, household=first, resident=people["budi"])
    with pytest.raises(ValidationError, match="anggota rumah tangga ini"):
        household_set_head(actor=operator, household=first, head=people["andi"])
    assert Household.objects.get(pk=first.pk).head_id == people["budi"].pk


def test_group_members_with_one_officer_each(people):
    operator, people = people
    group = group_create(actor=operator, name=" Kelompok  Tani Subur ", category="Kelompok Tani",
                         description="Petani padi")
    assert group.name == "Kelompok Tani Subur"
    ketua = group_add_member(actor=operator, group=group, resident=people["siti"], role=Role.KETUA)
    group_add_member(actor=operator, group=group, resident=people["budi"])
    with pytest.raises(ValidationError, match="sudah punya ketua \\(Siti Aminah\\)"):
        group_add_member(actor=operator, group=group, resident=people["andi"], role=Role.KETUA)
    with pytest.raises(ValidationError, match="sudah anggota kelompok ini"):
        group_add_member(actor=operator, group=group, resident=people["siti"], role=Role.BENDAHARA)
    group_set_role(actor=operator, membership=ketua, role=Role.BENDAHARA)
    budi = GroupMembership.objects.get(group=group, resident=people["budi"])
    group_set_role(actor=operator, membership=budi, role=Role.KETUA)
    assert dict(group.memberships.values_list("resident__name", "role")) == {"Siti Aminah": "bendahara", "Budi": "ketua"}
    group_remove_member(actor=operator, membership=budi)
    assert list(group.memberships.values_list("resident__name", flat=True)) == ["Siti Aminah"]
    assert AuditEntry.objects.filter(object_type="Group", action="group.remove_member").exists()


def test_group_bad_input(people):
    operator, people = people
    group = group_create(actor=operator, name="PKK")
    for name, message in [("", "Isi nama kelompok."), ("pkk", "sudah ada"), ("x" * 101, "paling panjang 100")]:
        with pytest.raises(ValidationError, match=message):
            group_create(actor=operator, name=name)
    with pytest.raises(ValidationError, match="Kategori paling panjang"):
        group_update(actor=operator, group=group, name="PKK", category="x" * 61)
    with pytest.raises(ValidationError, match="Pilih jabatan"):
        group_add_member(actor=operator, group=group, resident=people["siti"], role="presiden")
    Resident.objects.filter(pk=people["rina"].pk).update(basic_status=codes.BasicStatus.MATI)
    with pytest.raises(ValidationError, match="masih hidup"):
        group_add_member(actor=operator, group=group, resident=people["rina"])
    assert Group.objects.count() == 1 and not GroupMembership.objects.exists()


def test_older_free_text_roles_still_show():
    assert GroupMembership(role="Ketua Seksi").role_label == "Ketua Seksi"
    assert GroupMembership(role="bendahara").role_label == "Bendahara"


def test_a_stranger_can_join_a_group(people):
    operator, _people = people
    group = group_create(actor=operator, name="Karang Taruna")
    membership = group_add_member(actor=operator, group=group, resident=stranger(operator))
    assert membership.role == Role.ANGGOTA
