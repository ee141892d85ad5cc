"""Writes to a village's subscription that do not talk to Stripe.

``subscription_start`` is what signup calls right after provisioning; the
Stripe-facing services are in ``payments``, the state machine in ``state``.
"""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.billing.models import Subscription
from shared_apps.billing.selectors import plan_get
from shared_apps.billing.state import subscription_enter
from shared_apps.ops.audit import platform_audit_record
from tenants.models import Village


@transaction.atomic
def subscription_start(*, village: Village, plan_code: str, billing_email: str) -> Subscription:
    """Start a new village's subscription: a free trial of ``plan_code``.

    Called once, right after provisioning. Calling it again for the same
    village returns the existing subscription unchanged (a retried signup task
    is harmless). Raises ``ValidationError`` for an unknown plan or a bad email.
    """
    existing = Subscription.objects.filter(village=village).first()
    if existing is not None:
        return existing
    plan = plan_get(plan_code)
    if plan is None:
        raise ValidationError({"plan": [_("Paket “%(code)s” tidak dikenal.") % {"code": plan_code}]})
    billing_email = billing_email.strip().lower()
    try:
        validate_email(billing_email)
    except ValidationError:
        raise ValidationError({"billing_email": [_("Email penagihan tidak valid.")]}) from None
    now = timezone.now()
    subscription = Subscription.objects.create(
        village=village, plan=plan, billing_email=billing_email,
        status=Subscription.Status.TRIALING if plan.trial_days else Subscription.Status.PAST_DUE,
        trial_ends_at=now + timedelta(days=plan.trial_days) if plan.trial_days else None,
        past_due_since=None if plan.trial_days else now,
    )
    Village.objects.filter(pk=village.pk).update(plan=plan.code)
    platform_audit_record(None, "subscription.start", village=village,
                          details={"plan": plan.code, "trial_ends_at": str(subscription.trial_ends_at)})
    return subscription


@transaction.atomic
def subscription_extend_trial(*, subscription: Subscription, days: int, actor, reason: str) -> Subscription:
    """Ops: give a village ``days`` more trial (from its trial end, or from now if it has passed)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Alasan wajib diisi.")]})
    if not 1 <= days <= 365:
        raise ValidationError({"days": [_("Perpanjangan harus 1–365 hari.")]})
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status not in (Subscription.Status.TRIALING, Subscription.Status.PAST_DUE,
                                   Subscription.Status.GRACE, Subscription.Status.SUSPENDED):
        raise ValidationError({"days": [_("Hanya desa yang belum membayar yang dapat diperpanjang uji cobanya.")]})
    now = timezone.now()
    start = max(subscription.trial_ends_at or now, now)
    subscription.trial_ends_at = start + timedelta(days=days)
    subscription_enter(subscription, Subscription.Status.TRIALING, now=now, reason=f"trial extended: {reason.strip()}")
    subscription.save()  # also when it was trialing already (then it did not move)
    platform_audit_record(actor, "subscription.trial_extend", village=subscription.village, reason=reason.strip(),
                          details={"days": days, "trial_ends_at": subscription.trial_ends_at.isoformat()})
    return subscription
