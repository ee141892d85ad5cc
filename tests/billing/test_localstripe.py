"""The local Stripe answers the real stripe library as Stripe would."""
import pytest
import stripe

from shared_apps.billing.localstripe.server import LocalStripe, decode_params
from shared_apps.billing.localstripe.webhooks import signature_header


@pytest.fixture
def server():
    running = LocalStripe().start()
    yield running
    running.stop()


def _client(server, key="sk_test_x"):
    return stripe.StripeClient(key, base_addresses={"api": server.url})


def test_form_encoding_of_nested_params_is_decoded():
    assert decode_params("items[0][price]=p&expand[0]=latest_invoice&metadata[village]=52.01.14.2006&a=1") == {
        "items": [{"price": "p"}], "expand": ["latest_invoice"], "metadata": {"village": "52.01.14.2006"}, "a": "1"}


def test_same_idempotency_key_returns_the_first_object(server):
    client = _client(server)
    first = client.v1.customers.create(params={"email": "a@b.test"}, options={"idempotency_key": "k1"})
    again = client.v1.customers.create(params={"email": "other@b.test"}, options={"idempotency_key": "k1"})
    other = client.v1.customers.create(params={"email": "a@b.test"}, options={"idempotency_key": "k2"})
    assert first.id == again.id != other.id and again.email == "a@b.test"


def test_missing_objects_and_bad_keys_raise_stripes_errors(server):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        _client(server).v1.subscriptions.retrieve("sub_nope")
    assert missing.value.code == "resource_missing" and missing.value.http_status == 404
    with pytest.raises(stripe.AuthenticationError):
        _client(server, key="pk_test_public").v1.customers.retrieve("cus_x")


def test_send_invoice_subscription_makes_an_open_invoice_and_events(server):
    client = _client(server)
    customer = client.v1.customers.create(params={"email": "a@b.test", "metadata": {"village": "52.01.14.2006"}})
    price = client.v1.prices.create(params={"unit_amount": 240000000, "currency": "idr", "recurring": {"interval": "year"},
                                            "product_data": {"name": "Paket"}})
    subscription = client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": price.id}], "collection_method": "send_invoice",
        "days_until_due": 30, "metadata": {"village": "52.01.14.2006"}})
    fetched = client.v1.subscriptions.retrieve(subscription.id, params={"expand": ["latest_invoice"]})
    invoice = fetched.latest_invoice
    assert invoice.status == "open" and invoice.amount_due == 240000000 and invoice.due_date
    assert invoice.parent.subscription_details.metadata["village"] == "52.01.14.2006"
    paid = client.v1.invoices.pay(invoice.id, params={"paid_out_of_band": True})
    assert paid.status == "paid" and paid.paid_out_of_band is True
    types = [e["type"] for e in server.store.events]
    assert types[-1] == "invoice.paid" and "invoice.sent" in types and "customer.subscription.created" in types


def test_signature_matches_stripes_own_verification():
    payload = '{"id": "evt_1"}'
    header = signature_header(payload.encode(), "whsec_x")
    assert stripe.WebhookSignature.verify_header(payload, header, "whsec_x", 300)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.WebhookSignature.verify_header(payload, header, "whsec_y", 300)
