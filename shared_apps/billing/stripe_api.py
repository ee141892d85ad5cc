"""The one Stripe client Balai uses: real Stripe with ``STRIPE_SECRET_KEY``,
otherwise the local Stripe at ``STRIPE_API_BASE`` (same library, same calls).

Amounts: Stripe counts IDR in hundredths (like cents) although rupiah have no
subunit in practice, so a price of Rp 2.400.000 is sent as 240000000.
"""
from functools import lru_cache

import stripe
from django.conf import settings

LOCAL_KEY = "sk_test_balai_local"
IDR_SUBUNITS = 100


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str) -> stripe.StripeClient:
    return stripe.StripeClient(api_key, base_addresses={"api": api_base}, max_network_retries=2)


def stripe_client() -> stripe.StripeClient:
    return _client(settings.STRIPE_SECRET_KEY or LOCAL_KEY, settings.STRIPE_API_BASE)


def idempotency(*parts) -> dict:
    """Request options with a key derived from our own ids: a retried create
    returns the first result instead of making a second object."""
    return {"idempotency_key": "balai-" + "-".join(str(part) for part in parts)}


def as_dict(obj) -> dict:
    """A Stripe object as plain JSON data (what a webhook carries)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)
