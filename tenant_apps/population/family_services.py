"""Families, households and groups: split a KK, move a family, set heads, group members.

Call inside the village's schema; every write is audited in its transaction.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Family, Group, GroupMembership, Household, Resident, Rt
from tenant_apps.population.services import family_create
from tenant_apps.village.audit import audit_record


def _members_of(family: Family, residents: list[Resident]) -> list[Resident]:
    ids = {resident.pk for resident in residents}
    found = list(Resident.objects.select_for_update().filter(pk__in=ids, family=family))
    if not ids or len(found) != len(ids):
        raise ValidationError({"members": [_("Pilih anggota dari KK ini.")]})
    return found


@transaction.atomic
def family_set_head(*, actor, family: Family, head: Resident) -> Family:
    if head.family_id != family.pk:
        raise ValidationError({"head": [_("Kepala keluarga harus anggota KK ini.")]})
    Resident.objects.filter(family=family, family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA).exclude(
        pk=head.pk).update(family_relationship=codes.FamilyRelationship.LAINNYA)
    Resident.objects.filter(pk=head.pk).update(family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA)
    family.head = head
    family.save(update_fields=["head"])
    audit_record(actor=actor, action="family.set_head", obj=family, changes={"head": head.pk})
    return family


@transaction.atomic
def family_split(*, actor, family: Family, members: list[Resident], new_no_kk: str, head: Resident) -> Family:
    """Pecah KK: some members leave for a new KK at the same address, ``head`` at its head."""
    moving = _members_of(family, members)
    if head.pk not in {resident.pk for resident in moving}:
        raise ValidationError({"head": [_("Kepala KK baru harus salah satu anggota yang pindah.")]})
    if family.head_id in {resident.pk for resident in moving}:
        raise ValidationError({"members": [_("Kepala KK lama tidak ikut pindah; ganti dulu kepala keluarganya.")]})
    living = family.members.filter(basic_status=codes.BasicStatus.HIDUP).count()
    if len(moving) >= living:
        raise ValidationError({"members": [_("Sisakan minimal satu anggota yang masih hidup di KK lama.")]})
    new_family = family_create(actor=actor, no_kk=new_no_kk, rt=family.rt, address=family.address)
    Resident.objects.filter(pk__in=[resident.pk for resident in moving]).update(family=new_family)
    head.refresh_from_db()
    family_set_head(actor=actor, family=new_family, head=head)
    audit_record(actor=actor, action="family.split", obj=family,
                 changes={"new_family": new_family.pk, "members": [resident.pk for resident in moving]})
    return new_family


@transaction.atomic
def family_move(*, actor, family: Family, rt: Rt, address: str) -> Family:
    """The whole family moves within the village: the KK and every member get the new RT and address."""
    before = {"rt": family.rt_id, "address": family.address}
    family.rt, family.address = rt, address
    family.save(update_fields=["rt", "address"])
    Resident.objects.filter(family=family).update(rt=rt, address=address)
    audit_record(actor=actor, action="family.move", obj=family,
                 changes={"rt": [before["rt"], rt.pk], "address": [before["address"], address]})
    return family


@transaction.atomic
def household_create(*, actor, number: str, head: Resident) -> Household:
    if Household.objects.filter(number=number).exists():
        raise ValidationError({"number": [_("Nomor rumah tangga ini sudah ada.")]})
    household = Household.objects.create(number=number, head=head)
    Resident.objects.filter(pk=head.pk).update(household=household, household_relationship=codes.HouseholdRelationship.KEPALA_RUMAH_TANGGA)
    audit_record(actor=actor, action="household.create", obj=household, changes={"number": number, "head": head.pk})
    return household


@transaction.atomic
def household_add_member(*, actor, household: Household, resident: Resident) -> None:
    Resident.objects.filter(pk=resident.pk).update(household=household, household_relationship=codes.HouseholdRelationship.ANGGOTA)
    audit_record(actor=actor, action="household.add_member", obj=household, changes={"resident": resident.pk})


@transaction.atomic
def group_add_member(*, actor, group: Group, resident: Resident, role: str = "") -> GroupMembership:
    membership, created = GroupMembership.objects.update_or_create(group=group, resident=resident,
                                                                   defaults={"role": role})
    audit_record(actor=actor, action="group.add_member" if created else "group.change_role", obj=group,
                 changes={"resident": resident.pk, "role": role})
    return membership
