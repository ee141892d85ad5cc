"""Geometry for the dashboard's charts: plain SVG and CSS, no script, no CDN.

Charts draw published numbers only; a suppressed cell ("<5") is drawn as zero
and labelled "<5".
"""
from tenant_apps.population import codes

EVENT_SERIES = [  # (kind, CSS class) drawn in the events chart
    (codes.PopulationEvent.LAHIR, "birth"), (codes.PopulationEvent.MATI, "death"),
    (codes.PopulationEvent.PINDAH_MASUK, "move-in"), (codes.PopulationEvent.PINDAH_KELUAR, "move-out"),
]
WIDTH, HEIGHT, AXIS = 720, 220, 24


def _number(value) -> float:
    return value if isinstance(value, (int, float)) else 0


def _percent(value, largest: int, scale: int = 100) -> float:
    return round(scale * _number(value) / largest, 1) if largest else 0.0


def pyramid(bands: list[dict]) -> list[dict]:
    largest = max([_number(band["male"]) for band in bands] + [_number(band["female"]) for band in bands] + [0])
    # Bars take at most 80 % of their half, leaving room for the number beside them.
    return [{**band, "male_width": _percent(band["male"], largest, 80),
             "female_width": _percent(band["female"], largest, 80)} for band in reversed(bands)]


def bars(rows: list[dict]) -> list[dict]:
    largest = max([_number(row["total"]) for row in rows] + [0])
    return [{**row, "width": _percent(row["total"], largest)} for row in rows]


def events_columns(months: list[dict]) -> dict:
    """Grouped columns per month for births, deaths, moves in and out, in a WIDTH × HEIGHT viewBox."""
    largest = max([_number(month["kinds"][kind.name.lower()]["total"]) for month in months for kind, _c in EVENT_SERIES]
                  + [0])
    slot = WIDTH / max(len(months), 1)
    column = (slot - 8) / len(EVENT_SERIES)
    plot = HEIGHT - AXIS
    groups = []
    for index, month in enumerate(months):
        columns = []
        for position, (kind, css) in enumerate(EVENT_SERIES):
            shown = month["kinds"][kind.name.lower()]["total"]
            height = round(plot * _number(shown) / largest, 1) if largest else 0
            columns.append({"x": round(index * slot + 4 + position * column, 1), "y": round(plot - height, 1),
                            "width": round(column - 1, 1), "height": height, "css": css, "label": kind.label,
                            "value": shown})
        groups.append({"month": month["month"], "label_x": round(index * slot + slot / 2, 1), "columns": columns})
    return {"width": WIDTH, "height": HEIGHT, "axis_y": plot, "label_y": HEIGHT - 6, "groups": groups,
            "legend": [(css, kind.label) for kind, css in EVENT_SERIES]}


def month_columns(months: list[dict], key: str) -> dict:
    """One column per month of ``month[key]`` (a published number, or None), in a WIDTH × HEIGHT viewBox."""
    largest = max([_number(month[key]) for month in months] + [0])
    slot = WIDTH / max(len(months), 1)
    plot = HEIGHT - AXIS
    columns = []
    for index, month in enumerate(months):
        height = round(plot * _number(month[key]) / largest, 1) if largest else 0
        columns.append({"month": month["month"], "value": "—" if month[key] is None else month[key],
                        "x": round(index * slot + 6, 1), "y": round(plot - height, 1), "width": round(slot - 12, 1),
                        "height": height, "label_x": round(index * slot + slot / 2, 1)})
    return {"width": WIDTH, "height": HEIGHT, "axis_y": plot, "label_y": HEIGHT - 6, "columns": columns}
