"""Writes to the population registry. Call inside the village's schema; every
write records an audit entry in the same transaction."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.opensid_excel import COLUMNS, ImportRow, is_temporary_nik
from tenant_apps.population.nik import (
    TEMPORARY_PREFIX, check_nik_format, check_no_kk_format, nik_warnings, temporary_nik_next,
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


# The NIK is checked by _check_nik; related rows arrive as model instances
# that callers (forms, serializers, the import) already looked up, so
# full_clean need not query each one again.
CLEAN_EXCLUDE = ["nik", "rt", "family", "household", "mother"]


def _jsonable(values: dict) -> dict:
    def plain(value):
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        return str(value) if isinstance(value, Decimal) else value  # coordinates

    return {key: plain(value) for key, value in values.items()}


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
        if resident.nik.startswith(TEMPORARY_PREFIX):
            # Province codes run 11-94; a leading 0 is Balai's temporary numbering.
            raise ValidationError({"nik": [_("NIK tidak diawali angka 0.")]})
    living = Resident.objects.filter(nik=resident.nik, basic_status=codes.BasicStatus.HIDUP).exclude(pk=resident.pk)
    if resident.basic_status == codes.BasicStatus.HIDUP and living.exists():
        raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup.")]})
    warnings = [] if resident.nik_is_temporary else nik_warnings(
        resident.nik, birth_date=resident.birth_date, sex=resident.sex)
    if warnings != resident.nik_warnings:
        resident.nik_warnings, resident.nik_warnings_confirmed = warnings, False


def _save(resident: Resident) -> None:
    # No savepoint of its own: the caller's transaction is left at once by the
    # ValidationError, so the failed statement is rolled back with it.
    try:
        resident.save()
        rollup_mark_changed()  # regional rollups pick the village up on their next run
    except IntegrityError:
        # Lost a race for the same NIK with another session.
        raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup.")]}) from None


@transaction.atomic
def resident_register(*, actor, data: dict) -> Resident:
    """A new resident. Without a NIK the resident gets OpenSID's temporary number."""
    resident = Resident(**{key: value for key, value in data.items() if key in RESIDENT_FIELDS})
    resident.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    _check_nik(resident)
    _save(resident)
    audit_record(actor=actor, action="resident.register", obj=resident,
                 changes=_jsonable(model_to_dict(resident, fields=RESIDENT_FIELDS)))
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, data: dict, status_change_allowed: bool = False) -> Resident:
    """Change a resident's data. The basic status changes through population
    events (which keep the log the reports count on); only an import from
    OpenSID, whose file is the record, may set it directly."""
    if not status_change_allowed and "basic_status" in data and data["basic_status"] != resident.basic_status:
        raise ValidationError({"basic_status": [_("Status dasar diubah lewat pencatatan peristiwa.")]})
    before = model_to_dict(resident, fields=RESIDENT_FIELDS)
    for key, value in data.items():
        if key in RESIDENT_FIELDS:
            setattr(resident, key, value)
    resident.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
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


class PopulationImport:
    """What an import's own audit row is about (a file, not one object)."""

    pk = None


class _Rollback(Exception):
    """Leaves the import's transaction without keeping anything (dry run, or errors)."""


@dataclass
class ImportReport:
    rows: list[ImportRow]
    committed: bool

    @property
    def summary(self) -> dict[str, int]:
        outcomes = [row.outcome for row in self.rows if not row.errors]
        return {
            "rows": len(self.rows),
            "new": outcomes.count("new"),
            "updated": outcomes.count("updated"),
            "unchanged": outcomes.count("unchanged"),
            "errors": sum(1 for row in self.rows if row.errors),
            "warnings": sum(1 for row in self.rows if row.warnings),
        }


@transaction.atomic
def population_import(*, actor, rows: list[ImportRow], commit: bool = False,
                      progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import checked OpenSID rows (``opensid_excel.workbook_read``): all or nothing.

    Every row is really written, each in its own savepoint so that one bad row
    does not hide the next one's errors; then the whole import is rolled back
    unless ``commit`` is set and no row has an error. So the dry run reports
    exactly what the commit would do, including new/updated/unchanged.

    Re-importing the same file updates and never duplicates. A row is matched
    to an existing resident by, in order: its NIK (a living resident first);
    its temporary NIK (``0…``, as Balai exports it); and otherwise, among the
    residents that still hold a temporary NIK, by name (case-insensitive),
    birth date and No. KK. So a row without a NIK gets a temporary NIK the
    first time only, and a real NIK later replaces the temporary one.

    ``progress(done, total)`` is called every 100 rows; it must not write to
    the database (nothing written here is visible before the commit).
    """
    try:
        with transaction.atomic():
            _import_rows(actor, rows, progress)
            if not commit or any(row.errors for row in rows):
                raise _Rollback
    except _Rollback:
        return ImportReport(rows=rows, committed=False)
    audit_record(actor=actor, action="population.import", obj=PopulationImport(), changes=ImportReport(rows, True).summary)
    return ImportReport(rows=rows, committed=True)


def _import_rows(actor, rows: list[ImportRow], progress) -> None:
    index = _ResidentIndex()
    # Per-import lookups: a file of 10,000 rows names a few dozen RTs and families.
    places: dict[tuple[str, str, str], Rt] = {}
    families: dict[str, Family] = {}
    for done, row in enumerate(rows, start=1):
        if progress is not None and (done % 100 == 0 or done == len(rows)):
            progress(done, len(rows))
        if row.errors:
            continue
        try:
            with transaction.atomic():
                _import_row(actor, row, index, places, families)
        except ValidationError as exc:
            row.errors.extend(_column_messages(exc))
            # The row's savepoint took back what it created; so must the caches.
            places.clear()
            families.clear()


def _column_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return exc.messages
    columns = {target.lstrip("_"): column for column, target, *_ in COLUMNS}
    return [f"{_('Kolom')} {columns.get(key, key)}: {message}"
            for key, messages in exc.message_dict.items() for message in messages]


def _import_row(actor, row: ImportRow, index: "_ResidentIndex", places: dict, families: dict) -> None:
    rt = family = None
    if row.dusun:
        place = (row.dusun, row.rw, row.rt)
        rt = places.get(place) or places.setdefault(place, rt_ensure(actor=actor, dusun=row.dusun, rw=row.rw,
                                                                      rt=row.rt))
    if row.no_kk:
        family = families.get(row.no_kk) or Family.objects.filter(no_kk=row.no_kk).first() or family_create(
            actor=actor, no_kk=row.no_kk, rt=rt, address=row.data.get("address", ""))
        families[row.no_kk] = family
    data = {**row.data, "rt": rt, "family": family}
    resident = index.match(row, data)
    if resident is None:
        data = {**row.defaults, **data}
        if is_temporary_nik(data.get("nik", "")):
            data["nik"] = ""  # a temporary number from elsewhere: this village numbers its own
        resident = resident_register(actor=actor, data=data)
        row.outcome = "new"
    else:
        if resident.nik_is_temporary and (not data.get("nik") or is_temporary_nik(data["nik"])):
            data.pop("nik", None)  # keep the temporary number it has
        # Compare foreign keys by id: no query per row for the resident's RT and family.
        changed = any(getattr(resident, f"{key}_id" if key in {"rt", "family"} else key)
                      != (getattr(value, "pk", None) if key in {"rt", "family"} else value)
                      for key, value in data.items())
        if changed:
            resident_update(actor=actor, resident=resident, data=data, status_change_allowed=True)
        row.outcome = "updated" if changed else "unchanged"
    if family is not None and data.get("family_relationship") == codes.FamilyRelationship.KEPALA_KELUARGA:
        _family_head_set(actor, family, resident, rt, row.data.get("address", ""))


class _ResidentIndex:
    """Who is already registered, read once per import.

    One query for the whole village instead of two per row: a lookup by NIK
    alone cannot use the partial (living-only) unique index. Residents that
    this import matched are skipped, so two identical rows without a NIK stay
    two residents.
    """

    def __init__(self):
        self.by_nik: dict[str, list[tuple]] = {}
        self.temporary: dict[tuple, list[int]] = {}
        self.matched: set[int] = set()
        fields = ("pk", "nik", "nik_is_temporary", "basic_status", "name", "birth_date", "family__no_kk")
        for pk, nik, temporary, status, name, birth_date, no_kk in (
                Resident.objects.order_by("id").values_list(*fields).iterator(chunk_size=5000)):
            self.by_nik.setdefault(nik, []).append((status != codes.BasicStatus.HIDUP, -pk, name, birth_date))
            if temporary:
                self.temporary.setdefault((name.casefold(), birth_date, no_kk or ""), []).append(pk)
        for candidates in self.by_nik.values():
            candidates.sort()  # living first, then the newest

    def match(self, row: ImportRow, data: dict) -> Resident | None:
        nik = data.get("nik", "")
        if nik and not is_temporary_nik(nik):
            for dead, negative_pk, name, birth_date in self.by_nik.get(nik, []):
                if -negative_pk in self.matched:
                    continue
                if not dead and birth_date != data.get("birth_date") and name.casefold() != data["name"].casefold():
                    # Same NIK, other name and other birth date: someone else, not a correction.
                    raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup "
                                                     "(nama dan tanggal lahir berbeda).")]})
                return self._take(-negative_pk)
        elif nik:
            for _dead, negative_pk, *_rest in self.by_nik.get(nik, []):
                if -negative_pk not in self.matched:
                    return self._take(-negative_pk)
        key = (data.get("name", "").casefold(), data.get("birth_date"), row.no_kk)
        pk = next((pk for pk in self.temporary.get(key, []) if pk not in self.matched), None)
        return None if pk is None else self._take(pk)

    def _take(self, pk: int) -> Resident:
        self.matched.add(pk)
        return Resident.objects.get(pk=pk)


def _family_head_set(actor, family: Family, head: Resident, rt: Rt | None, address: str) -> None:
    wanted = {"head_id": head.pk, "rt_id": getattr(rt, "pk", None), "address": address}
    changes = {key: value for key, value in wanted.items() if getattr(family, key) != value}
    if changes:
        Family.objects.filter(pk=family.pk).update(**changes)
        for key, value in changes.items():
            setattr(family, key, value)  # the cached family stays true
        audit_record(actor=actor, action="family.update", obj=family, changes=changes)
