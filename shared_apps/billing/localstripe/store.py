"""Objects, the moves Balai needs (create, pay, fail, renew, cancel) and the events they emit."""
import itertools
import secrets
import threading
import time

YEAR_SECONDS = 365 * 24 * 3600
DAY_SECONDS = 24 * 3600


class NotFound(KeyError):
    pass


class Invalid(ValueError):
    pass


class Store:
    def __init__(self, *, public_url: str):
        self.public_url = public_url.rstrip("/")
        self.objects: dict[str, dict] = {}
        self.events: list[dict] = []
        self.listeners: list = []  # called with each new event
        self.lock = threading.RLock()
        self._numbers = itertools.count(1)
        # Numbers stay unique across restarts of this in-memory server.
        self._number_prefix = f"BALAI-LOCAL-{secrets.token_hex(2).upper()}"

    # --- plumbing ------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_hex(12)}"

    def get(self, object_id: str, kind: str | None = None) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or (kind and obj["object"] != kind):
            raise NotFound(object_id)
        return obj

    def emit(self, event_type: str, obj: dict, previous: dict | None = None) -> dict:
        import copy

        event = {
            "id": self.new_id("evt"), "object": "event", "type": event_type, "api_version": None,
            "created": int(time.time()), "livemode": False, "pending_webhooks": 1,
            "data": {"object": copy.deepcopy(obj), **({"previous_attributes": previous} if previous else {})},
        }
        self.events.append(event)
        for listener in self.listeners:
            listener(event)
        return event

    # --- customers, products, prices -----------------------------------------
    def customer_create(self, params: dict) -> dict:
        customer = {"id": self.new_id("cus"), "object": "customer", "created": int(time.time()),
                    "email": params.get("email"), "name": params.get("name"), "metadata": params.get("metadata", {})}
        self.objects[customer["id"]] = customer
        self.emit("customer.created", customer)
        return customer

    def product_create(self, params: dict) -> dict:
        product = {"id": self.new_id("prod"), "object": "product", "name": params.get("name", ""),
                   "metadata": params.get("metadata", {}), "active": True}
        self.objects[product["id"]] = product
        return product

    def price_create(self, params: dict) -> dict:
        product = params.get("product")
        if product is None and "product_data" in params:
            product = self.product_create(params["product_data"])["id"]
        self.get(product, "product")
        if "unit_amount" not in params or "currency" not in params:
            raise Invalid("unit_amount and currency are required")
        price = {"id": self.new_id("price"), "object": "price", "product": product, "active": True,
                 "unit_amount": int(params["unit_amount"]), "currency": params["currency"].lower(),
                 "recurring": params.get("recurring"), "lookup_key": params.get("lookup_key"),
                 "metadata": params.get("metadata", {}), "type": "recurring" if params.get("recurring") else "one_time"}
        self.objects[price["id"]] = price
        return price

    # --- subscriptions and invoices ------------------------------------------
    def subscription_create(self, params: dict) -> dict:
        customer = self.get(params.get("customer", ""), "customer")
        items = params.get("items") or []
        if len(items) != 1:
            raise Invalid("exactly one item is supported")
        price = self.get(items[0].get("price", ""), "price")
        method = params.get("collection_method", "charge_automatically")
        if method == "send_invoice" and "days_until_due" not in params:
            raise Invalid("days_until_due is required with send_invoice")
        now = int(time.time())
        subscription = {
            "id": self.new_id("sub"), "object": "subscription", "customer": customer["id"], "created": now,
            "status": "active" if method == "send_invoice" else "incomplete", "collection_method": method,
            "days_until_due": int(params["days_until_due"]) if method == "send_invoice" else None,
            "cancel_at_period_end": False, "canceled_at": None, "ended_at": None, "trial_end": None,
            "metadata": params.get("metadata", {}), "latest_invoice": None,
            "items": {"object": "list", "data": [{
                "id": self.new_id("si"), "object": "subscription_item", "price": price, "quantity": 1,
                "current_period_start": now, "current_period_end": now + YEAR_SECONDS,
            }]},
        }
        self.objects[subscription["id"]] = subscription
        self.emit("customer.subscription.created", subscription)
        self._invoice_for_period(subscription)
        return subscription

    def _period(self, subscription: dict) -> tuple[int, int]:
        item = subscription["items"]["data"][0]
        return item["current_period_start"], item["current_period_end"]

    def _invoice_for_period(self, subscription: dict) -> dict:
        start, end = self._period(subscription)
        price = subscription["items"]["data"][0]["price"]
        customer = self.get(subscription["customer"])
        now = int(time.time())
        invoice = {
            "id": self.new_id("in"), "object": "invoice", "customer": customer["id"],
            "customer_email": customer.get("email"), "status": "open", "created": now,
            "collection_method": subscription["collection_method"], "currency": price["currency"],
            "amount_due": price["unit_amount"], "amount_paid": 0, "amount_remaining": price["unit_amount"],
            "number": f"{self._number_prefix}-{next(self._numbers):04d}", "paid_out_of_band": False, "metadata": {},
            "due_date": now + subscription["days_until_due"] * DAY_SECONDS if subscription["days_until_due"] else None,
            "parent": {"type": "subscription_details", "quote_details": None, "subscription_details": {
                "subscription": subscription["id"], "metadata": dict(subscription["metadata"])}},
            "lines": {"object": "list", "data": [{
                "id": self.new_id("il"), "object": "line_item", "amount": price["unit_amount"],
                "currency": price["currency"], "period": {"start": start, "end": end}, "description": None}]},
            "status_transitions": {"finalized_at": now, "paid_at": None, "voided_at": None},
        }
        invoice["hosted_invoice_url"] = f"{self.public_url}/invoice/{invoice['id']}"
        self.objects[invoice["id"]] = invoice
        subscription["latest_invoice"] = invoice["id"]
        self.emit("invoice.created", invoice)
        self.emit("invoice.finalized", invoice)
        if invoice["collection_method"] == "send_invoice":
            self.emit("invoice.sent", invoice)
        return invoice

    def _subscription_status(self, subscription: dict, status: str) -> None:
        previous = subscription["status"]
        if previous != status:
            subscription["status"] = status
            self.emit("customer.subscription.updated", subscription, {"status": previous})

    def invoice_pay(self, invoice_id: str, *, out_of_band: bool = False, fail: bool = False) -> dict:
        invoice = self.get(invoice_id, "invoice")
        if invoice["status"] != "open":
            raise Invalid(f"Invoice is {invoice['status']}, not open")
        subscription_id = invoice["parent"]["subscription_details"]["subscription"]
        subscription = self.get(subscription_id) if subscription_id else None
        if fail:
            self.emit("invoice.payment_failed", invoice)
            if subscription and subscription["status"] == "active":
                self._subscription_status(subscription, "past_due")
            return invoice
        invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0,
                       paid_out_of_band=out_of_band)
        invoice["status_transitions"]["paid_at"] = int(time.time())
        self.emit("invoice.paid", invoice)
        if not out_of_band:
            self.emit("invoice.payment_succeeded", invoice)
        if subscription and subscription["status"] in ("incomplete", "past_due", "unpaid", "active"):
            self._subscription_status(subscription, "active")
        return invoice

    def invoice_overdue(self, invoice_id: str) -> dict:
        invoice = self.get(invoice_id, "invoice")
        if invoice["status"] != "open":
            raise Invalid("only an open invoice can be overdue")
        invoice["due_date"] = int(time.time()) - 1
        self.emit("invoice.overdue", invoice)
        subscription = self.get(invoice["parent"]["subscription_details"]["subscription"])
        if subscription["status"] == "active":
            self._subscription_status(subscription, "past_due")
        return invoice

    def subscription_renew(self, subscription_id: str, *, fail: bool = False) -> dict:
        """The next period begins: a new invoice, charged (card) or sent (transfer)."""
        subscription = self.get(subscription_id, "subscription")
        if subscription["status"] == "canceled":
            raise Invalid("subscription is canceled")
        item = subscription["items"]["data"][0]
        if subscription["cancel_at_period_end"]:
            return self.subscription_cancel(subscription_id)
        previous = {"items": {"current_period_end": item["current_period_end"]}}
        item["current_period_start"] = item["current_period_end"]
        item["current_period_end"] += YEAR_SECONDS
        self.emit("customer.subscription.updated", subscription, previous)
        invoice = self._invoice_for_period(subscription)
        if subscription["collection_method"] == "charge_automatically":
            self.invoice_pay(invoice["id"], fail=fail)
        return subscription

    def subscription_unpaid(self, subscription_id: str) -> dict:
        """Stripe's retries are exhausted."""
        subscription = self.get(subscription_id, "subscription")
        self._subscription_status(subscription, "unpaid")
        return subscription

    def subscription_update(self, subscription_id: str, params: dict) -> dict:
        subscription = self.get(subscription_id, "subscription")
        previous = {}
        if "cancel_at_period_end" in params:
            previous["cancel_at_period_end"] = subscription["cancel_at_period_end"]
            subscription["cancel_at_period_end"] = params["cancel_at_period_end"] in (True, "true")
        if "metadata" in params:
            previous["metadata"] = dict(subscription["metadata"])
            subscription["metadata"].update(params["metadata"])
        self.emit("customer.subscription.updated", subscription, previous)
        return subscription

    def subscription_cancel(self, subscription_id: str) -> dict:
        subscription = self.get(subscription_id, "subscription")
        subscription.update(status="canceled", canceled_at=int(time.time()), ended_at=int(time.time()))
        self.emit("customer.subscription.deleted", subscription)
        return subscription
