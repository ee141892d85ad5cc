"""Population events (peristiwa): birth, death, move out, missing, move in, leave.

Each event changes the resident's basic status and writes the event log and
an audit entry in one transaction. A wrongly entered event is undone with a
reason: the resident gets back the status it had, and the event stays in the
log, marked undone.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.population import codes
from tenant_apps.population.models import PopulationEvent, Resident
from tenant_apps.population.services import resident_register
from tenant_apps.village.audit import audit_record

Kind = codes.PopulationEvent
Status = codes.BasicStatus
# Event kinds that take a living resident out of the village, and the status they leave.
EXITS = {Kind.MATI: Status.MATI, Kind.PINDAH_KELUAR: Status.PINDAH, Kind.HILANG: Status.HILANG, Kind.PERGI: Status.PERGI}
ENTRIES = (Kind.LAHIR, Kind.PINDAH_MASUK)


def _log(*, actor, resident: Resident, kind: int, occurred_on: datetime.date, details: dict, previous: int):
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": [_("Tanggal peristiwa tidak boleh di masa depan.")]})
    event = PopulationEvent.objects.create(
        resident=resident, kind=kind, occurred_on=occurred_on, details=details, previous_basic_status=previous,
        recorded_by_username=actor.get_username() if actor else "system",
    )
    rollup_mark_changed()
    audit_record(actor=actor, action=f"event.{Kind(kind).name.lower()}", obj=resident,
                 changes={"occurred_on": occurred_on.isoformat(), **details})
    return event


@transaction.atomic
def population_event_exit(*, actor, resident: Resident, kind: int, occurred_on: datetime.date,
                          details: dict | None = None) -> PopulationEvent:
    """Death, move out (details: destination, move level), missing or leave."""
    if kind not in EXITS:
        raise ValidationError({"kind": [_("Jenis peristiwa ini tidak mengeluarkan penduduk.")]})
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if resident.basic_status != Status.HIDUP:
        raise ValidationError({"resident": [_("Penduduk ini sudah tidak berstatus hidup di desa.")]})
    if occurred_on < resident.birth_date:
        raise ValidationError({"occurred_on": [_("Tanggal peristiwa sebelum tanggal lahir.")]})
    entered = (PopulationEvent.objects.filter(resident=resident, kind__in=ENTRIES, undone_at=None)
               .values_list("occurred_on", flat=True).first())
    if entered and occurred_on < entered:
        raise ValidationError({"occurred_on": [_("Tanggal peristiwa sebelum penduduk ini lahir atau datang.")]})
    details = details or {}
    if kind == Kind.PINDAH_KELUAR and details.get("move_level") not in codes.MoveLevel.values:
        raise ValidationError({"move_level": [_("Pilih tingkat kepindahan.")]})
    if kind == Kind.MATI and details.get("cause") not in (None, *codes.CauseOfDeath.values):
        raise ValidationError({"cause": [_("Penyebab kematian tidak dikenal.")]})
    previous = resident.basic_status
    resident.basic_status = EXITS[kind]
    resident.save(update_fields=["basic_status", "updated_at"])
    return _log(actor=actor, resident=resident, kind=kind, occurred_on=occurred_on, details=details, previous=previous)


def _birth_data(data: dict, occurred_on: datetime.date) -> dict:
    """A newborn's data: born on the event's date, and from the mother what
    the office would copy (family, address, religion) unless given."""
    defaults = {"marital_status": codes.MaritalStatus.BELUM_KAWIN,
                "education_kk": codes.EducationInKK.TIDAK_BELUM_SEKOLAH,
                "occupation": codes.Occupation.BELUM_TIDAK_BEKERJA}
    mother = data.get("mother")
    if mother is not None:
        if mother.basic_status != Status.HIDUP or mother.sex != codes.Sex.PEREMPUAN:
            raise ValidationError({"mother": [_("Ibu harus penduduk perempuan yang masih hidup di desa ini.")]})
        if mother.birth_date >= occurred_on:
            raise ValidationError({"mother": [_("Tanggal lahir ibu tidak sebelum tanggal kelahiran ini.")]})
        defaults.update(family=mother.family, rt=mother.rt, address=mother.address, religion=mother.religion,
                        mother_nik=mother.nik, mother_name=mother.name)
    data = {**defaults, **{key: value for key, value in data.items() if value not in (None, "")}, "birth_date": occurred_on}
    if data.get("family") is not None:
        data.setdefault("family_relationship", codes.FamilyRelationship.ANAK)
    return data


@transaction.atomic
def population_event_entry(*, actor, kind: int, occurred_on: datetime.date, data: dict,
                           details: dict | None = None) -> PopulationEvent:
    """Birth (``data`` may name the ``mother``, a living resident) or move in: a new living resident."""
    if kind not in ENTRIES:
        raise ValidationError({"kind": [_("Jenis peristiwa ini tidak menambah penduduk.")]})
    if kind == Kind.LAHIR:
        data = _birth_data(data, occurred_on)
    elif data.get("birth_date") and occurred_on < data["birth_date"]:
        raise ValidationError({"occurred_on": [_("Tanggal datang sebelum tanggal lahir.")]})
    mother = data.get("mother")
    resident = resident_register(actor=actor, data=data)
    if mother is not None:
        resident.mother = mother
        resident.save(update_fields=["mother", "updated_at"])
    return _log(actor=actor, resident=resident, kind=kind, occurred_on=occurred_on, details=details or {},
                previous=Status.HIDUP)


@transaction.atomic
def population_event_undo(*, actor, event: PopulationEvent, reason: str) -> PopulationEvent:
    """Undo a wrongly entered event; the log keeps it, marked undone with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pembatalan.")]})
    event = PopulationEvent.objects.select_for_update().get(pk=event.pk)
    if event.undone_at is not None:
        raise ValidationError({"event": [_("Peristiwa ini sudah dibatalkan.")]})
    if PopulationEvent.objects.filter(resident_id=event.resident_id, undone_at=None, pk__gt=event.pk).exists():
        raise ValidationError({"event": [_("Batalkan dulu peristiwa yang lebih baru untuk penduduk ini.")]})
    resident = Resident.objects.select_for_update().get(pk=event.resident_id)
    if resident.basic_status != (EXITS[event.kind] if event.kind in EXITS else Status.HIDUP):
        # Something else (an import from OpenSID) changed the status since: undoing would overwrite it.
        raise ValidationError({"event": [_("Status penduduk ini sudah berubah sejak peristiwa ini dicatat; "
                                           "periksa datanya dulu.")]})
    # An entry undone means the resident was never here; an exit undone gives the old status back.
    restored = Status.TIDAK_VALID if event.kind in ENTRIES else event.previous_basic_status
    if restored == Status.HIDUP and Resident.objects.filter(nik=resident.nik, basic_status=Status.HIDUP).exists():
        raise ValidationError({"event": [_("NIK penduduk ini sekarang dipakai penduduk hidup lain.")]})
    resident.basic_status = restored
    resident.save(update_fields=["basic_status", "updated_at"])
    event.undone_at, event.undo_reason = timezone.now(), reason.strip()
    event.save(update_fields=["undone_at", "undo_reason"])
    rollup_mark_changed()
    audit_record(actor=actor, action="event.undo", obj=resident,
                 changes={"event": event.pk, "kind": Kind(event.kind).name.lower()}, reason=event.undo_reason)
    return event
