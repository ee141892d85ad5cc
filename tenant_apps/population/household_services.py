"""Households (rumah tangga): who shares one dwelling, and its head.

The head is ``Household.head`` and the one member whose household
relationship is KEPALA RUMAH TANGGA, always changed together.
Call inside the village's schema; every write is audited in its transaction.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Household, Resident
from tenant_apps.village.audit import audit_record

HEAD = codes.HouseholdRelationship.KEPALA_RUMAH_TANGGA
MEMBER = codes.HouseholdRelationship.ANGGOTA


def _joinable(resident: Resident, household: Household | None) -> Resident:
    """The resident as stored now, locked: living, and not heading another household."""
    current = Resident.objects.select_for_update().filter(pk=resident.pk).first()
    if current is None or current.basic_status != codes.BasicStatus.HIDUP:
        raise ValidationError({"resident": [_("Pilih penduduk yang masih hidup.")]})
    if household is not None and current.household_id == household.pk:
        raise ValidationError({"resident": [_("%(name)s sudah anggota rumah tangga ini.") % {"name": current.name}]})
    heading = Household.objects.filter(head=current).exclude(pk=getattr(household, "pk", None)).first()
    if heading is not None:
        raise ValidationError({"resident": [_(
            "%(name)s adalah kepala rumah tangga %(number)s; ganti dulu kepalanya.")
            % {"name": current.name, "number": heading.number}]})
    return current


@transaction.atomic
def household_create(*, actor, number: str, head: Resident) -> Household:
    number = " ".join(number.split())
    if not number:
        raise ValidationError({"number": [_("Isi nomor rumah tangga.")]})
    if len(number) > 30:
        raise ValidationError({"number": [_("Nomor rumah tangga paling panjang 30 huruf.")]})
    if Household.objects.filter(number__iexact=number).exists():
        raise ValidationError({"number": [_("Nomor rumah tangga ini sudah ada.")]})
    head = _joinable(head, None)
    try:
        with transaction.atomic():
            household = Household.objects.create(number=number, head=head)
    except IntegrityError:  # another session took the number a moment ago
        raise ValidationError({"number": [_("Nomor rumah tangga ini sudah ada.")]}) from None
    Resident.objects.filter(pk=head.pk).update(household=household, household_relationship=HEAD)
    audit_record(actor=actor, action="household.create", obj=household, changes={"number": number, "head": head.pk})
    return household


@transaction.atomic
def household_add_member(*, actor, household: Household, resident: Resident) -> Resident:
    """The resident joins (leaving the household they were in, unless they head it)."""
    resident = _joinable(resident, household)
    before = resident.household_id
    Resident.objects.filter(pk=resident.pk).update(household=household, household_relationship=MEMBER)
    audit_record(actor=actor, action="household.add_member", obj=household,
                 changes={"resident": resident.pk, "from_household": before})
    return resident


@transaction.atomic
def household_remove_member(*, actor, household: Household, resident: Resident) -> None:
    if not Resident.objects.select_for_update().filter(pk=resident.pk, household=household).exists():
        raise ValidationError({"resident": [_("Penduduk ini bukan anggota rumah tangga ini.")]})
    if household.head_id == resident.pk:
        raise ValidationError({"resident": [_("Kepala rumah tangga tidak bisa dikeluarkan; ganti dulu kepalanya.")]})
    Resident.objects.filter(pk=resident.pk).update(household=None, household_relationship=None)
    audit_record(actor=actor, action="household.remove_member", obj=household, changes={"resident": resident.pk})


@transaction.atomic
def household_set_head(*, actor, household: Household, head: Resident) -> Household:
    """A living member heads the household; the former head stays as a member."""
    Household.objects.select_for_update().filter(pk=household.pk).values_list("pk").get()
    household.refresh_from_db(fields=["head"])  # as it is now, into the caller's instance
    head = Resident.objects.select_for_update().filter(pk=head.pk).first()
    if head is None or head.household_id != household.pk or head.basic_status != codes.BasicStatus.HIDUP:
        raise ValidationError({"head": [_("Kepala rumah tangga harus anggota rumah tangga ini yang masih hidup.")]})
    Resident.objects.filter(household=household, household_relationship=HEAD).exclude(pk=head.pk).update(
        household_relationship=MEMBER)
    Resident.objects.filter(pk=head.pk).update(household_relationship=HEAD)
    before = household.head_id
    household.head = head
    household.save(update_fields=["head"])
    audit_record(actor=actor, action="household.set_head", obj=household, changes={"head": [before, head.pk]})
    return household
