"""Checkout and Customer Portal sessions on the local Stripe."""
import time

from shared_apps.billing.localstripe.store import Invalid, Store


def checkout_session_create(store: Store, params: dict) -> dict:
    if params.get("mode") != "subscription":
        raise Invalid("only mode=subscription is supported")
    items = params.get("line_items") or []
    if len(items) != 1 or "price" not in items[0]:
        raise Invalid("exactly one line item with a price is supported")
    store.get(items[0]["price"], "price")
    if not params.get("success_url"):
        raise Invalid("success_url is required")
    customer = params.get("customer")
    if customer:
        store.get(customer, "customer")
    session = {
        "id": store.new_id("cs_test"), "object": "checkout.session", "mode": "subscription", "status": "open",
        "payment_status": "unpaid", "customer": customer, "subscription": None, "created": int(time.time()),
        "client_reference_id": params.get("client_reference_id"), "metadata": params.get("metadata", {}),
        "success_url": params["success_url"], "cancel_url": params.get("cancel_url"),
        "line_items_price": items[0]["price"],
        "subscription_data": params.get("subscription_data", {}),
        "expires_at": int(time.time()) + 24 * 3600,
    }
    session["url"] = f"{store.public_url}/checkout/{session['id']}"
    store.objects[session["id"]] = session
    return session


def checkout_session_complete(store: Store, session_id: str) -> dict:
    """The payer pressed Pay: a card subscription, its first invoice paid, then the events."""
    session = store.get(session_id, "checkout.session")
    if session["status"] != "open":
        raise Invalid(f"Checkout session is {session['status']}")
    if not session["customer"]:
        session["customer"] = store.customer_create({})["id"]
    subscription = store.subscription_create({
        "customer": session["customer"], "items": [{"price": session["line_items_price"]}],
        "metadata": session["subscription_data"].get("metadata", {}),
    })
    store.invoice_pay(subscription["latest_invoice"])
    session.update(status="complete", payment_status="paid", subscription=subscription["id"])
    store.emit("checkout.session.completed", session)
    return session


def checkout_session_expire(store: Store, session_id: str) -> dict:
    session = store.get(session_id, "checkout.session")
    if session["status"] == "open":
        session["status"] = "expired"
        store.emit("checkout.session.expired", session)
    return session


def portal_session_create(store: Store, params: dict) -> dict:
    store.get(params.get("customer", ""), "customer")
    session = {"id": store.new_id("bps"), "object": "billing_portal.session", "customer": params["customer"],
               "return_url": params.get("return_url"), "created": int(time.time()), "livemode": False}
    session["url"] = f"{store.public_url}/portal/{session['id']}"
    store.objects[session["id"]] = session
    return session


def customer_subscriptions(store: Store, customer_id: str) -> list[dict]:
    return [o for o in store.objects.values() if o["object"] == "subscription" and o["customer"] == customer_id]


def customer_invoices(store: Store, customer_id: str) -> list[dict]:
    rows = [o for o in store.objects.values() if o["object"] == "invoice" and o["customer"] == customer_id]
    return sorted(rows, key=lambda invoice: invoice["created"], reverse=True)
