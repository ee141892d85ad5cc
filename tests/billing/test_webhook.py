import time

import pytest

from shared_apps.billing.localstripe.webhooks import event_payload, signature_header
from shared_apps.billing.models import Invoice, Payment, StripeEvent, Subscription
from shared_apps.billing.payments import bank_transfer_start, invoice_mark_paid
from tests.billing.conftest import WEBHOOK_PATH, deliver, deliver_all
from tests.conftest import host_client


def _subscription_event(server, trial):
    bank_transfer_start(subscription=trial, actor=None)
    return next(e for e in server.store.events if e["type"] == "customer.subscription.created")


def test_correctly_signed_event_is_recorded_once(local_stripe, trial):
    event = _subscription_event(local_stripe, trial)
    response = deliver(event)
    assert response.status_code == 200 and response.json()["received"] is True
    assert StripeEvent.objects.filter(event_id=event["id"], subscription=trial).count() == 1


@pytest.mark.parametrize("header", ["", "t=1,v1=deadbeef", "garbage"])
def test_missing_or_bad_signature_is_refused_and_nothing_recorded(local_stripe, trial, header):
    event = _subscription_event(local_stripe, trial)
    assert deliver(event, header=header).status_code == 400
    assert not StripeEvent.objects.exists()


def test_signature_with_another_secret_or_stale_timestamp_is_refused(local_stripe, trial):
    event = _subscription_event(local_stripe, trial)
    assert deliver(event, secret="whsec_someone_else").status_code == 400
    stale = signature_header(event_payload(event), "whsec_test_balai", timestamp=int(time.time()) - 3600)
    assert deliver(event, header=stale).status_code == 400
    assert not StripeEvent.objects.exists()


def test_tampered_payload_is_refused(local_stripe, trial):
    event = _subscription_event(local_stripe, trial)
    header = signature_header(event_payload(event), "whsec_test_balai")
    event["data"]["object"]["metadata"]["village"] = "52.01.14.2006"
    assert deliver(event, header=header).status_code == 400


def test_webhook_is_not_served_on_a_village_host(local_stripe, trial, sukamaju):
    event = _subscription_event(local_stripe, trial)
    payload = event_payload(event)
    response = host_client(sukamaju).post(WEBHOOK_PATH, data=payload, content_type="application/json",
                                          HTTP_STRIPE_SIGNATURE=signature_header(payload, "whsec_test_balai"))
    assert response.status_code == 404
    assert not StripeEvent.objects.exists()


def test_replayed_event_is_acknowledged_and_ignored(local_stripe, trial, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    bank_transfer_start(subscription=trial, actor=None)
    invoice = Invoice.objects.get(subscription=trial)
    seen = deliver_all(local_stripe)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_mark_paid(invoice=invoice, actor=None, reason="Transfer BRI diterima 26-11")
        paid_event = next(e for e in local_stripe.store.events[seen:] if e["type"] == "invoice.paid")
        first, again = deliver(paid_event), deliver(paid_event)
    assert first.status_code == again.status_code == 200
    assert again.json()["outcome"].startswith("replay")
    assert StripeEvent.objects.filter(event_id=paid_event["id"]).count() == 1
    assert Payment.objects.filter(invoice=invoice).count() == 1
    assert len([m for m in mailoutbox if "Pembayaran" in m.subject]) == 1
    assert Subscription.objects.get(pk=trial.pk).status == Subscription.Status.ACTIVE


def test_event_for_an_unknown_village_is_recorded_without_effect(local_stripe, trial):
    event = _subscription_event(local_stripe, trial)
    event["data"]["object"]["metadata"] = {"village": "99.99.99.9999"}
    event["data"]["object"]["customer"] = "cus_unknown"
    event["data"]["object"]["id"] = "sub_unknown"
    assert deliver(event).json()["outcome"] == "no village matches"


def test_event_without_metadata_is_matched_by_the_recorded_stripe_ids(local_stripe, trial):
    bank_transfer_start(subscription=trial, actor=None)
    for kind, strip in [("customer.subscription.created", lambda o: o.update(metadata={})),
                        ("invoice.created", lambda o: o["parent"]["subscription_details"].update(metadata={})),
                        ("customer.created", lambda o: o.update(metadata={}))]:
        event = next(e for e in local_stripe.store.events if e["type"] == kind)
        strip(event["data"]["object"])
        assert deliver(event).json()["outcome"] != "no village matches", kind
        assert StripeEvent.objects.get(event_id=event["id"]).subscription_id == trial.pk
