"""The monthly population report (laporan bulanan), whose figures reconcile:

    end = start + births + moved in + registered − deaths − moved out − missing − left

A resident counts from their birth or move-in event (or, without one, from
the day they were registered: "registered" covers data entry and imports) to
their exit event (death, move out, missing, leave). Undone events do not count.
"""
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from tenant_apps.population import codes
from tenant_apps.population.events import ENTRIES, EXITS
from tenant_apps.population.models import PopulationEvent, Resident

Kind = codes.PopulationEvent
LINES = ("start", "births", "moved_in", "registered", "deaths", "moved_out", "missing", "left", "end")
_ENTRY_LINE = {Kind.LAHIR: "births", Kind.PINDAH_MASUK: "moved_in"}
_EXIT_LINE = {Kind.MATI: "deaths", Kind.PINDAH_KELUAR: "moved_out", Kind.HILANG: "missing", Kind.PERGI: "left"}


@dataclass(frozen=True)
class Presence:
    """One resident in one month: who they are, as the reports group them, and
    the lines of the report they count in."""

    sex: int
    citizenship: int
    dusun_id: int | None
    family_relationship: int | None
    lines: tuple[str, ...]


def month_presences(*, year: int, month: int) -> Iterator[Presence]:
    """Every resident who lived in the village at some time in the month, with their lines."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    entries, exits = {}, {}
    for resident_id, kind, occurred_on in (PopulationEvent.objects.filter(undone_at=None)
                                           .order_by("occurred_on", "id").values_list("resident_id", "kind", "occurred_on")):
        if kind in ENTRIES:
            entries[resident_id] = (kind, occurred_on)
        elif kind in EXITS:
            exits[resident_id] = (kind, occurred_on)
    residents = Resident.objects.values_list("id", "sex", "basic_status", "created_at", "citizenship",
                                             "rt__rw__dusun_id", "family_relationship")
    for resident_id, sex, status, created_at, citizenship, dusun_id, relationship in residents.iterator(chunk_size=5000):
        if resident_id not in exits and status != codes.BasicStatus.HIDUP:
            continue  # never living here as far as Balai knows (e.g. imported as dead)
        exit_kind, exit_day = exits.get(resident_id, (None, None))
        registered = timezone.localdate(created_at)
        # Registered without an entry event (data entry, an import): present
        # from then; but an exit dated before the registration (a backlog
        # recorded after moving to Balai) means they were here before it.
        if exit_day is not None and exit_day < registered:
            registered = datetime.date.min
        entry_kind, entry_day = entries.get(resident_id, (None, registered))
        lines = []
        if entry_day < first and (exit_day is None or exit_day >= first):
            lines.append("start")
        if entry_day < following and (exit_day is None or exit_day >= following):
            lines.append("end")
        if first <= entry_day < following:
            lines.append(_ENTRY_LINE.get(entry_kind, "registered"))
        if exit_day is not None and first <= exit_day < following:
            lines.append(_EXIT_LINE[exit_kind])
        if lines:
            yield Presence(sex, citizenship, dusun_id, relationship, tuple(lines))


def monthly_report(*, year: int, month: int) -> dict[str, dict[str, int]]:
    """``{line: {"male", "female", "total"}}`` for one calendar month."""
    report = {line: {"male": 0, "female": 0, "total": 0} for line in LINES}
    for presence in month_presences(year=year, month=month):
        sex = "male" if presence.sex == codes.Sex.LAKI_LAKI else "female"
        for line in presence.lines:
            report[line]["total"] += 1
            report[line][sex] += 1
    return report
