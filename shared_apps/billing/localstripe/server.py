"""The HTTP face of the local Stripe: ``/v1/…`` (JSON, form-encoded requests as
stripe-python sends them), the hosted pages, and ``/_local/…`` moves that only
time or a bank could make (renewal, an overdue invoice, retries exhausted)."""
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from shared_apps.billing.localstripe import pages, sessions
from shared_apps.billing.localstripe.store import Invalid, NotFound, Store
from shared_apps.billing.localstripe.webhooks import WebhookSender


def decode_params(encoded: str) -> dict:
    """``items[0][price]=x&expand[0]=y`` → ``{"items": [{"price": "x"}], "expand": ["y"]}``."""
    root: dict = {}
    for key, value in parse_qsl(encoded, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def _expand(store: Store, obj: dict, expand: list) -> dict:
    if "latest_invoice" in expand and isinstance(obj.get("latest_invoice"), str):
        return {**obj, "latest_invoice": store.get(obj["latest_invoice"])}
    return obj


def _list(rows: list[dict], url: str) -> dict:
    return {"object": "list", "data": rows, "has_more": False, "url": url}


class Handler(BaseHTTPRequestHandler):
    store: Store
    idempotent: dict
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def log_message(self, *args):  # quiet: the platform's log is the one to read
        pass

    # --- dispatch --------------------------------------------------------------
    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method: str):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = decode_params(url.query if method == "GET" else body)
        try:
            with self.store.lock:
                if url.path.startswith("/v1/"):
                    return self._api(method, url.path, params)
                return self._page(method, url.path, params)
        except NotFound as exc:
            self._json(404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                       "message": f"No such object: '{exc.args[0]}'"}})
        except Invalid as exc:
            self._json(400, {"error": {"type": "invalid_request_error", "message": str(exc)}})

    def _api(self, method: str, path: str, params: dict):
        if not (self.headers.get("Authorization") or "").startswith("Bearer sk_"):
            return self._json(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})
        key = self.headers.get("Idempotency-Key")
        if method == "POST" and key and (path, key) in self.idempotent:
            return self._json(*self.idempotent[(path, key)], replayed=True)
        status, obj = 200, self._api_object(method, path, params)
        if method == "POST" and key:
            self.idempotent[(path, key)] = (status, obj)
        self._json(status, obj)

    def _api_object(self, method: str, path: str, params: dict) -> dict:
        store, parts = self.store, path.strip("/").split("/")[1:]
        creates = {"customers": store.customer_create, "products": store.product_create,
                   "prices": store.price_create, "subscriptions": store.subscription_create}
        if method == "POST" and len(parts) == 1 and parts[0] in creates:
            return creates[parts[0]](params)
        if parts[:2] == ["checkout", "sessions"]:
            if method == "POST" and len(parts) == 2:
                return sessions.checkout_session_create(store, params)
            return store.get(parts[2], "checkout.session")
        if parts[:2] == ["billing_portal", "sessions"] and method == "POST":
            return sessions.portal_session_create(store, params)
        if parts == ["invoices"] and method == "GET":
            rows = sessions.customer_invoices(store, params.get("customer", ""))
            if params.get("subscription"):
                rows = [i for i in rows if i["parent"]["subscription_details"]["subscription"] == params["subscription"]]
            return _list(rows, "/v1/invoices")
        if parts[0] == "invoices" and len(parts) == 3 and parts[2] == "pay" and method == "POST":
            return store.invoice_pay(parts[1], out_of_band=params.get("paid_out_of_band") == "true")
        if parts[0] == "invoices" and len(parts) == 3 and parts[2] == "send" and method == "POST":
            return store.get(parts[1], "invoice")
        if parts[0] == "subscriptions" and len(parts) == 2:
            if method == "POST":
                return store.subscription_update(parts[1], params)
            if method == "DELETE":
                return store.subscription_cancel(parts[1])
        if method == "GET" and len(parts) == 2 and parts[0] in ("customers", "prices", "invoices", "subscriptions"):
            return _expand(store, store.get(parts[1]), params.get("expand") or [])
        raise NotFound(path)

    def _page(self, method: str, path: str, params: dict):
        store, parts = self.store, path.strip("/").split("/")
        if parts[0] == "_local":
            return self._json(200, self._local(method, parts[1:], params))
        if parts[0] == "checkout" and len(parts) >= 2:
            session = store.get(parts[1], "checkout.session")
            if method == "POST" and parts[2:] == ["pay"]:
                session = sessions.checkout_session_complete(store, session["id"])
                return self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
            return self._html(pages.checkout_page(store, session))
        if parts[0] == "invoice" and len(parts) >= 2:
            invoice, message = store.get(parts[1], "invoice"), ""
            if method == "POST" and parts[2:] == ["pay"]:
                invoice, message = store.invoice_pay(invoice["id"]), "Pembayaran diterima. Terima kasih."
            return self._html(pages.invoice_page(store, invoice, message))
        if parts[0] == "portal" and len(parts) >= 2:
            session = store.get(parts[1], "billing_portal.session")
            if method == "POST" and len(parts) == 4 and parts[2] == "cancel":
                subscription = store.get(parts[3], "subscription")
                if subscription["customer"] != session["customer"]:
                    raise NotFound(parts[3])
                store.subscription_update(subscription["id"], {"cancel_at_period_end": True})
                return self._redirect(f"/portal/{session['id']}")
            return self._html(pages.portal_page(store, session))
        raise NotFound(path)

    def _local(self, method: str, parts: list[str], params: dict) -> dict:
        store = self.store
        if parts == ["events"]:
            return _list(store.events, "/_local/events")
        if method == "POST" and len(parts) == 3 and parts[0] == "subscriptions":
            moves = {"renew": lambda i: store.subscription_renew(i, fail=params.get("fail") == "1"),
                     "unpaid": store.subscription_unpaid, "cancel": store.subscription_cancel}
            if parts[2] in moves:
                return moves[parts[2]](parts[1])
        if method == "POST" and len(parts) == 3 and parts[0] == "invoices":
            moves = {"overdue": store.invoice_overdue, "fail": lambda i: store.invoice_pay(i, fail=True)}
            if parts[2] in moves:
                return moves[parts[2]](parts[1])
        raise NotFound("/".join(parts))

    # --- responses ---------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, obj: dict, replayed: bool = False):
        extra = {"Request-Id": "req_local", **({"Idempotent-Replayed": "true"} if replayed else {})}
        self._send(status, json.dumps(obj).encode(), "application/json", extra)

    def _html(self, body: bytes):
        self._send(200, body, "text/html; charset=utf-8")

    def _redirect(self, location: str):
        self._send(303, b"", "text/plain", {"Location": location})


class LocalStripe:
    """A running local Stripe: ``url`` for ``STRIPE_API_BASE``, ``store`` for tests."""

    def __init__(self, *, port: int = 0, host: str = "127.0.0.1", webhook_url: str | None = None,
                 webhook_secret: str = "", webhook_host: str | None = None):
        handler = type("BoundHandler", (Handler,), {"idempotent": {}})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        handler.store = self.store = Store(public_url=self.url)
        self.sender = None
        if webhook_url:
            self.sender = WebhookSender(url=webhook_url, secret=webhook_secret, host=webhook_host)
            self.store.listeners.append(self.sender)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="localstripe", daemon=True)

    def start(self) -> "LocalStripe":
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.sender:
            self.sender.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
