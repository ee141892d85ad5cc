"""Reads for officials: only rollups in public, only inside the official's region."""
from collections import defaultdict

from django.core.cache import cache
from django.db.models.functions import Length
from django.http import Http404
from django.utils import timezone

from shared_apps.oversight import service_figures
from shared_apps.oversight.models import Official, RollupCell, RollupRun
from shared_apps.oversight.publish import publish, published_share
from shared_apps.oversight.rollup import COUNTED_STATUSES, LISTED
from shared_apps.regions.models import Region
from tenant_apps.population import codes

CHILD_LEVEL = {
    Region.Level.PROVINSI: Region.Level.KABUPATEN_KOTA,
    Region.Level.KABUPATEN_KOTA: Region.Level.KECAMATAN,
    Region.Level.KECAMATAN: Region.Level.DESA_KELURAHAN,
}
NOT_FILLED = "BELUM MENGISI"
EVENT_MONTHS_SHOWN = 12
SUMMARY_CACHE_SECONDS = 6 * 3600
# Category tables: metric → code list (rows in code order; only categories with someone in them).
CATEGORY_TABLES = {"religion": codes.Religion, "education": codes.EducationInKK, "occupation": codes.Occupation}
MALE, FEMALE = str(codes.Sex.LAKI_LAKI.value), str(codes.Sex.PEREMPUAN.value)


def official_of(user) -> Official | None:
    if not user.is_authenticated:
        return None
    return Official.objects.select_related("region").filter(user=user).first()


def is_official(user) -> bool:
    return user.is_authenticated and Official.objects.filter(user=user).exists()


def in_scope(official: Official, code: str) -> bool:
    scope = official.region.code
    return code == scope or code.startswith(scope + ".")


def access_region(*, official: Official, code: str) -> Region:
    """The region ``code`` if the official may see it. Unknown and out-of-scope
    codes get the same 404, so an official cannot probe other regions."""
    region = Region.objects.filter(code=code).first() if in_scope(official, code) else None
    if region is None:
        raise Http404("wilayah tidak ditemukan")
    return region


def _sex_row(values: dict[str, int]) -> dict:
    male, female = values.get(MALE, 0), values.get(FEMALE, 0)
    return {"male": publish(male), "female": publish(female), "total": publish(male + female)}


def _by_metric(code: str) -> dict[str, list[tuple]]:
    grouped = defaultdict(list)
    for metric, d1, d2, d3, value in RollupCell.objects.filter(region_code=code).values_list(
            "metric", "d1", "d2", "d3", "value"):
        grouped[metric].append((d1, d2, d3, value))
    return grouped


def _population(rows: list[tuple]) -> dict:
    bands = defaultdict(dict)
    for sex, band, _d3, value in rows:
        bands[int(band)][sex] = value
    by_sex = {MALE: 0, FEMALE: 0}
    for values in bands.values():
        for sex, value in values.items():
            by_sex[sex] = by_sex.get(sex, 0) + value
    return {
        "total": publish(sum(by_sex.values())),
        "by_sex": _sex_row(by_sex),
        "by_age_band": [{"band": index, "label": str(label), **_sex_row(bands.get(index, {}))}
                        for index, (label, _low, _high) in enumerate(codes.AGE_RANGES)],
    }


def _category(rows: list[tuple], choices) -> list[dict]:
    found = defaultdict(dict)
    for sex, code, _d3, value in rows:
        found[code][sex] = value
    labels = [(str(value), str(label)) for value, label in choices.choices] + [("", NOT_FILLED)]
    return [{"code": int(code) if code else None, "label": label, **_sex_row(found[code])}
            for code, label in labels if code in found]


def _months_back(latest: str, count: int) -> list[str]:
    year, month = (int(part) for part in latest.split("-"))
    index = year * 12 + month - 1
    return [f"{(i // 12):04d}-{(i % 12) + 1:02d}" for i in range(index - count + 1, index + 1)]


def _events(rows: list[tuple], *, until: str) -> list[dict]:
    found = defaultdict(lambda: defaultdict(dict))
    for month, kind, sex, value in rows:
        found[month][kind][sex] = value
    return [{"month": month, "kinds": {kind.name.lower(): _sex_row(found[month][str(kind.value)])
                                       for kind in codes.PopulationEvent}}
            for month in _months_back(until, EVENT_MONTHS_SHOWN)]


def _quality(rows: list[tuple], residents: int) -> dict:
    counts = {indicator: value for indicator, _d2, _d3, value in rows}
    result = {"residents": publish(residents)}
    for indicator in ("nik_warning", "nik_warning_open", "nik_temporary"):
        count = counts.get(indicator, 0)
        result[indicator] = publish(count)
        result[f"{indicator}_percent"] = published_share(count, residents)
    return result


def _villages(rows: list[tuple], listed: list[tuple], level: str) -> dict:
    by_status = {status: value for status, _d2, _d3, value in rows}
    listed_total = 1 if level == Region.Level.DESA_KELURAHAN else sum(value for *_d, value in listed)
    return {"on_balai": sum(by_status.get(status, 0) for status in COUNTED_STATUSES),
            "suspended": by_status.get("suspended", 0), "total": listed_total}


def last_refresh() -> RollupRun | None:
    return RollupRun.objects.filter(status=RollupRun.Status.DONE).order_by("-finished_at").first()


def region_children(region: Region) -> list[dict]:
    """Child regions with villages on Balai / in the list and population, for the drill-down."""
    level = CHILD_LEVEL.get(region.level)
    if level is None:
        return []
    figures = defaultdict(lambda: {"on_balai": 0, "listed": 1 if level == Region.Level.DESA_KELURAHAN else 0,
                                   "population": 0})
    for code, metric, d1, value in RollupCell.objects.filter(
            parent_code=region.code, metric__in=("villages", LISTED, "residents")).values_list(
            "region_code", "metric", "d1", "value"):
        if metric == "villages" and d1 in COUNTED_STATUSES:
            figures[code]["on_balai"] += value
        elif metric == LISTED:
            figures[code]["listed"] = value
        elif metric == "residents":
            figures[code]["population"] = value
    children = []
    for code, name in Region.objects.filter(parent=region).order_by("code").values_list("code", "name"):
        found = figures[code]
        children.append({"code": code, "name": name, "level": level, "villages_on_balai": found["on_balai"],
                         "villages_total": found["listed"],
                         "population": publish(found["population"]) if found["on_balai"] else None})
    return children


def _figures(region: Region, refreshed: RollupRun | None) -> dict:
    cells = _by_metric(region.code)
    until = refreshed.finished_at if refreshed else None
    until_month = timezone.localtime(until).strftime("%Y-%m") if until else timezone.localdate().strftime("%Y-%m")
    residents = sum(value for *_dims, value in cells["population"])
    months = _months_back(until_month, EVENT_MONTHS_SHOWN)
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "refreshed_at": until.isoformat() if until else None,
        "villages": _villages(cells["villages"], cells[LISTED], region.level),
        "population": _population(cells["population"]),
        **{metric: _category(cells[metric], choices) for metric, choices in CATEGORY_TABLES.items()},
        "events": _events(cells["events"], until=until_month),
        "letters": service_figures.letters(cells["letters"], months=months),
        "requests": service_figures.service_times(cells["requests"], months=months),
        "complaints": service_figures.service_times(cells["complaints"], months=months),
        "data_quality": _quality(cells["quality"], residents),
        "children": region_children(region),
    }


def region_summary(region: Region, *, official: Official) -> dict:
    """Everything the dashboard, the API and the exports show for ``region``, already suppressed.

    The figures change only with a refresh, so they are cached per region and
    refresh run; only the link up (which depends on the official's scope) is not.
    """
    refreshed = last_refresh()
    key = f"oversight:summary:{region.code}:{refreshed.pk if refreshed else 0}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(region, refreshed)
        cache.set(key, figures, SUMMARY_CACHE_SECONDS)
    parent_code = region.code.rsplit(".", 1)[0] if "." in region.code else None
    parent = Region.objects.filter(code=parent_code).values("code", "name").first() if (
        parent_code and in_scope(official, parent_code)) else None
    return {**figures, "parent": parent}


def villages_in_region(region: Region, *, status: str | None = None) -> list[dict]:
    """Villages on Balai inside ``region`` as of the last refresh, with their published population."""
    prefix = region.code if region.level == Region.Level.DESA_KELURAHAN else region.code + "."
    # The desa rows of the 'villages' metric: one per village counted.
    statuses = dict(RollupCell.objects.filter(metric="villages", region_code__startswith=prefix)
                    .annotate(code_length=Length("region_code")).filter(code_length=13)
                    .values_list("region_code", "d1"))
    if status:
        statuses = {code: found for code, found in statuses.items() if found == status}
    population = dict(RollupCell.objects.filter(region_code__in=list(statuses), metric="residents")
                      .values_list("region_code", "value"))
    names = dict(Region.objects.filter(code__in=list(statuses)).values_list("code", "name"))
    return [{"code": code, "name": names.get(code, ""), "status": statuses[code],
             "population": publish(population.get(code, 0))} for code in sorted(statuses)]


def rollup_run_progress(run_id: int) -> dict | None:
    """A refresh's progress for the ops console: status, done of total, error."""
    run = RollupRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    return {"id": run.pk, "status": run.status, "everything": run.everything, "done": run.done, "total": run.total,
            "error": run.error, "started_at": run.started_at, "finished_at": run.finished_at}
