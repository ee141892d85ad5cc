"""Bringing Balai's records in line with Stripe's objects.

Every function here takes the village's Subscription row already locked
(``select_for_update``) and re-fetches what it applies from Stripe while the
lock is held: two deliveries about one village are applied one after the
other, each with Stripe's state as of its own turn, so a late or replayed
event can never move a subscription backwards.
"""
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.billing.models import Invoice, Payment, Plan, Subscription
from shared_apps.billing.state import subscription_apply_stripe
from shared_apps.billing.stripe_api import IDR_SUBUNITS, as_dict, stripe_client
from tenants.models import Village

# An invoice's status only moves up this ladder (paying an uncollectible one is allowed).
_RANK = {Invoice.Status.DRAFT: 0, Invoice.Status.OPEN: 1, Invoice.Status.UNCOLLECTIBLE: 2,
         Invoice.Status.PAID: 3, Invoice.Status.VOID: 3}


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None


def invoice_subscription_id(stripe_invoice: dict) -> str | None:
    details = (stripe_invoice.get("parent") or {}).get("subscription_details") or {}
    return details.get("subscription")


def _payment_receipt(subscription: Subscription, payment: Payment) -> None:
    village = subscription.village
    amount = f"Rp {payment.amount_idr:,}".replace(",", ".")
    send_mail(
        _("Pembayaran Balai diterima: %(village)s") % {"village": village.name},
        _("Terima kasih. Pembayaran %(amount)s untuk %(village)s (tagihan %(number)s) sudah kami terima.")
        % {"amount": amount, "village": village.name, "number": payment.invoice.number or payment.invoice.stripe_invoice_id},
        settings.DEFAULT_FROM_EMAIL, [subscription.billing_email],
    )


def invoice_apply(subscription: Subscription, stripe_invoice: dict) -> tuple[Invoice, bool]:
    """Record the invoice as Stripe has it; returns it and whether a payment was
    recorded now (once per invoice, whatever Stripe repeats)."""
    invoice, _created = Invoice.objects.get_or_create(
        stripe_invoice_id=stripe_invoice["id"], defaults={"subscription": subscription},
    )
    status = stripe_invoice.get("status") or Invoice.Status.DRAFT
    if _RANK.get(status, 0) >= _RANK[invoice.status]:
        lines = (stripe_invoice.get("lines") or {}).get("data") or []
        invoice.status = status
        invoice.number = stripe_invoice.get("number") or invoice.number
        invoice.collection_method = stripe_invoice.get("collection_method") or ""
        invoice.amount_due_idr = (stripe_invoice.get("amount_due") or 0) // IDR_SUBUNITS
        invoice.amount_paid_idr = (stripe_invoice.get("amount_paid") or 0) // IDR_SUBUNITS
        invoice.hosted_invoice_url = stripe_invoice.get("hosted_invoice_url") or ""
        invoice.due_at = _ts(stripe_invoice.get("due_date"))
        invoice.period_end = _ts(lines[0]["period"]["end"]) if lines else invoice.period_end
        invoice.paid_at = _ts((stripe_invoice.get("status_transitions") or {}).get("paid_at"))
        invoice.save()
    if invoice.status != Invoice.Status.PAID or Payment.objects.filter(invoice=invoice).exists():
        return invoice, False
    payment = Payment.objects.create(invoice=invoice, amount_idr=invoice.amount_paid_idr,
                                     out_of_band=bool(stripe_invoice.get("paid_out_of_band")))
    transaction.on_commit(lambda: _payment_receipt(subscription, payment))
    return invoice, True


def _plan_follow(subscription: Subscription, stripe_subscription: dict) -> None:
    """A village pays for the plan named in the Stripe subscription's metadata."""
    code = (stripe_subscription.get("metadata") or {}).get("plan")
    if code and code != subscription.plan.code and stripe_subscription["status"] != "canceled":
        plan = Plan.objects.filter(code=code).first()
        if plan is not None:
            subscription.plan = plan
            Village.objects.filter(pk=subscription.village_id).update(plan=plan.code)


def subscription_sync(subscription: Subscription, stripe_subscription_id: str) -> str:
    """Re-fetch a Stripe subscription with its latest invoice and apply both."""
    try:
        fetched = stripe_client().v1.subscriptions.retrieve(
            stripe_subscription_id, params={"expand": ["latest_invoice"]})
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return f"subscription {stripe_subscription_id} no longer exists in Stripe"
        raise
    stripe_subscription = as_dict(fetched)
    _plan_follow(subscription, stripe_subscription)
    latest = stripe_subscription.get("latest_invoice")
    paid_up = True
    if isinstance(latest, dict):
        invoice, _recorded = invoice_apply(subscription, latest)
        paid_up = invoice.status == Invoice.Status.PAID or invoice.amount_due_idr == 0
    return subscription_apply_stripe(subscription, stripe_subscription, paid_up=paid_up, now=timezone.now())


def invoice_sync(subscription: Subscription, stripe_invoice_id: str) -> str:
    """Re-fetch an invoice, record it (and its payment), then its subscription."""
    try:
        stripe_invoice = as_dict(stripe_client().v1.invoices.retrieve(stripe_invoice_id))
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return f"invoice {stripe_invoice_id} no longer exists in Stripe"
        raise
    invoice, recorded = invoice_apply(subscription, stripe_invoice)
    outcome = f"invoice {invoice.status}" + (", payment recorded" if recorded else "")
    subscription_id = invoice_subscription_id(stripe_invoice)
    if subscription_id:
        outcome += "; " + subscription_sync(subscription, subscription_id)
    return outcome
