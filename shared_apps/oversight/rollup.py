"""The rollup SQL: one village's figures into public, then regions from their children.

A village is rolled up by one ``INSERT … SELECT`` run inside the village
(``tenant_context``): only codes and counts leave its schema, never a NIK, a
name or an address. Regions are sums of their children's rows, level by level
(kecamatan ← desa, kabupaten/kota ← kecamatan, provinsi ← kabupaten/kota), so a
refresh of a few villages recomputes a few regions, not the country.
"""
import datetime
import zoneinfo

from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from tenant_apps.complaints.models import Complaint
from tenant_apps.letters.models import Letter
from tenant_apps.population.codes import AGE_RANGES, BasicStatus
from tenant_apps.selfservice.models import LetterRequest
from tenants.models import Village

# Who counts. Suspended villages (unpaid, read-only) still keep the registry of
# real people, so their figures stay; archived villages no longer use Balai and
# their registry is frozen, so they leave the figures (and the count on Balai).
COUNTED_STATUSES = (Village.Status.ACTIVE, Village.Status.SUSPENDED)
EVENT_MONTHS = 24  # months of events, letters, requests and complaints kept per village
# Length of a code at each level: PP, PP.KK, PP.KK.CC, PP.KK.CC.DDDD.
CODE_LENGTHS = {"provinsi": 2, "kabupaten_kota": 5, "kecamatan": 8, "desa_kelurahan": 13}
# Counted from the Kemendagri list, not summed from children.
LISTED = "villages_listed"

_CELL = '"public"."oversight_rollupcell"'
_COLUMNS = "(region_code, parent_code, metric, d1, d2, d3, value)"


def _age_band_sql() -> str:
    """CASE expression giving the index of ``codes.AGE_RANGES`` for a birth date.

    Compares the birth date with the first birth date too old for each band
    (parameters ``band0`` …), which is several times cheaper per resident than
    computing ages with ``age()``.
    """
    whens = [f"WHEN birth_date > %(band{index})s THEN {index}" for index, (_label, _low, high) in enumerate(AGE_RANGES)
             if high is not None]
    return f"CASE {' '.join(whens)} ELSE {len(AGE_RANGES) - 1} END"


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _band_limits(today: datetime.date) -> dict[str, datetime.date]:
    """Whoever was born after ``band<i>`` is at most as old as band i's upper age."""
    return {f"band{index}": _years_before(today, high + 1) for index, (_label, _low, high) in enumerate(AGE_RANGES)
            if high is not None}


def _by_sex(metric: str, column: str) -> str:
    return (f"SELECT '{metric}', sex::text, coalesce({column}::text, ''), '', count(*) "
            f"FROM living GROUP BY sex, {column}")


def _quality(indicator: str, condition: str) -> str:
    return f"SELECT 'quality', '{indicator}', '', '', count(*) FROM living WHERE {condition} HAVING count(*) > 0"


_READY, _DONE = LetterRequest.Status.READY.value, Complaint.Status.DONE.value


def _month(column: str) -> str:
    return f"to_char({column} AT TIME ZONE %(zone)s, 'YYYY-MM')"


def _service(metric: str, table: str, finished: str) -> str:
    """Per month: how many were received, how many finished, and the minutes they took in all
    (a sum, so that regions add up; the average is taken when published)."""
    return (f"SELECT '{metric}', {_month('created_at')}, 'received', '', count(*) FROM {table} "
            f"WHERE created_at >= %(since_at)s GROUP BY 2 "
            f"UNION ALL SELECT '{metric}', {_month('done_at')}, 'done', '', count(*) FROM {finished} "
            f"WHERE done_at >= %(since_at)s GROUP BY 2 "
            f"UNION ALL SELECT '{metric}', {_month('done_at')}, 'done_minutes', '', "
            f"round(sum(extract(epoch FROM done_at - received_at)) / 60)::bigint FROM {finished} "
            f"WHERE done_at >= %(since_at)s GROUP BY 2")


_VILLAGE_SQL = f"""
WITH living AS MATERIALIZED (
    SELECT sex, religion, education_kk, occupation, nik_is_temporary, nik_warnings_confirmed,
           nik_warnings <> '[]'::jsonb AS warned, {_age_band_sql()} AS band
    FROM population_resident WHERE basic_status = {BasicStatus.HIDUP}
), ready AS (
    -- A request is done when its letter is ready to pick up (the first time).
    SELECT request.created_at AS received_at, min(step.at) AS done_at
    FROM selfservice_letterrequest AS request
    JOIN selfservice_requestevent AS step ON step.request_id = request.id AND step.status = '{_READY}'
    WHERE request.status IN ('{_READY}', '{LetterRequest.Status.PICKED_UP.value}')
    GROUP BY request.id
), resolved AS (
    -- A complaint is resolved by the last reply that closed it (it may have been reopened before).
    SELECT complaint.created_at AS received_at, max(reply.created_at) AS done_at
    FROM complaints_complaint AS complaint
    JOIN complaints_complaintreply AS reply ON reply.complaint_id = complaint.id AND reply.status = '{_DONE}'
    WHERE complaint.status = '{_DONE}'
    GROUP BY complaint.id
), figures(metric, d1, d2, d3, value) AS (
    SELECT 'residents', '', '', '', count(*) FROM living
    UNION ALL SELECT 'population', sex::text, band::text, '', count(*) FROM living GROUP BY sex, band
    UNION ALL {_by_sex("religion", "religion")}
    UNION ALL {_by_sex("education", "education_kk")}
    UNION ALL {_by_sex("occupation", "occupation")}
    UNION ALL {_quality("nik_warning", "warned")}
    UNION ALL {_quality("nik_warning_open", "warned AND NOT nik_warnings_confirmed")}
    UNION ALL {_quality("nik_temporary", "nik_is_temporary")}
    UNION ALL SELECT 'events', to_char(event.occurred_on, 'YYYY-MM'), event.kind::text, resident.sex::text, count(*)
        FROM population_populationevent AS event JOIN population_resident AS resident ON resident.id = event.resident_id
        WHERE event.undone_at IS NULL AND event.occurred_on BETWEEN %(since)s AND %(today)s
        GROUP BY 2, 3, 4
    UNION ALL SELECT 'letters', to_char(letter.issued_on, 'YYYY-MM'), letter_type.code, '', count(*)
        FROM letters_letter AS letter JOIN letters_lettertype AS letter_type ON letter_type.id = letter.letter_type_id
        WHERE letter.status = '{Letter.Status.ISSUED.value}' AND letter.issued_on BETWEEN %(since)s AND %(today)s
        GROUP BY 2, 3
    UNION ALL {_service("requests", "selfservice_letterrequest", "ready")}
    UNION ALL {_service("complaints", "complaints_complaint", "resolved")}
    UNION ALL SELECT 'villages', %(status)s, '', '', 1
)
INSERT INTO {_CELL} {_COLUMNS}
SELECT %(code)s, %(parent)s, metric, d1, d2, d3, value FROM figures
"""


def events_since(today: datetime.date) -> datetime.date:
    """First day of the oldest month of events kept."""
    months = today.year * 12 + today.month - 1 - (EVENT_MONTHS - 1)
    return datetime.date(months // 12, months % 12 + 1, 1)


def village_cells_delete(code: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_CELL} WHERE region_code = %s", [code])


def village_cells_insert(village: Village, *, today: datetime.date) -> None:
    """Roll ``village`` up (its old rows must be gone). Enters the village's schema for one statement."""
    since = events_since(today)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    params = {**_band_limits(today), "today": today, "since": since, "status": village.status,
              "zone": settings.TIME_ZONE, "since_at": datetime.datetime.combine(since, datetime.time(), zone),
              "code": village.code, "parent": village.code[:CODE_LENGTHS["kecamatan"]]}
    with tenant_context(village), connection.cursor() as cursor:
        cursor.execute(_VILLAGE_SQL, params)


def _parent_of(expression: str, length: int) -> str:
    """SQL for the parent code of ``expression``, a region code of ``length``."""
    parent_length = {8: 5, 5: 2, 2: 0}[length]
    return f"left({expression}, {parent_length})" if parent_length else "''"


def regions_recompute(level: str, codes: list[str] | None) -> None:
    """Recompute the rows of ``codes`` at ``level`` (all regions of that level when None)
    from their children's rows, and their count of villages in the Kemendagri list.

    Call level by level, lowest first, inside one transaction: readers see the
    old figures until the whole refresh commits.
    """
    length = CODE_LENGTHS[level]
    only = "= ANY(%(codes)s)" if codes is not None else "IS NOT NULL"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_CELL} WHERE length(region_code) = %(length)s AND region_code {only}",
                       {"length": length, "codes": codes})
        cursor.execute(f"""
            INSERT INTO {_CELL} {_COLUMNS}
            SELECT parent_code, {_parent_of("parent_code", length)}, metric, d1, d2, d3, sum(value)
            FROM {_CELL} WHERE length(parent_code) = %(length)s AND parent_code {only} AND metric <> %(listed)s
            GROUP BY parent_code, metric, d1, d2, d3
        """, {"length": length, "codes": codes, "listed": LISTED})
        cursor.execute(f"""
            INSERT INTO {_CELL} {_COLUMNS}
            SELECT left(code, %(length)s), {_parent_of("left(code, %(length)s)", length)}, %(listed)s, '', '', '', count(*)
            FROM "public"."regions_region"
            WHERE level = 'desa_kelurahan' AND left(code, %(length)s) {only}
            GROUP BY left(code, %(length)s)
        """, {"length": length, "codes": codes, "listed": LISTED})


def regions_recompute_above(kecamatan_codes: set[str]) -> None:
    """Recompute the kecamatan of changed villages and every region above them."""
    kecamatan = sorted(kecamatan_codes)
    kabupaten = sorted({code[:5] for code in kecamatan})
    provinsi = sorted({code[:2] for code in kabupaten})
    regions_recompute("kecamatan", kecamatan)
    regions_recompute("kabupaten_kota", kabupaten)
    regions_recompute("provinsi", provinsi)


def regions_recompute_all() -> None:
    for level in ("kecamatan", "kabupaten_kota", "provinsi"):
        regions_recompute(level, None)


def orphan_cells_delete() -> int:
    """Drop desa rows of villages that no longer count (archived, or gone)."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            DELETE FROM {_CELL} AS cell WHERE length(cell.region_code) = 13 AND NOT EXISTS (
                SELECT 1 FROM "public"."tenants_village" AS village
                WHERE village.code = cell.region_code AND village.status = ANY(%s))
        """, [list(COUNTED_STATUSES)])
        return cursor.rowcount
