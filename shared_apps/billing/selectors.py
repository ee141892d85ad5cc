"""Reads of plans and subscriptions."""
from django.db.models import Count, Q

from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.ops.models import PlatformAuditEntry


def plan_list_for_signup():
    """The plans a prospective village may choose, cheapest first."""
    return Plan.objects.filter(is_public=True).order_by("sort_order", "price_idr_per_year")


def plan_get(code: str) -> Plan | None:
    return Plan.objects.filter(code=code).first()


def plan_default_paid() -> Plan:
    """The plan a village on a free plan pays for when it pays."""
    return Plan.objects.filter(is_public=True, price_idr_per_year__gt=0).order_by("sort_order").first()


def subscription_for_village(village) -> Subscription | None:
    return Subscription.objects.select_related("plan").filter(village=village).first()


def subscription_status_by_village() -> dict[int, str]:
    """Village id → subscription status, for listings of many villages."""
    return dict(Subscription.objects.values_list("village_id", "status"))


def subscription_counts_by_status() -> dict[str, int]:
    counts = dict(Subscription.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Subscription.Status.values}


def subscription_list(*, status: str | None = None):
    rows = Subscription.objects.select_related("village", "plan").order_by("village__code")
    return rows.filter(status=status) if status else rows


def invoice_list(*, subscription: Subscription | None = None, limit: int = 200):
    rows = Invoice.objects.select_related("subscription__village")
    if subscription is not None:
        rows = rows.filter(subscription=subscription)
    return rows.order_by("-created_at")[:limit]


def billing_audit_list(*, limit: int = 100):
    """Billing's part of the platform audit log: its own acts and the suspensions it made."""
    billing = (Q(action__startswith="subscription.") | Q(action__startswith="invoice.")
               | Q(action__in=["village.suspend", "village.resume"], actor__isnull=True))
    return PlatformAuditEntry.objects.filter(billing).select_related("village").order_by("-created_at", "-id")[:limit]
