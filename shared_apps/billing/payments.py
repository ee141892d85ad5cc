"""Services that create things in Stripe: customers, prices, Checkout for card,
a bank-transfer subscription (invoices with collection_method=send_invoice),
Customer Portal sessions, and ops marking an invoice paid out of band.

Every create carries an idempotency key derived from Balai's own ids, so a
retried request (a double click, a network retry) never makes a second object.
"""
import time

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.billing.models import Invoice, Plan, Subscription
from shared_apps.billing.selectors import plan_default_paid
from shared_apps.billing.stripe_api import IDR_SUBUNITS, as_dict, idempotency, stripe_client
from shared_apps.billing.sync import invoice_apply, subscription_sync
from shared_apps.ops.audit import platform_audit_record

BANK_TRANSFER_DAYS_UNTIL_DUE = 30
_LIVE = {"active", "trialing", "past_due", "unpaid"}


def _exists(retrieve, object_id: str) -> bool:
    """Does Stripe still know this object? (The local Stripe forgets on restart.)"""
    try:
        retrieve(object_id)
        return True
    except stripe.InvalidRequestError as exc:
        if exc.code == "resource_missing":
            return False
        raise


def plan_stripe_price(plan: Plan) -> str:
    """The Stripe price for a paid plan, created the first time it is sold."""
    client = stripe_client()
    if plan.stripe_price_id and _exists(client.v1.prices.retrieve, plan.stripe_price_id):
        return plan.stripe_price_id
    price = client.v1.prices.create(params={
        "unit_amount": plan.price_idr_per_year * IDR_SUBUNITS, "currency": "idr", "recurring": {"interval": "year"},
        "product_data": {"name": f"Balai — {plan.name}"}, "metadata": {"plan": plan.code},
    }, options=idempotency("price", plan.code, plan.price_idr_per_year, plan.stripe_price_id or "new"))
    Plan.objects.filter(pk=plan.pk).update(stripe_price_id=price.id)
    plan.stripe_price_id = price.id
    return price.id


def _customer_ensure(subscription: Subscription) -> str:
    client = stripe_client()
    stale = subscription.stripe_customer_id
    if stale and _exists(client.v1.customers.retrieve, stale):
        return stale
    village = subscription.village
    customer = client.v1.customers.create(params={
        "email": subscription.billing_email, "name": village.name, "metadata": {"village": village.code},
    }, options=idempotency("customer", subscription.pk, stale or "new"))
    Subscription.objects.filter(pk=subscription.pk).update(stripe_customer_id=customer.id)
    subscription.stripe_customer_id = customer.id
    return customer.id


def _plan_to_pay(subscription: Subscription) -> Plan:
    return subscription.plan if subscription.plan.is_paid else plan_default_paid()


def _refuse_if_running(subscription: Subscription) -> None:
    if subscription.stripe_subscription_id and subscription.stripe_status in _LIVE:
        raise ValidationError(_("Langganan berbayar desa ini sudah berjalan; lihat tagihan yang ada."))


def checkout_start(*, subscription: Subscription, success_url: str, cancel_url: str) -> str:
    """A Stripe Checkout session for paying the plan by card; returns its URL.
    Clicks within ten minutes get the same session."""
    _refuse_if_running(subscription)
    plan = _plan_to_pay(subscription)
    village = subscription.village
    metadata = {"village": village.code, "plan": plan.code}
    session = stripe_client().v1.checkout.sessions.create(params={
        "mode": "subscription", "customer": _customer_ensure(subscription),
        "line_items": [{"price": plan_stripe_price(plan), "quantity": 1}],
        "client_reference_id": village.code, "metadata": metadata, "subscription_data": {"metadata": metadata},
        "success_url": success_url + "?session_id={CHECKOUT_SESSION_ID}", "cancel_url": cancel_url,
    }, options=idempotency("checkout", subscription.pk, plan.code, int(time.time()) // 600))
    return session.url


def checkout_finish(*, subscription: Subscription, session_id: str) -> str:
    """Back from Checkout: apply its subscription at once rather than waiting
    for the webhook (both go through the same sync, so neither doubles)."""
    if not session_id.startswith("cs_"):
        raise ValidationError(_("Sesi pembayaran tidak dikenal."))
    session = as_dict(stripe_client().v1.checkout.sessions.retrieve(session_id))
    if (session.get("metadata") or {}).get("village") != subscription.village.code:
        raise ValidationError(_("Sesi pembayaran ini bukan milik desa ini."))
    if not session.get("subscription"):
        return "not paid"
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().select_related("village").get(pk=subscription.pk)
        return subscription_sync(locked, session["subscription"])


def bank_transfer_start(*, subscription: Subscription, actor) -> Invoice | None:
    """Pay by bank transfer: a Stripe subscription that sends an invoice each
    year (due in 30 days), paid by transfer and marked paid by ops."""
    _refuse_if_running(subscription)
    plan = _plan_to_pay(subscription)
    village = subscription.village
    stripe_subscription = stripe_client().v1.subscriptions.create(params={
        "customer": _customer_ensure(subscription), "items": [{"price": plan_stripe_price(plan)}],
        "collection_method": "send_invoice", "days_until_due": BANK_TRANSFER_DAYS_UNTIL_DUE,
        "metadata": {"village": village.code, "plan": plan.code},
    }, options=idempotency("subscription", subscription.pk, plan.code, subscription.stripe_subscription_id or "new"))
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().select_related("village").get(pk=subscription.pk)
        subscription_sync(locked, stripe_subscription.id)
        platform_audit_record(actor, "subscription.bank_transfer_start", village=village,
                              details={"stripe_subscription": stripe_subscription.id, "plan": plan.code})
    return Invoice.objects.filter(subscription=subscription, status=Invoice.Status.OPEN).first()


def portal_url(*, subscription: Subscription, return_url: str) -> str:
    """A Customer Portal session for the village's billing contact."""
    if not subscription.stripe_customer_id:
        raise ValidationError(_("Desa ini belum pernah membayar; portal penagihan belum tersedia."))
    session = stripe_client().v1.billing_portal.sessions.create(
        params={"customer": subscription.stripe_customer_id, "return_url": return_url},
        options=idempotency("portal", subscription.pk, int(time.time()) // 60),
    )
    return session.url


def invoice_mark_paid(*, invoice: Invoice, actor, reason: str) -> Invoice:
    """Ops: a bank transfer arrived for this invoice; tell Stripe it is paid
    out of band, record the payment and the reason."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Alasan wajib diisi.")]})
    if invoice.status != Invoice.Status.OPEN:
        raise ValidationError({"invoice": [_("Hanya tagihan yang masih terbuka yang dapat ditandai lunas.")]})
    paid = stripe_client().v1.invoices.pay(invoice.stripe_invoice_id, params={"paid_out_of_band": True},
                                           options=idempotency("paid-out-of-band", invoice.pk))
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().select_related("village").get(pk=invoice.subscription_id)
        invoice_apply(subscription, as_dict(paid))
        if subscription.stripe_subscription_id:
            subscription_sync(subscription, subscription.stripe_subscription_id)
        platform_audit_record(actor, "invoice.mark_paid", village=subscription.village, reason=reason.strip(),
                              details={"invoice": invoice.stripe_invoice_id, "number": invoice.number})
    invoice.refresh_from_db()
    return invoice
