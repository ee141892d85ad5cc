"""The subscription state machine, and what it does to the village.

trialing → active → past_due → grace (GRACE_DAYS) → suspended → active on
payment; canceled when a subscription ends at its period end. Moves come from
Stripe (``subscription_apply_stripe``, always fed the object as Stripe has it
now) or from the clock (``subscription_advance_by_clock``); neither ever moves
a subscription backwards. A suspended or canceled village is read-only
(tenants.readonly); billing resumes only a village that billing suspended.
"""
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from shared_apps.billing.models import Invoice, Subscription
from shared_apps.ops.models import PlatformAuditEntry
from tenants.lifecycle import village_resume, village_suspend
from tenants.models import Village

S = Subscription.Status
GRACE_DAYS = 14
# How long a village stays past due (Stripe retrying the card, or a transfer
# on its way) before the grace period, with its suspension date, starts.
PAST_DUE_DAYS = 7

ALLOWED = {
    S.TRIALING: {S.ACTIVE, S.PAST_DUE, S.GRACE, S.CANCELED},
    S.ACTIVE: {S.PAST_DUE, S.GRACE, S.CANCELED},
    S.PAST_DUE: {S.ACTIVE, S.GRACE, S.CANCELED, S.TRIALING},
    S.GRACE: {S.ACTIVE, S.SUSPENDED, S.CANCELED, S.TRIALING},
    S.SUSPENDED: {S.ACTIVE, S.CANCELED, S.TRIALING},
    S.CANCELED: {S.ACTIVE, S.TRIALING},
}
_READ_ONLY = {S.SUSPENDED, S.CANCELED}
_IN_GOOD_STANDING = {S.TRIALING, S.ACTIVE}


def _billing_reason(reason: str) -> str:
    return f"Penagihan: {reason}"


def _village_suspend(subscription: Subscription, *, reason: str) -> None:
    """Suspend for non-payment through the lifecycle service (audited, actor
    "system"), but only a village that is plainly active: an ops suspension or
    an archive is left alone and not claimed."""
    village = Village.objects.select_for_update().get(pk=subscription.village_id)
    if village.status == Village.Status.ACTIVE:
        village_suspend(village, actor=None, reason=_billing_reason(reason))
        subscription.suspended_by_billing = True


def _last_suspension_was_billings(village: Village) -> bool:
    """Ops may have resumed and suspended again since billing did: then it is theirs."""
    last = PlatformAuditEntry.objects.filter(village=village, action="village.suspend").order_by("-created_at", "-id").first()
    return last is not None and last.actor_id is None


def _village_resume(subscription: Subscription, *, reason: str) -> None:
    """Resume a village only if billing suspended it (and nobody suspended it since)."""
    if not subscription.suspended_by_billing:
        return
    subscription.suspended_by_billing = False
    village = Village.objects.select_for_update().get(pk=subscription.village_id)
    if village.status == Village.Status.SUSPENDED and _last_suspension_was_billings(village):
        village_resume(village, actor=None, reason=_billing_reason(reason))


def subscription_enter(subscription: Subscription, status: str, *, now: datetime, reason: str = "") -> bool:
    """Move to ``status`` if the machine allows it; returns whether it moved.
    Call with the subscription row locked, inside a transaction."""
    if status == subscription.status or status not in ALLOWED[subscription.status]:
        return False
    previous = subscription.status
    subscription.status = status
    if status == S.PAST_DUE:
        subscription.past_due_since = subscription.past_due_since or now
    elif status == S.GRACE:
        subscription.past_due_since = subscription.past_due_since or now
        subscription.grace_ends_at = now + timedelta(days=GRACE_DAYS)
    elif status in _IN_GOOD_STANDING:
        subscription.past_due_since = subscription.grace_ends_at = None
    reason = reason or f"{previous} → {status}"
    if status in _READ_ONLY:
        _village_suspend(subscription, reason=reason)
    elif status in _IN_GOOD_STANDING:
        _village_resume(subscription, reason=reason)
    subscription.save()
    return True


def subscription_advance_by_clock(subscription: Subscription, *, now: datetime | None = None) -> bool:
    """The moves time makes: trial over → past_due, past due too long → grace,
    grace over → suspended. Locked row, inside a transaction."""
    now = now or timezone.now()
    status = subscription.status
    if status == S.TRIALING and subscription.trial_ends_at and subscription.trial_ends_at <= now:
        if subscription.invoices.filter(status=Invoice.Status.OPEN, due_at__gt=now).exists():
            return False  # a transfer against an invoice not yet due: wait for its due date (Stripe says then)
        return subscription_enter(subscription, S.PAST_DUE, now=now, reason="trial ended unpaid")
    if status == S.PAST_DUE and subscription.past_due_since + timedelta(days=PAST_DUE_DAYS) <= now:
        return subscription_enter(subscription, S.GRACE, now=now, reason="past due too long")
    if status == S.GRACE and subscription.grace_ends_at <= now:
        return subscription_enter(subscription, S.SUSPENDED, now=now, reason="grace period over")
    return False


def _timestamp(value) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None


def _adoptable(subscription: Subscription, stripe_subscription: dict) -> bool:
    """Is this Stripe subscription the village's? The one recorded, or a new one
    replacing a recorded one that ended or never started."""
    recorded = subscription.stripe_subscription_id
    if recorded is None or recorded == stripe_subscription["id"]:
        return True
    live = {"active", "trialing", "past_due", "unpaid"}
    return stripe_subscription["status"] in live and subscription.stripe_status not in live


def subscription_apply_stripe(subscription: Subscription, stripe_subscription: dict, *, paid_up: bool,
                              now: datetime) -> str:
    """Apply a Stripe subscription object *as Stripe has it now* (re-fetched,
    never taken from an old event), so delivery order cannot matter. Returns
    what happened, for the event record. Locked row, inside a transaction.

    ``paid_up``: its latest invoice is paid (or there is nothing to pay).
    Stripe calls a bank-transfer subscription active while its invoice is
    still open; Balai calls a village active once it has paid."""
    if not _adoptable(subscription, stripe_subscription):
        return "ignored: another Stripe subscription is the village's"
    subscription.stripe_subscription_id = stripe_subscription["id"]
    subscription.stripe_customer_id = stripe_subscription.get("customer") or subscription.stripe_customer_id
    subscription.stripe_status = stripe_subscription["status"]
    subscription.cancel_at_period_end = bool(stripe_subscription.get("cancel_at_period_end"))
    items = (stripe_subscription.get("items") or {}).get("data") or []
    period_end = _timestamp(items[0].get("current_period_end")) if items else None
    subscription.current_period_end = period_end or subscription.current_period_end
    target = {
        "active": S.ACTIVE if paid_up else None,
        "trialing": S.TRIALING,
        # Stripe's past_due and unpaid never pull Balai back from a later step.
        "past_due": S.PAST_DUE if subscription.status in _IN_GOOD_STANDING else None,
        "unpaid": S.GRACE if subscription.status in _IN_GOOD_STANDING | {S.PAST_DUE} else None,
        "canceled": S.CANCELED,
    }.get(stripe_subscription["status"])
    if target == S.TRIALING:
        subscription.trial_ends_at = _timestamp(stripe_subscription.get("trial_end")) or subscription.trial_ends_at
    before = subscription.status
    moved = target is not None and subscription_enter(subscription, target, now=now,
                                                      reason=f"Stripe: {stripe_subscription['status']}")
    subscription.save()
    return f"Stripe {stripe_subscription['status']}; " + (f"{before} → {subscription.status}" if moved else before)
