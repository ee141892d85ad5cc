"""Reads of the ops console. The village list reads only public tables; the
village page enters one village (``village_usage``) for counts, never rows."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldError
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Left, TruncMonth
from django.utils import timezone
from django_tenants.utils import schema_exists, tenant_context

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.ops.models import PlatformAuditEntry, VillageActivity
from shared_apps.regions.models import Region
from tenant_apps.population.models import Family
from tenant_apps.population.selectors import resident_count
from tenants.models import Village

# "last activity" filter: code → (at least this recent, or idle for this long)
ACTIVITY_WINDOWS = {"active7": ("active", 7), "active30": ("active", 30),
                    "idle30": ("idle", 30), "idle90": ("idle", 90), "never": ("never", None)}


@dataclass(frozen=True)
class VillageFilter:
    q: str = ""
    region: str = ""
    status: str = ""
    plan: str = ""
    version: str = ""
    activity: str = ""


def village_search(f: VillageFilter) -> QuerySet:
    """Villages matching the console's search box and filters, by code."""
    villages = Village.objects.villages().select_related("activity").order_by("code")
    if f.q:
        q = f.q.strip()
        villages = villages.filter(Q(name__icontains=q) | Q(slug__icontains=q) | Q(code__startswith=q))
    if f.region:
        villages = villages.filter(code__startswith=f"{f.region}.")
    for field in ("status", "plan"):
        if getattr(f, field):
            villages = villages.filter(**{field: getattr(f, field)})
    if f.version:
        villages = villages.filter(schema_version=f.version)
    if f.activity in ACTIVITY_WINDOWS:
        kind, days = ACTIVITY_WINDOWS[f.activity]
        if kind == "never":
            return villages.filter(activity__isnull=True)
        since = timezone.now() - timedelta(days=days)
        recent = Exists(VillageActivity.objects.filter(village=OuterRef("pk"), last_staff_login_at__gte=since))
        villages = villages.filter(recent) if kind == "active" else villages.exclude(recent)
    return villages


CHOICES_CACHE_SECONDS = 300


def village_filter_choices() -> dict[str, list]:
    """What the filters offer: regions, plans and versions that villages have.

    Kept in the cache for a few minutes: it scans every village row, and a new
    plan or version showing up a little late in a drop-down harms no one.
    """
    return cache.get_or_set("ops:village-filter-choices", _village_filter_choices, CHOICES_CACHE_SECONDS)


def _village_filter_choices() -> dict[str, list]:
    villages = Village.objects.villages()
    prefixes = set()
    for length in (2, 5):
        prefixes.update(villages.annotate(p=Left("code", length)).values_list("p", flat=True).distinct())
    regions = Region.objects.filter(code__in=prefixes).order_by("code").values_list("code", "name")
    return {
        "regions": [(code, f"{code} {name}") for code, name in regions],
        "plans": sorted(villages.values_list("plan", flat=True).distinct()),
        "versions": sorted(v for v in villages.values_list("schema_version", flat=True).distinct() if v),
    }


def village_by_slug(slug: str) -> Village | None:
    return Village.objects.villages().select_related("activity").filter(slug=slug).first()


def _schema_size_bytes(schema_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            [schema_name],
        )
        return int(cursor.fetchone()[0])


def _letters_per_month(months: int = 12) -> list[tuple[date, int]]:
    """Letters issued per month (revoked ones included: they were issued)."""
    from tenant_apps.letters.models import Letter

    since = (timezone.now() - timedelta(days=31 * months)).replace(day=1)
    rows = (Letter.objects.filter(issued_at__gte=since).annotate(month=TruncMonth("issued_at"))
            .values("month").annotate(n=Count("id")).order_by("month"))
    return [(row["month"].date() if isinstance(row["month"], datetime) else row["month"], row["n"]) for row in rows]


def _subscription(village: Village) -> dict | None:
    """The village's billing subscription, when the billing app is installed."""
    try:
        subscription = apps.get_model("billing", "Subscription")
    except LookupError:
        return None
    try:
        row = subscription.objects.filter(village=village).order_by("-pk").first()
    except FieldError:  # billing keys subscriptions otherwise; the page must still render
        return None
    if row is None:
        return {"status": None}
    status = row.get_status_display() if hasattr(row, "get_status_display") else getattr(row, "status", None)
    return {"status": status, "plan": getattr(row, "plan", None)}


def village_usage(village: Village) -> dict:
    """Counts for one village's page; enters the village schema for counts only."""
    usage = {"residents": None, "families": None, "letters_per_month": None, "storage_bytes": None}
    if schema_exists(village.schema_name):
        with tenant_context(village):
            usage.update(residents=resident_count(), families=Family.objects.count(),
                         letters_per_month=_letters_per_month())
        usage["storage_bytes"] = _schema_size_bytes(village.schema_name)
    activity = getattr(village, "activity", None)  # no row yet: RelatedObjectDoesNotExist is an AttributeError
    usage.update(
        staff=VillageMembership.objects.filter(village=village, is_active=True).count(),
        last_login=activity.last_staff_login_at if activity else None,
        version=village.schema_version,
        subscription=_subscription(village),
    )
    return usage


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    village: str = ""
    since: date | None = None
    until: date | None = None


def audit_search(f: AuditFilter) -> QuerySet:
    entries = PlatformAuditEntry.objects.select_related("village").order_by("-created_at", "-id")
    if f.actor:
        # Through the few matching accounts, so the (actor, time) index serves the log.
        actors = User.objects.filter(email__icontains=f.actor.strip()).values("pk")
        entries = entries.filter(actor__in=actors)
    if f.action:
        entries = entries.filter(action__startswith=f.action.strip())
    if f.village:
        v = f.village.strip()
        villages = Village.objects.filter(Q(slug=v) | Q(code=v) | Q(name__icontains=v)).values("pk")
        entries = entries.filter(village__in=villages)
    tz = timezone.get_current_timezone()
    if f.since:
        entries = entries.filter(created_at__gte=datetime.combine(f.since, time.min, tz))
    if f.until:
        entries = entries.filter(created_at__lt=datetime.combine(f.until + timedelta(days=1), time.min, tz))
    return entries


def audit_actions() -> list[str]:
    """Action codes seen in the log, for the search box's suggestions (cached:
    DISTINCT reads the whole log)."""
    return cache.get_or_set(
        "ops:audit-actions",
        lambda: list(PlatformAuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()),
        CHOICES_CACHE_SECONDS,
    )
