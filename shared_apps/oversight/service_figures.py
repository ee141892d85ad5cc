"""Published figures of the villages' services (letters, residents' requests,
complaints), from rollup rows.

Kept apart from ``selectors`` so that each service's figure reads on its own;
everything returned here is already suppressed (``publish``). An average time
is published only when the count it is taken over is not suppressed (5 or
more), so no average describes one or two people's cases.
"""
from collections import defaultdict

from shared_apps.oversight.publish import SUPPRESSED, publish
from tenant_apps.letters.letter_types import shipped_type_names


def letters(rows: list[tuple], *, months: list[str]) -> dict:
    """Letters issued per month and letter type code, for ``months`` (oldest first).

    Types are grouped by code across villages; a code Balai ships is named as
    shipped, a village's own code is shown as its code only (the name a village
    gives it stays in the village). Only types with a letter in ``months``.
    """
    shown = set(months)
    found = defaultdict(dict)  # code → month → true count
    for month, code, _d3, value in rows:
        if month in shown:
            found[code][month] = value
    names = shipped_type_names()
    types = sorted(found)
    return {
        "types": [{"code": code, "name": names.get(code, ""), "total": publish(sum(found[code].values()))}
                  for code in types],
        "months": [{"month": month, "total": publish(sum(found[code].get(month, 0) for code in types)),
                    "by_type": {code: publish(found[code].get(month, 0)) for code in types}}
                   for month in months],
        "total": publish(sum(value for by_month in found.values() for value in by_month.values())),
    }


def _average_hours(minutes: int, count: int) -> float | None:
    return round(minutes / count / 60, 1) if publish(count) != SUPPRESSED else None


def _timed(received: int, done: int, minutes: int) -> dict:
    hours = _average_hours(minutes, done)
    return {"received": publish(received), "done": publish(done), "average_hours": hours,
            "average_days": round(hours / 24, 1) if hours is not None else None}


def service_times(rows: list[tuple], *, months: list[str]) -> dict:
    """Per month: received, done (ready to pick up / resolved) and the average time to done,
    plus the same over ``months`` together. For residents' requests and for complaints."""
    found = defaultdict(lambda: defaultdict(int))  # month → received/done/done_minutes → true value
    for month, kind, _d3, value in rows:
        found[month][kind] = value
    shown = [found[month] for month in months]
    return {
        "months": [{"month": month, **_timed(values["received"], values["done"], values["done_minutes"])}
                   for month, values in zip(months, shown)],
        "total": _timed(*(sum(values[kind] for values in shown) for kind in ("received", "done", "done_minutes"))),
    }
