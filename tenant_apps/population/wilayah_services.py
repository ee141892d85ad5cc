"""Wilayah of the village: dusun → RW → RT, and who heads each.

Call inside the village's schema; every write is audited in its transaction.
``rt_ensure`` (services.py) is the import's way to create what a file names;
these are the staff's.
"""
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.village.audit import audit_record

Unit = Dusun | Rw | Rt
NUMBER = re.compile(r"\d{1,4}")


def unit_kind(unit: Unit) -> str:
    return {Dusun: "dusun", Rw: "rw", Rt: "rt"}[type(unit)]


def unit_label(unit: Unit) -> str:
    return unit.name if isinstance(unit, Dusun) else unit.number


def _clean_dusun_name(name: str, *, exclude: Dusun | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"label": [_("Isi nama dusun.")]})
    if len(name) > 60:
        raise ValidationError({"label": [_("Nama dusun paling panjang 60 huruf.")]})
    taken = Dusun.objects.filter(name__iexact=name).exclude(pk=getattr(exclude, "pk", None))
    if taken.exists():
        raise ValidationError({"label": [_("Dusun dengan nama ini sudah ada.")]})
    return name


def _clean_number(number: str, *, siblings, kind: str) -> str:
    """RW/RT numbers are 1-4 digits; "1" and "001" are the same number."""
    number = number.strip()
    if not NUMBER.fullmatch(number):
        raise ValidationError({"label": [_("Nomor %(kind)s berupa angka, paling banyak 4 angka (mis. 001).")
                                         % {"kind": kind}]})
    if any(other.isdigit() and int(other) == int(number) for other in siblings.values_list("number", flat=True)):
        raise ValidationError({"label": [_("%(kind)s %(number)s sudah ada di sini.") % {"kind": kind, "number": number}]})
    return number


def _created(actor, unit: Unit, *, parent=None):
    audit_record(actor=actor, action="wilayah.create", obj=unit,
                 changes={"kind": unit_kind(unit), "label": unit_label(unit), "parent": getattr(parent, "pk", None)})
    return unit


def _insert(model, **values):
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except IntegrityError:  # another session created the same unit a moment ago
        raise ValidationError({"label": [_("Wilayah ini sudah ada.")]}) from None


@transaction.atomic
def dusun_create(*, actor, name: str) -> Dusun:
    return _created(actor, _insert(Dusun, name=_clean_dusun_name(name)))


@transaction.atomic
def rw_create(*, actor, dusun: Dusun, number: str) -> Rw:
    number = _clean_number(number, siblings=Rw.objects.filter(dusun=dusun), kind="RW")
    return _created(actor, _insert(Rw, dusun=dusun, number=number), parent=dusun)


@transaction.atomic
def rt_create(*, actor, rw: Rw, number: str) -> Rt:
    number = _clean_number(number, siblings=Rt.objects.filter(rw=rw), kind="RT")
    return _created(actor, _insert(Rt, rw=rw, number=number), parent=rw)


@transaction.atomic
def wilayah_rename(*, actor, unit: Unit, label: str) -> Unit:
    """A dusun's new name, or an RW's/RT's new number."""
    before = unit_label(unit)
    if isinstance(unit, Dusun):
        unit.name = _clean_dusun_name(label, exclude=unit)
    elif isinstance(unit, Rw):
        unit.number = _clean_number(label, siblings=Rw.objects.filter(dusun_id=unit.dusun_id).exclude(pk=unit.pk),
                                    kind="RW")
    else:
        unit.number = _clean_number(label, siblings=Rt.objects.filter(rw_id=unit.rw_id).exclude(pk=unit.pk), kind="RT")
    if unit_label(unit) != before:
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError:
            raise ValidationError({"label": [_("Wilayah ini sudah ada.")]}) from None
        audit_record(actor=actor, action="wilayah.rename", obj=unit,
                     changes={"kind": unit_kind(unit), "label": [before, unit_label(unit)]})
    return unit


def _rts_under(unit: Unit):
    if isinstance(unit, Dusun):
        return Rt.objects.filter(rw__dusun=unit)
    if isinstance(unit, Rw):
        return Rt.objects.filter(rw=unit)
    return Rt.objects.filter(pk=unit.pk)


@transaction.atomic
def wilayah_delete(*, actor, unit: Unit) -> None:
    """Delete an empty unit with the RWs and RTs under it.

    Refused while any resident (living or not: the records keep their RT) or
    family is registered in it.
    """
    rts = _rts_under(unit)
    residents = Resident.objects.filter(rt__in=rts).count()
    families = Family.objects.filter(rt__in=rts).count()
    if residents or families:
        raise ValidationError({"unit": [_(
            "%(unit)s tidak bisa dihapus: masih tercatat %(residents)d penduduk dan %(families)d KK di wilayah ini "
            "(termasuk yang sudah meninggal atau pindah). Pindahkan dulu mereka ke wilayah lain."
        ) % {"unit": unit, "residents": residents, "families": families}]})
    # Recorded first, while the unit still has its id; a refusal below rolls it back.
    audit_record(actor=actor, action="wilayah.delete", obj=unit,
                 changes={"kind": unit_kind(unit), "label": str(unit), "rts": list(rts.values_list("pk", flat=True))})
    try:
        with transaction.atomic():
            rts.delete()
            if isinstance(unit, Dusun):
                Rw.objects.filter(dusun=unit).delete()
            if not isinstance(unit, Rt):
                unit.delete()
    except ProtectedError:  # a record of another app still points at one of its RTs
        raise ValidationError({"unit": [_("%(unit)s tidak bisa dihapus: masih dipakai data lain.") % {"unit": unit}]}) \
            from None


@transaction.atomic
def wilayah_set_head(*, actor, unit: Unit, head: Resident | None) -> Unit:
    """Kepala dusun, ketua RW or ketua RT: a living resident, or nobody."""
    if head is not None:
        head = Resident.objects.filter(pk=head.pk).first()
        if head is None or head.basic_status != codes.BasicStatus.HIDUP:
            raise ValidationError({"resident": [_("Pilih penduduk yang masih hidup.")]})
    before = unit.head_id
    unit.head = head
    unit.save(update_fields=["head"])
    audit_record(actor=actor, action="wilayah.set_head", obj=unit,
                 changes={"kind": unit_kind(unit), "head": [before, getattr(head, "pk", None)]})
    return unit
