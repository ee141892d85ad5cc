"""Reads of the population registry (inside the village's schema)."""
import datetime

from django.db.models import Case, CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf, Trim, Upper
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Family, Group, Household, Resident

LIVING = Q(basic_status=codes.BasicStatus.HIDUP)
# Statistic category → (resident field, code list).
CATEGORY_FIELDS = {
    "sex": "sex", "religion": "religion", "marital-status": "marital_status",
    "family-relationship": "family_relationship", "education-kk": "education_kk",
    "education-current": "education_current", "occupation": "occupation", "blood-type": "blood_type",
    "citizenship": "citizenship", "disability": "disability", "chronic-illness": "chronic_illness",
    "contraception": "contraception", "resident-status": "resident_status", "ktp-el": "ktp_el",
    "insurance": "insurance", "pregnancy": "pregnancy",
}
CODE_LISTS = {**codes.STATISTIC_CODE_LISTS, "pregnancy": codes.Pregnancy}
AGE_BANDS = {"age-range": codes.AGE_RANGES, "age-category": codes.AGE_CATEGORIES}
# Every category (URL slug → title), in OpenSID's order of the statistics menu.
CATEGORIES = {
    "age-range": _("Rentang umur"), "age-category": _("Kategori umur"), "education-kk": _("Pendidikan dalam KK"),
    "education-current": _("Pendidikan sedang ditempuh"), "occupation": _("Pekerjaan"),
    "marital-status": _("Status perkawinan"), "religion": _("Agama"), "sex": _("Jenis kelamin"),
    "family-relationship": _("Hubungan dalam KK"), "citizenship": _("Warga negara"),
    "resident-status": _("Status penduduk"), "blood-type": _("Golongan darah"), "disability": _("Penyandang cacat"),
    "chronic-illness": _("Penyakit menahun"), "contraception": _("Akseptor KB"),
    "birth-certificate": _("Akta kelahiran"), "ktp-el": _("Kepemilikan KTP-el"), "insurance": _("Asuransi kesehatan"),
    "pregnancy": _("Status kehamilan"), "ethnicity": _("Suku/etnis"),
}
NOT_FILLED = "BELUM MENGISI"
NO_BIRTH_CERTIFICATE = "TIDAK MEMILIKI AKTA"


def resident_count() -> int:
    return Resident.objects.filter(LIVING).count()


def _in_area(queryset: QuerySet, *, dusun=None, rw=None, rt=None) -> QuerySet:
    if rt:
        return queryset.filter(rt_id=rt)
    if rw:
        return queryset.filter(rt__rw_id=rw)
    if dusun:
        return queryset.filter(rt__rw__dusun_id=dusun)
    return queryset


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def residents_search(*, search: str = "", dusun=None, rw=None, rt=None, sex=None, basic_status=None,
                     age_min: int | None = None, age_max: int | None = None) -> QuerySet:
    queryset = _in_area(Resident.objects.select_related("family", "rt__rw__dusun"), dusun=dusun, rw=rw, rt=rt)
    search = search.strip()
    if search.isdigit():
        queryset = queryset.filter(Q(nik__startswith=search) | Q(family__no_kk__startswith=search))
    elif search:
        queryset = queryset.filter(name__icontains=search)
    if sex:
        queryset = queryset.filter(sex=sex)
    if basic_status:
        queryset = queryset.filter(basic_status=basic_status)
    today = datetime.date.today()
    if age_min is not None:
        queryset = queryset.filter(birth_date__lte=_years_ago(today, age_min))
    if age_max is not None:
        queryset = queryset.filter(birth_date__gt=_years_ago(today, age_max + 1))
    return queryset


def _living_members(field: str) -> Coalesce:
    """Living residents whose ``field`` is the outer row, counted for the rows
    of one page only (a GROUP BY over the whole join counts every family to show fifty)."""
    counted = (Resident.objects.filter(LIVING, **{field: OuterRef("pk")})
               .order_by().values(field).annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counted), 0)


def families_search(*, search: str = "", dusun=None, rw=None, rt=None) -> QuerySet:
    queryset = _in_area(Family.objects.select_related("head", "rt__rw__dusun"), dusun=dusun, rw=rw, rt=rt)
    queryset = queryset.annotate(member_count=_living_members("family"))
    search = search.strip()
    if search.isdigit():
        queryset = queryset.filter(no_kk__startswith=search)
    elif search:
        queryset = queryset.filter(head__name__icontains=search)
    return queryset.order_by("no_kk")


def households_search(*, search: str = "") -> QuerySet:
    queryset = Household.objects.select_related("head").annotate(member_count=_living_members("household"))
    search = search.strip()
    if search:
        queryset = queryset.filter(Q(number__icontains=search) | Q(head__name__icontains=search))
    return queryset.order_by("number")


def groups_search(*, search: str = "", category: str = "") -> QuerySet:
    queryset = Group.objects.annotate(member_count=Count("memberships"))
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    if category:
        queryset = queryset.filter(category=category)
    return queryset.order_by("name")


def group_categories() -> list[str]:
    return list(Group.objects.exclude(category="").values_list("category", flat=True).distinct().order_by("category"))


PICK_LIMIT = 20


def residents_pick(search: str, *, exclude: Q | None = None) -> list[Resident]:
    """Living residents matching a name or the start of a NIK, for a staff
    member to choose one (at most ``PICK_LIMIT + 1``: one more says "narrow it down")."""
    search = " ".join(search.split())
    if len(search) < 2:
        return []
    queryset = Resident.objects.filter(LIVING).select_related("family", "rt__rw__dusun")
    queryset = queryset.filter(nik__startswith=search) if search.isdigit() else queryset.filter(name__icontains=search)
    if exclude is not None:
        queryset = queryset.exclude(exclude)
    return list(queryset.order_by("name", "id")[:PICK_LIMIT + 1])


def _age_bucket(bands, today: datetime.date):
    whens = []
    for index, (_label, low, high) in enumerate(bands):
        condition = Q(birth_date__lte=_years_ago(today, low))
        if high is not None:
            condition &= Q(birth_date__gt=_years_ago(today, high + 1))
        whens.append(When(condition, then=Value(index)))
    return Case(*whens, default=Value(None), output_field=IntegerField())


def _grouping(category: str, living: QuerySet) -> tuple[QuerySet, str, list | None, str]:
    """How ``category`` groups the living: (grouped queryset, key, (code, label)
    options or None for free text, label of the rows without a value)."""
    today = datetime.date.today()
    if category in AGE_BANDS:
        bands = AGE_BANDS[category]
        options = [(index, label) for index, (label, _low, _high) in enumerate(bands)]
        return living.annotate(bucket=_age_bucket(bands, today)).values("bucket"), "bucket", options, NOT_FILLED
    if category == "birth-certificate":
        # As OpenSID: those who hold a birth certificate, by age range.
        options = [(index, label) for index, (label, _low, _high) in enumerate(codes.AGE_RANGES)]
        bucket = Case(When(~Q(birth_certificate_no=""), then=_age_bucket(codes.AGE_RANGES, today)),
                      default=Value(None), output_field=IntegerField())
        return living.annotate(bucket=bucket).values("bucket"), "bucket", options, NO_BIRTH_CERTIFICATE
    if category == "ethnicity":  # free text: one row per name as written, case aside
        bucket = NullIf(Upper(Trim("ethnicity")), Value(""), output_field=CharField())
        return living.annotate(bucket=bucket).values("bucket"), "bucket", None, NOT_FILLED
    key = CATEGORY_FIELDS[category]
    return living.values(key), key, list(CODE_LISTS[category].choices), NOT_FILLED


def statistics(category: str, *, dusun=None, rw=None, rt=None) -> dict:
    """Male/female/total and share of living residents per code of ``category``.

    Every code appears (with zeros), then a row for the residents without a
    value when there are some. Free-text categories (ethnicity) list the
    values found, the most common first. One grouped query.
    """
    living = _in_area(Resident.objects.filter(LIVING), dusun=dusun, rw=rw, rt=rt)
    grouped, key, options, missing_label = _grouping(category, living)
    counts = {
        row[key]: row for row in grouped.annotate(
            male=Count("id", filter=Q(sex=codes.Sex.LAKI_LAKI)), female=Count("id", filter=Q(sex=codes.Sex.PEREMPUAN)),
            total=Count("id"),
        ).order_by()
    }
    if options is None:
        found = sorted((code for code in counts if code is not None), key=lambda code: (-counts[code]["total"], code))
        options = [(code, code) for code in found]
    total = sum(row["total"] for row in counts.values())
    rows = []
    for code, label in options + ([(None, missing_label)] if None in counts else []):
        found = counts.get(code, {"male": 0, "female": 0, "total": 0})
        rows.append({
            "code": code, "label": str(label), "male": found["male"], "female": found["female"],
            "total": found["total"], "percent": round(100 * found["total"] / total, 2) if total else 0.0,
        })
    return {"rows": rows, "total": total}
