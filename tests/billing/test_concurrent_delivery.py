"""Stripe may deliver one event twice at the same moment: with real
transactions in parallel threads, one delivery handles it and the others are
replays; the payment and its receipt happen once."""
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from shared_apps.billing.models import Payment, StripeEvent, Subscription
from shared_apps.billing.payments import bank_transfer_start
from shared_apps.billing.services import subscription_start
from tests.billing.conftest import deliver

COPIES = 6


def _deliver_in_thread(event):
    try:
        return deliver(event).json()["outcome"]
    finally:
        connection.close()


def test_simultaneous_copies_of_an_event_have_one_effect(committed_villages, local_stripe, mailoutbox):
    subscription = subscription_start(village=committed_villages["sukamaju"], plan_code="tahunan",
                                      billing_email="bendahara@sukamaju.test")
    bank_transfer_start(subscription=subscription, actor=None)
    stripe_id = Subscription.objects.get(pk=subscription.pk).stripe_subscription_id
    seen = len(local_stripe.store.events)
    local_stripe.store.invoice_pay(local_stripe.store.get(stripe_id)["latest_invoice"], out_of_band=True)
    new_events = local_stripe.store.events[seen:]
    with ThreadPoolExecutor(max_workers=COPIES) as pool:
        outcomes = list(pool.map(_deliver_in_thread, [e for e in new_events for _ in range(COPIES)]))
    assert sum(not o.startswith("replay") for o in outcomes) == len(new_events)
    assert StripeEvent.objects.filter(event_id__in=[e["id"] for e in new_events]).count() == len(new_events)
    assert Payment.objects.filter(invoice__subscription=subscription).count() == 1
    assert Subscription.objects.get(pk=subscription.pk).status == Subscription.Status.ACTIVE
    assert len([m for m in mailoutbox if m.subject.startswith("Pembayaran Balai diterima")]) == 1
