"""The monthly population report (laporan bulanan), whose figures reconcile:

    end = start + births + moved in + registered − deaths − moved out − missing − left

A resident counts from their birth or move-in event (or, without one, from
the day they were registered: "registered" covers data entry and imports) to
their exit event (death, move out, missing, leave). Undone events do not count.
"""
import datetime

from django.utils import timezone

from tenant_apps.population import codes
from tenant_apps.population.events import ENTRIES, EXITS
from tenant_apps.population.models import PopulationEvent, Resident

Kind = codes.PopulationEvent
LINES = ("start", "births", "moved_in", "registered", "deaths", "moved_out", "missing", "left", "end")
_ENTRY_LINE = {Kind.LAHIR: "births", Kind.PINDAH_MASUK: "moved_in"}
_EXIT_LINE = {Kind.MATI: "deaths", Kind.PINDAH_KELUAR: "moved_out", Kind.HILANG: "missing", Kind.PERGI: "left"}


def monthly_report(*, year: int, month: int) -> dict[str, dict[str, int]]:
    """``{line: {"male", "female", "total"}}`` for one calendar month."""
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    entries, exits = {}, {}
    for resident_id, kind, occurred_on in (PopulationEvent.objects.filter(undone_at=None)
                                           .order_by("occurred_on", "id").values_list("resident_id", "kind", "occurred_on")):
        if kind in ENTRIES:
            entries[resident_id] = (kind, occurred_on)
        elif kind in EXITS:
            exits[resident_id] = (kind, occurred_on)
    report = {line: {"male": 0, "female": 0, "total": 0} for line in LINES}

    def count(line: str, sex: int) -> None:
        report[line]["total"] += 1
        report[line]["male" if sex == codes.Sex.LAKI_LAKI else "female"] += 1

    for resident_id, sex, status, created_at in Resident.objects.values_list("id", "sex", "basic_status", "created_at"):
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
        if entry_day < first and (exit_day is None or exit_day >= first):
            count("start", sex)
        if entry_day < following and (exit_day is None or exit_day >= following):
            count("end", sex)
        if first <= entry_day < following:
            count(_ENTRY_LINE.get(entry_kind, "registered"), sex)
        if exit_day is not None and first <= exit_day < following:
            count(_EXIT_LINE[exit_kind], sex)
    return report
