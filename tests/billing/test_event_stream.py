"""1,000 deliveries of two villages' real event history, shuffled, duplicated
and replayed: each village ends in Stripe's final state, every payment is
recorded once and every email is sent once."""
import random

from shared_apps.billing.localstripe.sessions import checkout_session_complete
from shared_apps.billing.models import Payment, StripeEvent, Subscription
from shared_apps.billing.payments import bank_transfer_start, checkout_start
from shared_apps.billing.reminders import reminders_send_due
from tenants.models import Village
from tests.billing.conftest import deliver

DELIVERIES = 1000


def _history(store, sukamaju_trial, senggigi_trial):
    """What Stripe would tell Balai over two years of two villages."""
    # Sukamaju pays by transfer (ops marks it in Stripe), renews, is late, pays.
    bank_transfer_start(subscription=sukamaju_trial, actor=None)
    sukamaju_stripe = Subscription.objects.get(pk=sukamaju_trial.pk).stripe_subscription_id
    store.invoice_pay(store.get(sukamaju_stripe)["latest_invoice"], out_of_band=True)
    store.subscription_renew(sukamaju_stripe)
    renewal = store.get(sukamaju_stripe)["latest_invoice"]
    store.invoice_overdue(renewal)
    store.invoice_pay(renewal, out_of_band=True)
    # Senggigi pays by card, its renewal charge fails and Stripe gives up.
    url = checkout_start(subscription=senggigi_trial, success_url="http://senggigi.localhost/langganan/kartu/selesai/",
                         cancel_url="http://senggigi.localhost/langganan/")
    session = checkout_session_complete(store, url.rsplit("/", 1)[1])
    store.subscription_renew(session["subscription"], fail=True)
    store.subscription_unpaid(session["subscription"])
    return list(store.events)


def test_shuffled_duplicated_replayed_stream_ends_right_with_no_double_effects(
        local_stripe, trial, senggigi_trial, mailoutbox, django_capture_on_commit_callbacks):
    events = _history(local_stripe.store, trial, senggigi_trial)
    assert 20 < len(events) < DELIVERIES
    rng = random.Random(20261126)
    stream = events + rng.choices(events, k=DELIVERIES - len(events))
    rng.shuffle(stream)
    outcomes = []
    with django_capture_on_commit_callbacks(execute=True):
        for event in stream:
            response = deliver(event)  # signed afresh each time, as Stripe does on a retry
            assert response.status_code == 200
            outcomes.append(response.json()["outcome"])

    assert sum(o.startswith("replay") for o in outcomes) == DELIVERIES - len(events)
    assert StripeEvent.objects.count() == len(events)
    sukamaju = Subscription.objects.get(pk=trial.pk)
    senggigi = Subscription.objects.get(pk=senggigi_trial.pk)
    assert sukamaju.status == Subscription.Status.ACTIVE
    assert senggigi.status == Subscription.Status.GRACE and senggigi.grace_ends_at
    assert Village.objects.get(pk=senggigi.village_id).status == Village.Status.ACTIVE  # grace is not read-only yet
    assert Payment.objects.filter(invoice__subscription=sukamaju).count() == 2
    assert Payment.objects.filter(invoice__subscription=senggigi).count() == 1
    receipts = [m for m in mailoutbox if m.subject.startswith("Pembayaran Balai diterima")]
    assert sorted(m.to[0] for m in receipts) == ["bendahara@senggigi.test"] + ["bendahara@sukamaju.test"] * 2

    mailoutbox.clear()
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    assert [m.to for m in mailoutbox] == [["bendahara@senggigi.test"]] and "ditangguhkan" in mailoutbox[0].subject
