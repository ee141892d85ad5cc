"""Writes to the population registry, one resident, family or place at a time
(the OpenSID import writes in bulk: ``opensid_import``). Call inside the
village's schema; every write records an audit entry in the same transaction.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.nik import check_no_kk_format, temporary_niks_next
from tenant_apps.population.resident_rules import (
    RESIDENT_FIELDS, audit_changes_diff, audit_changes_new, nik_taken_message, resident_check, resident_values,
)
from tenant_apps.village.audit import audit_record
from tenant_apps.village.models import VillageProfile


def _check(resident: Resident) -> None:
    """The shared rules, with what they need looked up for this one resident."""
    if not resident.nik:
        resident.nik = temporary_niks_next(VillageProfile.objects.values_list("code", flat=True).get())[0]
        resident.nik_is_temporary = True
    living = Resident.objects.filter(nik=resident.nik, basic_status=codes.BasicStatus.HIDUP).exclude(pk=resident.pk)
    resident_check(resident, nik_taken=resident.basic_status == codes.BasicStatus.HIDUP and living.exists())


def _save(resident: Resident) -> None:
    # No savepoint of its own: the caller's transaction is left at once by the
    # ValidationError, so the failed statement is rolled back with it.
    try:
        resident.save()
        rollup_mark_changed()  # regional rollups pick the village up on their next run
    except IntegrityError:
        # Lost a race for the same NIK with another session.
        raise ValidationError({"nik": [nik_taken_message()]}) from None


def _check_family_head(resident: Resident, former_family_id: int | None) -> Family | None:
    """A KK keeps one head, changed on the family page (``family_set_head``). Returns
    the KK this resident becomes the first head of, if any."""
    head = codes.FamilyRelationship.KEPALA_KELUARGA
    if resident.pk and former_family_id and former_family_id != resident.family_id and (
            Family.objects.filter(pk=former_family_id, head_id=resident.pk).exists()):
        raise ValidationError({"family": [_("Penduduk ini kepala KK-nya: ganti kepala keluarga atau pecah KK "
                                            "lewat halaman keluarga dulu.")]})
    if resident.family_id is None or resident.family_relationship != head:
        return None
    family = Family.objects.select_for_update().get(pk=resident.family_id)
    if family.head_id not in (None, resident.pk):
        raise ValidationError({"family_relationship": [_("KK ini sudah punya kepala keluarga; gantilah lewat "
                                                         "halaman keluarga.")]})
    return family if family.head_id is None else None


def _family_head_take(actor, family: Family | None, resident: Resident) -> None:
    if family is not None:
        family.head = resident
        family.save(update_fields=["head"])
        audit_record(actor=actor, action="family.set_head", obj=family, changes={"head": [None, resident.pk]})


@transaction.atomic
def resident_register(*, actor, data: dict) -> Resident:
    """A new resident. Without a NIK the resident gets OpenSID's temporary number."""
    resident = Resident(**{key: value for key, value in data.items() if key in RESIDENT_FIELDS})
    _check(resident)
    headless = _check_family_head(resident, None)
    _save(resident)
    audit_record(actor=actor, action="resident.register", obj=resident,
                 changes=audit_changes_new(resident_values(resident)))
    _family_head_take(actor, headless, resident)
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, data: dict, status_change_allowed: bool = False) -> Resident:
    """Change a resident's data. The basic status changes through population
    events (which keep the log the reports count on); only an import from
    OpenSID, whose file is the record, may set it directly."""
    if not status_change_allowed and "basic_status" in data and data["basic_status"] != resident.basic_status:
        raise ValidationError({"basic_status": [_("Status dasar diubah lewat pencatatan peristiwa.")]})
    before, former_family_id = resident_values(resident), resident.family_id
    for key, value in data.items():
        if key in RESIDENT_FIELDS:
            setattr(resident, key, value)
    _check(resident)
    headless = _check_family_head(resident, former_family_id)
    _save(resident)
    changes = audit_changes_diff(before, resident_values(resident))
    if changes:
        audit_record(actor=actor, action="resident.update", obj=resident, changes=changes)
    _family_head_take(actor, headless, resident)
    return resident


@transaction.atomic
def resident_confirm_nik_warnings(*, actor, resident: Resident) -> Resident:
    """The operator checked the NIK against the KK/KTP and keeps it as it is."""
    if resident.nik_warnings and not resident.nik_warnings_confirmed:
        resident.nik_warnings_confirmed = True
        resident.save(update_fields=["nik_warnings_confirmed", "updated_at"])
        rollup_mark_changed()
        audit_record(actor=actor, action="resident.confirm_nik", obj=resident, changes={"warnings": resident.nik_warnings})
    return resident


@transaction.atomic
def family_create(*, actor, no_kk: str, rt: Rt | None = None, address: str = "") -> Family:
    try:
        check_no_kk_format(no_kk)
    except ValidationError as exc:
        raise ValidationError({"no_kk": exc.messages}) from None
    if Family.objects.filter(no_kk=no_kk).exists():
        raise ValidationError({"no_kk": [_("Nomor KK ini sudah terdaftar.")]})
    try:
        with transaction.atomic():
            family = Family.objects.create(no_kk=no_kk, rt=rt, address=address)
    except IntegrityError:  # another session created the same KK a moment ago
        raise ValidationError({"no_kk": [_("Nomor KK ini sudah terdaftar.")]}) from None
    audit_record(actor=actor, action="family.create", obj=family, changes={"no_kk": no_kk, "address": address})
    return family


@transaction.atomic
def rt_ensure(*, actor, dusun: str, rw: str, rt: str) -> Rt:
    """The RT at dusun/RW/RT, creating what is missing (as OpenSID's import does)."""
    dusun_obj, created_dusun = Dusun.objects.get_or_create(name=dusun.strip())
    rw_obj, created_rw = Rw.objects.get_or_create(dusun=dusun_obj, number=rw.strip())
    rt_obj, created_rt = Rt.objects.get_or_create(rw=rw_obj, number=rt.strip())
    if created_dusun or created_rw or created_rt:
        audit_record(actor=actor, action="wilayah.create", obj=rt_obj,
                     changes={"dusun": dusun_obj.name, "rw": rw_obj.number, "rt": rt_obj.number})
    return rt_obj
