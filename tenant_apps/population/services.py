"""Writes to the population registry. Call inside the village's schema; every
write records an audit entry in the same transaction."""
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.nik import (
    check_nik_format, check_no_kk_format, nik_warnings, temporary_nik_next,
)
from tenant_apps.village.audit import audit_record
from tenant_apps.village.models import VillageProfile

# Fields a caller may set on a resident (everything but bookkeeping).
RESIDENT_FIELDS = [
    field.name for field in Resident._meta.get_fields()
    if getattr(field, "concrete", False) and field.name not in {
        "id", "nik_is_temporary", "nik_warnings", "nik_warnings_confirmed", "created_at", "updated_at", "mother",
    }
]


def _jsonable(values: dict) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime.date | datetime.time) else value
            for key, value in values.items()}


def _check_nik(resident: Resident) -> None:
    """Hard rules on the NIK, then the structure warnings (recomputed on every change)."""
    if not resident.nik:
        resident.nik = temporary_nik_next(VillageProfile.objects.values_list("code", flat=True).get())
        resident.nik_is_temporary = True
    elif resident.nik_is_temporary and not resident.nik.startswith("0"):
        resident.nik_is_temporary = False  # a real NIK replaces the temporary one
    if not resident.nik_is_temporary:
        try:
            check_nik_format(resident.nik)
        except ValidationError as exc:
            raise ValidationError({"nik": exc.messages}) from None
    living = Resident.objects.filter(nik=resident.nik, basic_status=codes.BasicStatus.HIDUP).exclude(pk=resident.pk)
    if resident.basic_status == codes.BasicStatus.HIDUP and living.exists():
        raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup.")]})
    warnings = [] if resident.nik_is_temporary else nik_warnings(
        resident.nik, birth_date=resident.birth_date, sex=resident.sex)
    if warnings != resident.nik_warnings:
        resident.nik_warnings, resident.nik_warnings_confirmed = warnings, False


def _save(resident: Resident) -> None:
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError:
        # Lost a race for the same NIK with another session.
        raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup.")]}) from None


@transaction.atomic
def resident_register(*, actor, data: dict) -> Resident:
    """A new resident. Without a NIK the resident gets OpenSID's temporary number."""
    resident = Resident(**{key: value for key, value in data.items() if key in RESIDENT_FIELDS})
    resident.full_clean(exclude=["nik"], validate_unique=False, validate_constraints=False)
    _check_nik(resident)
    _save(resident)
    audit_record(actor=actor, action="resident.register", obj=resident,
                 changes=_jsonable(model_to_dict(resident, fields=RESIDENT_FIELDS)))
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, data: dict) -> Resident:
    before = model_to_dict(resident, fields=RESIDENT_FIELDS)
    for key, value in data.items():
        if key in RESIDENT_FIELDS:
            setattr(resident, key, value)
    resident.full_clean(exclude=["nik"], validate_unique=False, validate_constraints=False)
    _check_nik(resident)
    _save(resident)
    after = model_to_dict(resident, fields=RESIDENT_FIELDS)
    changed = {key: [before[key], after[key]] for key in after if before.get(key) != after[key]}
    if changed:
        audit_record(actor=actor, action="resident.update", obj=resident, changes=_jsonable(
            {key: f"{old} → {new}" for key, (old, new) in changed.items()}))
    return resident


@transaction.atomic
def resident_confirm_nik_warnings(*, actor, resident: Resident) -> Resident:
    """The operator checked the NIK against the KK/KTP and keeps it as it is."""
    if resident.nik_warnings and not resident.nik_warnings_confirmed:
        resident.nik_warnings_confirmed = True
        resident.save(update_fields=["nik_warnings_confirmed", "updated_at"])
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
    family = Family.objects.create(no_kk=no_kk, rt=rt, address=address)
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
