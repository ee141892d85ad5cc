"""Published figures of the villages' services (letters), from rollup rows.

Kept apart from ``selectors`` so that each service's figure reads on its own;
everything returned here is already suppressed (``publish``).
"""
from collections import defaultdict

from shared_apps.oversight.publish import publish
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
