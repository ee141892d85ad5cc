"""What an OpenSID import would write, worked out in memory (see ``opensid_import``).

What the file touches is read once: dusun/RW/RT, the families it names, and
the residents holding one of its NIKs or a temporary number (whom a row may
match). Each row is then checked as a single write would be, against the
state that the rows before it leave; a row with an error leaves no trace.
New rows are unsaved model instances until ``opensid_import_write``.
"""
import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.nik import check_no_kk_format
from tenant_apps.population.opensid_excel import ImportRow, is_temporary_nik
from tenant_apps.population.resident_rules import RESIDENT_FIELDS, resident_check

RELATED = ("rt", "family")


class Wilayah:
    """Dusun → RW → RT by name; new ones stay unsaved until written."""

    def __init__(self):
        self.dusun = {dusun.name: dusun for dusun in Dusun.objects.all()}
        self.rw = {(rw.dusun.name, rw.number): rw for rw in Rw.objects.select_related("dusun")}
        self.rt = {(rt.rw.dusun.name, rt.rw.number, rt.number): rt for rt in Rt.objects.select_related("rw__dusun")}
        self.new: list[Dusun | Rw | Rt] = []

    def find(self, row: ImportRow) -> tuple[Rt, list]:
        """The row's RT, and what would be created for it (unsaved, parents first)."""
        new = []
        dusun = self.dusun.get(row.dusun)
        if dusun is None:
            dusun = Dusun(name=row.dusun)
            new.append(dusun)
        rw = self.rw.get((row.dusun, row.rw))
        if rw is None:
            rw = Rw(dusun=dusun, number=row.rw)
            new.append(rw)
        rt = self.rt.get((row.dusun, row.rw, row.rt))
        if rt is None:
            rt = Rt(rw=rw, number=row.rt)
            new.append(rt)
        return rt, new

    def keep(self, row: ImportRow, new: list) -> None:
        for obj in new:
            if isinstance(obj, Dusun):
                self.dusun[row.dusun] = obj
            elif isinstance(obj, Rw):
                self.rw[(row.dusun, row.rw)] = obj
            else:
                self.rt[(row.dusun, row.rw, row.rt)] = obj
        self.new.extend(new)


@dataclass
class FamilyPlan:
    family: Family  # unsaved when new; carries the planned rt, address and head
    new: bool
    before: dict = field(default_factory=dict)  # head_id, rt_id, address as stored (existing families)


class Families:
    def __init__(self, rows: list[ImportRow]):
        no_kks = {row.no_kk for row in rows if row.no_kk}
        self.by_no_kk = {family.no_kk: FamilyPlan(family, new=False, before={
            "head_id": family.head_id, "rt_id": family.rt_id, "address": family.address,
        }) for family in Family.objects.filter(no_kk__in=no_kks)}

    def find(self, row: ImportRow, rt: Rt | None) -> FamilyPlan:
        found = self.by_no_kk.get(row.no_kk)
        if found is not None:
            return found
        try:
            check_no_kk_format(row.no_kk)
        except ValidationError as exc:
            raise ValidationError({"no_kk": exc.messages}) from None
        return FamilyPlan(Family(no_kk=row.no_kk, rt=rt, address=row.data.get("address", "")), new=True)

    def keep(self, plan: FamilyPlan) -> None:
        self.by_no_kk[plan.family.no_kk] = plan

    @staticmethod
    def head_set(plan: FamilyPlan, head: Resident, rt: Rt | None, address: str) -> None:
        plan.family.head, plan.family.rt, plan.family.address = head, rt, address


class Residents:
    """The residents a row may match, and who holds which NIK among the living.

    A lookup by NIK alone cannot use the partial (living-only) unique index,
    so the file's NIKs are read in one query. Residents that this import
    matched are skipped, so two identical rows without a NIK stay two residents.
    """

    def __init__(self, rows: list[ImportRow]):
        niks = {row.data["nik"] for row in rows if row.data.get("nik")}
        self.loaded: dict[int, Resident] = {}
        self.by_nik: dict[str, list[tuple]] = {}
        self.temporary: dict[tuple, list[int]] = {}
        self.matched: set[int] = set()
        # Keys of the living residents holding each NIK, as planned so far (a pk, or a new resident's number).
        self.holders: dict[str, set] = {}
        query = Resident.objects.filter(Q(nik__in=niks) | Q(nik_is_temporary=True)).annotate(
            family_no_kk=F("family__no_kk")).order_by("id")
        for resident in query:
            self.loaded[resident.pk] = resident
            living = resident.basic_status == codes.BasicStatus.HIDUP
            self.by_nik.setdefault(resident.nik, []).append((not living, -resident.pk))
            if resident.nik_is_temporary:
                key = (resident.name.casefold(), resident.birth_date, resident.family_no_kk or "")
                self.temporary.setdefault(key, []).append(resident.pk)
            if living:
                self.holders.setdefault(resident.nik, set()).add(resident.pk)
        for candidates in self.by_nik.values():
            candidates.sort()  # living first, then the newest

    def match(self, row: ImportRow, data: dict) -> Resident | None:
        nik = data.get("nik", "")
        if nik and not is_temporary_nik(nik):
            for dead, negative_pk in self.by_nik.get(nik, []):
                if -negative_pk in self.matched:
                    continue
                found = self.loaded[-negative_pk]
                if (not dead and found.birth_date != data.get("birth_date")
                        and found.name.casefold() != data["name"].casefold()):
                    # Same NIK, other name and other birth date: someone else, not a correction.
                    raise ValidationError({"nik": [_("NIK ini sudah dipakai penduduk lain yang masih hidup "
                                                     "(nama dan tanggal lahir berbeda).")]})
                return self._take(-negative_pk)
        elif nik:
            for _dead, negative_pk in self.by_nik.get(nik, []):
                if -negative_pk not in self.matched:
                    return self._take(-negative_pk)
        key = (data.get("name", "").casefold(), data.get("birth_date"), row.no_kk)
        pk = next((pk for pk in self.temporary.get(key, []) if pk not in self.matched), None)
        return None if pk is None else self._take(pk)

    def _take(self, pk: int) -> Resident:
        self.matched.add(pk)
        return self.loaded[pk]

    def nik_taken(self, resident: Resident, key) -> bool:
        return bool(resident.nik) and bool(self.holders.get(resident.nik, set()) - {key})

    def keep(self, before: Resident | None, resident: Resident, key) -> None:
        if before is not None:
            self.holders.get(before.nik, set()).discard(key)
        if resident.nik and resident.basic_status == codes.BasicStatus.HIDUP:
            self.holders.setdefault(resident.nik, set()).add(key)


def _same(resident: Resident, name: str, value) -> bool:
    if name in RELATED:  # by id: a new RT or family (no pk yet) is never the same
        stored = getattr(resident, f"{name}_id")
        return stored is None if value is None else value.pk is not None and value.pk == stored
    return getattr(resident, name) == value


class ImportPlan:
    def __init__(self, rows: list[ImportRow]):
        self.wilayah = Wilayah()
        self.families = Families(rows)
        self.residents = Residents(rows)
        self.new: list[Resident] = []
        self.updated: list[tuple[Resident, Resident]] = []  # (as stored, as planned)

    def add(self, row: ImportRow) -> None:
        """Plan one row, or raise ``ValidationError`` and leave the plan as it was."""
        rt, new_places = self.wilayah.find(row) if row.dusun else (None, [])
        family = self.families.find(row, rt) if row.no_kk else None
        data = {**row.data, "rt": rt, "family": family.family if family else None}
        stored = self.residents.match(row, data)
        if stored is None:
            data = {**row.defaults, **data}
            if is_temporary_nik(data.get("nik", "")):
                data["nik"] = ""  # a temporary number from elsewhere: this village numbers its own
            resident = Resident(**{key: value for key, value in data.items() if key in RESIDENT_FIELDS})
            resident.nik_is_temporary = not resident.nik  # numbered when written
            key, outcome = ("new", len(self.new)), "new"
        else:
            if stored.nik_is_temporary and (not data.get("nik") or is_temporary_nik(data["nik"])):
                data.pop("nik", None)  # keep the temporary number it has
            changed = not all(_same(stored, name, value) for name, value in data.items())
            resident, key, outcome = stored, stored.pk, "updated" if changed else "unchanged"
            if changed:
                resident = copy.copy(stored)
                for name, value in data.items():
                    setattr(resident, name, value)
        if outcome != "unchanged":
            resident_check(resident, nik_taken=self.residents.nik_taken(resident, key))
        # Nothing below fails: the row is planned.
        self.wilayah.keep(row, new_places)
        if family is not None:
            self.families.keep(family)
        if outcome == "new":
            self.new.append(resident)
        elif outcome == "updated":
            self.updated.append((stored, resident))
        if outcome != "unchanged":
            self.residents.keep(stored, resident, key)
        row.outcome = outcome
        if family is not None and data.get("family_relationship") == codes.FamilyRelationship.KEPALA_KELUARGA:
            self.families.head_set(family, resident, rt, row.data.get("address", ""))
