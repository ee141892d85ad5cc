"""``POST /billing/stripe/webhook/`` on the base domain.

A payload is believed only with a valid ``Stripe-Signature`` for
``STRIPE_WEBHOOK_SECRET``; anything else is answered 400 and leaves no trace.
Each event is handled once: its id is inserted first, under the village's
subscription lock, so a replay (or a concurrent duplicate) finds it and is
acknowledged without effect. The objects an event names are re-fetched from
Stripe (sync.py), so order of delivery does not matter. A Stripe error while
re-fetching rolls everything back and answers 500: Stripe delivers again.
"""
import json
import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shared_apps.billing.models import StripeEvent, Subscription
from shared_apps.billing.sync import invoice_subscription_id, invoice_sync, subscription_sync

logger = logging.getLogger(__name__)
SIGNATURE_TOLERANCE_SECONDS = 300


def _village_code(obj: dict) -> str | None:
    details = (obj.get("parent") or {}).get("subscription_details") or {}
    for metadata in (obj.get("metadata"), details.get("metadata")):
        if metadata and metadata.get("village"):
            return metadata["village"]
    if obj.get("object") == "checkout.session":
        return obj.get("client_reference_id")
    return None


def _subscription_for(obj: dict) -> Subscription | None:
    """The village an object is about: by metadata["village"], else by the
    Stripe subscription or customer id recorded for the village."""
    rows = Subscription.objects.select_related("village")
    code = _village_code(obj)
    if code:
        return rows.filter(village__code=code).first()
    kind = obj.get("object")
    subscription_id = obj["id"] if kind == "subscription" else (
        invoice_subscription_id(obj) if kind == "invoice" else obj.get("subscription"))
    if subscription_id and (found := rows.filter(stripe_subscription_id=subscription_id).first()):
        return found
    customer_id = obj["id"] if kind == "customer" else obj.get("customer")
    return rows.filter(stripe_customer_id=customer_id).first() if customer_id else None


def _handle(subscription: Subscription, event: dict) -> str:
    obj, kind = event["data"]["object"], event["type"]
    if kind.startswith("customer.subscription."):
        return subscription_sync(subscription, obj["id"])
    if kind.startswith("invoice."):
        return invoice_sync(subscription, obj["id"])
    if kind == "checkout.session.completed" and obj.get("subscription"):
        if obj.get("customer") and not subscription.stripe_customer_id:
            subscription.stripe_customer_id = obj["customer"]
        return subscription_sync(subscription, obj["subscription"])
    return "ignored: nothing to do for this type"


@transaction.atomic
def stripe_event_handle(event: dict) -> str:
    """Handle one verified event exactly once; returns what happened."""
    found = _subscription_for(event["data"]["object"])
    subscription = Subscription.objects.select_for_update().select_related("village").get(pk=found.pk) if found else None
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"], type=event["type"], subscription=subscription,
                created=datetime.fromtimestamp(event["created"], tz=UTC),
            )
    except IntegrityError:
        return "replay: already handled"
    record.outcome = (_handle(subscription, event) if subscription else "no village matches")[:200]
    record.save(update_fields=["outcome"])
    return record.outcome


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret, header = settings.STRIPE_WEBHOOK_SECRET, request.headers.get("Stripe-Signature", "")
    payload = request.body.decode("utf-8", errors="replace")
    if not secret or not header:
        return HttpResponseBadRequest("missing signature")
    try:
        stripe.WebhookSignature.verify_header(payload, header, secret, SIGNATURE_TOLERANCE_SECONDS)
        event = json.loads(payload)
        event_id, _type, _object = event["id"], event["type"], event["data"]["object"]["object"]
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("bad signature")
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("not a Stripe event")
    outcome = stripe_event_handle(event)
    logger.info("stripe event %s %s: %s", event_id, event["type"], outcome)
    return JsonResponse({"received": True, "outcome": outcome})
