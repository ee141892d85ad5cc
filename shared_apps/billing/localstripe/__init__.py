"""A local stand-in for the part of Stripe's API that Balai uses.

Without ``STRIPE_SECRET_KEY`` Balai's Stripe client talks to this server
instead of api.stripe.com (``make run`` and the tests start it). It answers in
Stripe's JSON shapes, honours idempotency keys, serves stand-ins for the
hosted Checkout, invoice and Customer Portal pages, and delivers each event to
the webhook URL signed as Stripe signs it:
``Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256(secret, "<t>.<payload>")>``.

Not for production: everything lives in memory and is lost on restart.
"""

# The secret the local Stripe signs with; settings use it only when
# STRIPE_SECRET_KEY is unset (never in production settings).
DEVELOPMENT_WEBHOOK_SECRET = "whsec_balai_local_development"
