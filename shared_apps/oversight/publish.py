"""Small-count suppression: what any published number may look like.

Rule (applied to every count about people, at every level, in pages, API and
exports alike):

* a count below ``THRESHOLD`` (0 to 4) is published as ``"<5"``;
* every other count, totals and subtotals included, is rounded to the nearest
  multiple of ``BASE`` (5, 6, 7 → 5; 8 … 12 → 10).

Why rounding and not secondary suppression: a suppressed cell could be
recovered by subtracting the published cells from a published total, within a
table or across the drill-down (a kecamatan minus its other desa). Secondary
suppression would have to be solved jointly across every table and every level
of the hierarchy. With rounding, no published number is exact, so every such
difference carries an error of up to ±2 per term and cannot pin a cell down to
fewer than the five values "<5" already allows. Totals are rounded from the
true counts, not summed from rounded cells, so rounded cells do not add up
exactly; the dashboard says so.

Counts of villages (on Balai, in the Kemendagri list) are not about people and
are published exactly.
"""
THRESHOLD = 5
BASE = 5
SUPPRESSED = "<5"


def publish(count: int) -> int | str:
    if count < THRESHOLD:
        return SUPPRESSED
    return BASE * ((count + BASE // 2) // BASE)


def published_share(part: int, whole: int) -> float | None:
    """Percent from the two published numbers (never from true counts), or None when either is suppressed."""
    shown_part, shown_whole = publish(part), publish(whole)
    if shown_part == SUPPRESSED or shown_whole == SUPPRESSED:
        return None
    return round(100 * shown_part / shown_whole, 1)
