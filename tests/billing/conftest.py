"""Billing tests talk to a real local Stripe (shared_apps.billing.localstripe)
through the real stripe library, and deliver its events to the real webhook
endpoint signed the way Stripe signs them."""
import pytest

from shared_apps.billing.localstripe.server import LocalStripe
from shared_apps.billing.localstripe.webhooks import event_payload, signature_header
from shared_apps.billing.services import subscription_start
from tests.conftest import host_client

WEBHOOK_SECRET = "whsec_test_balai"
WEBHOOK_PATH = "/billing/stripe/webhook/"


@pytest.fixture
def local_stripe(settings):
    server = LocalStripe().start()
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield server
    server.stop()


def deliver(event: dict, *, secret: str = WEBHOOK_SECRET, header: str | None = None):
    """POST one event to the webhook on the base domain, signed (unless told otherwise)."""
    payload = event_payload(event)
    headers = {}
    if header is None:
        header = signature_header(payload, secret)
    if header:
        headers["HTTP_STRIPE_SIGNATURE"] = header
    return host_client().post(WEBHOOK_PATH, data=payload, content_type="application/json", **headers)


def deliver_all(server: LocalStripe, *, since: int = 0) -> int:
    """Deliver every event the local Stripe emitted after the first ``since``, in order."""
    events = server.store.events[since:]
    for event in events:
        assert deliver(event).status_code == 200
    return since + len(events)


@pytest.fixture
def trial(sukamaju):
    return subscription_start(village=sukamaju, plan_code="trial", billing_email="bendahara@sukamaju.test")


@pytest.fixture
def senggigi_trial(senggigi):
    return subscription_start(village=senggigi, plan_code="tahunan", billing_email="bendahara@senggigi.test")


