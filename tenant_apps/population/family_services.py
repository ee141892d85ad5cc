"""Families (KK): members and their relationship, the head, split a KK, move a family.

A family has at most one head: ``Family.head`` and the one member whose
relationship is KEPALA KELUARGA, always changed together (``family_set_head``).
Call inside the village's schema; every write is audited in its transaction.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Family, Resident, Rt
from tenant_apps.population.services import family_create
from tenant_apps.village.audit import audit_record

Rel = codes.FamilyRelationship
LIVING = codes.BasicStatus.HIDUP


def _members_of(family: Family, residents: list[Resident]) -> list[Resident]:
    ids = {resident.pk for resident in residents}
    found = list(Resident.objects.select_for_update().filter(pk__in=ids, family=family, basic_status=LIVING))
    if not ids or len(found) != len(ids):
        raise ValidationError({"members": [_("Pilih anggota KK ini yang masih hidup.")]})
    return found


def _living(resident: Resident, field: str) -> Resident:
    """The resident as stored now, locked; refused unless living."""
    current = Resident.objects.select_for_update().filter(pk=resident.pk).first()
    if current is None or current.basic_status != LIVING:
        raise ValidationError({field: [_("Pilih penduduk yang masih hidup.")]})
    return current


def _lock(family: Family) -> None:
    """Lock the KK's row and read its head as it is now, into the caller's instance."""
    Family.objects.select_for_update().filter(pk=family.pk).values_list("pk").get()
    family.refresh_from_db(fields=["head"])


@transaction.atomic
def family_set_head(*, actor, family: Family, head: Resident, former_head_relationship: int = Rel.LAINNYA) -> Family:
    """``head`` (a living member) heads the KK; the former head gets ``former_head_relationship``."""
    _lock(family)  # two head changes at once: one after the other
    head = _living(head, "head")
    if head.family_id != family.pk:
        raise ValidationError({"head": [_("Kepala keluarga harus anggota KK ini.")]})
    if former_head_relationship == Rel.KEPALA_KELUARGA or former_head_relationship not in Rel.values:
        raise ValidationError({"former_head_relationship": [_("Pilih hubungan baru untuk kepala keluarga lama.")]})
    Resident.objects.filter(family=family, family_relationship=Rel.KEPALA_KELUARGA).exclude(
        pk=head.pk).update(family_relationship=former_head_relationship)
    Resident.objects.filter(pk=head.pk).update(family_relationship=Rel.KEPALA_KELUARGA)
    before = family.head_id
    family.head = head
    family.save(update_fields=["head"])
    audit_record(actor=actor, action="family.set_head", obj=family, changes={"head": [before, head.pk]})
    return family


@transaction.atomic
def family_add_member(*, actor, family: Family, resident: Resident, relationship: int) -> Resident:
    """An existing resident joins the KK (leaving the KK they were in), with its RT and address.

    The head is chosen with ``family_set_head``, so ``relationship`` is never
    KEPALA KELUARGA here unless the KK has no head yet.
    """
    _lock(family)  # its head as it is now, not as the page saw it
    resident = _living(resident, "resident")
    if relationship not in Rel.values:
        raise ValidationError({"relationship": [_("Pilih hubungan dalam keluarga.")]})
    if resident.family_id == family.pk:
        raise ValidationError({"resident": [_("%(name)s sudah anggota KK ini.") % {"name": resident.name}]})
    if resident.family_id and Family.objects.filter(pk=resident.family_id, head=resident).exists():
        raise ValidationError({"resident": [_(
            "%(name)s adalah kepala KK lain; ganti dulu kepala keluarga KK itu.") % {"name": resident.name}]})
    heading = relationship == Rel.KEPALA_KELUARGA
    if heading and family.head_id is not None:
        raise ValidationError({"relationship": [_(
            "KK ini sudah punya kepala keluarga; pakai “Ganti kepala keluarga”.")]})
    before = resident.family_id
    resident.family, resident.family_relationship = family, relationship
    fields = ["family", "family_relationship", "updated_at"]
    if family.rt_id is not None:
        resident.rt_id, resident.address = family.rt_id, family.address
        fields += ["rt", "address"]
    resident.save(update_fields=fields)
    if heading:
        family.head = resident
        family.save(update_fields=["head"])
    audit_record(actor=actor, action="family.add_member", obj=family,
                 changes={"resident": resident.pk, "relationship": relationship, "from_family": before})
    return resident


@transaction.atomic
def family_remove_member(*, actor, family: Family, resident: Resident) -> None:
    """The resident leaves the KK (and belongs to none until added to another)."""
    if not Resident.objects.select_for_update().filter(pk=resident.pk, family=family).exists():
        raise ValidationError({"resident": [_("Penduduk ini bukan anggota KK ini.")]})
    if family.head_id == resident.pk:
        raise ValidationError({"resident": [_("Kepala keluarga tidak bisa dikeluarkan; ganti dulu kepala keluarganya.")]})
    Resident.objects.filter(pk=resident.pk).update(family=None, family_relationship=None)
    audit_record(actor=actor, action="family.remove_member", obj=family, changes={"resident": resident.pk})


@transaction.atomic
def family_set_relationship(*, actor, family: Family, resident: Resident, relationship: int) -> None:
    """A member's relationship to the head (SHDK), other than head itself."""
    resident = Resident.objects.select_for_update().filter(pk=resident.pk, family=family).first()
    if resident is None:
        raise ValidationError({"relationship": [_("Penduduk ini bukan anggota KK ini.")]})
    if relationship not in Rel.values:
        raise ValidationError({"relationship": [_("Pilih hubungan dalam keluarga.")]})
    if relationship == Rel.KEPALA_KELUARGA or family.head_id == resident.pk:
        raise ValidationError({"relationship": [_("Kepala keluarga diubah lewat “Ganti kepala keluarga”.")]})
    before = resident.family_relationship
    Resident.objects.filter(pk=resident.pk).update(family_relationship=relationship)
    audit_record(actor=actor, action="family.set_relationship", obj=family,
                 changes={"resident": resident.pk, "relationship": [before, relationship]})


@transaction.atomic
def family_split(*, actor, family: Family, members: list[Resident], new_no_kk: str, head: Resident) -> Family:
    """Pecah KK: some members leave for a new KK at the same address, ``head`` at its head."""
    moving = _members_of(family, members)
    if head.pk not in {resident.pk for resident in moving}:
        raise ValidationError({"head": [_("Kepala KK baru harus salah satu anggota yang pindah.")]})
    if family.head_id in {resident.pk for resident in moving}:
        raise ValidationError({"members": [_("Kepala KK lama tidak ikut pindah; ganti dulu kepala keluarganya.")]})
    living = family.members.filter(basic_status=LIVING).count()
    if len(moving) >= living:
        raise ValidationError({"members": [_("Sisakan minimal satu anggota yang masih hidup di KK lama.")]})
    new_family = family_create(actor=actor, no_kk=new_no_kk, rt=family.rt, address=family.address)
    Resident.objects.filter(pk__in=[resident.pk for resident in moving]).update(family=new_family)
    new_family = family_set_head(actor=actor, family=new_family, head=head)
    audit_record(actor=actor, action="family.split", obj=family,
                 changes={"new_family": new_family.pk, "members": [resident.pk for resident in moving]})
    return new_family


@transaction.atomic
def family_move(*, actor, family: Family, rt: Rt, address: str) -> Family:
    """The whole family moves within the village: the KK and every member get the new RT and address."""
    if rt is None:
        raise ValidationError({"rt": [_("Pilih RT tujuan.")]})
    address = address.strip()
    if family.rt_id == rt.pk and family.address == address:
        raise ValidationError({"rt": [_("KK ini sudah di RT dan alamat itu.")]})
    before = {"rt": family.rt_id, "address": family.address}
    family.rt, family.address = rt, address
    family.save(update_fields=["rt", "address"])
    Resident.objects.filter(family=family).update(rt=rt, address=address)
    audit_record(actor=actor, action="family.move", obj=family,
                 changes={"rt": [before["rt"], rt.pk], "address": [before["address"], address]})
    return family
