"""Delivering events to a webhook endpoint, signed as Stripe signs them."""
import hashlib
import hmac
import json
import queue
import threading
import time
import urllib.error
import urllib.request


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """``t=<time>,v1=<HMAC-SHA256(secret, "<time>.<payload>")>``: Stripe's scheme."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


def event_payload(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()


class WebhookSender:
    """Sends each event in its own order of arrival from one thread, retrying a
    failed delivery a few times (Stripe retries for days; a dev server need not)."""

    RETRY_DELAYS = (0.2, 0.5, 1, 2, 4)

    def __init__(self, *, url: str, secret: str, host: str | None = None):
        self.url, self.secret, self.host = url, secret, host
        self.queue: queue.Queue = queue.Queue()
        self.failures: list[tuple[str, str]] = []
        self.stopped = False
        threading.Thread(target=self._run, name="localstripe-webhooks", daemon=True).start()

    def __call__(self, event: dict) -> None:
        self.queue.put(event)

    def drain(self, timeout: float = 10) -> None:
        """Wait until every queued event has been delivered (or given up on)."""
        deadline = time.monotonic() + timeout
        while self.queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        """Deliver nothing more (what is queued is dropped)."""
        self.stopped = True

    def _run(self) -> None:
        while True:
            event = self.queue.get()
            try:
                if not self.stopped:
                    self._deliver(event)
            finally:
                self.queue.task_done()

    def _deliver(self, event: dict) -> None:
        payload = event_payload(event)
        error = ""
        for delay in (0, *self.RETRY_DELAYS):
            time.sleep(delay)
            if self.stopped:
                return
            headers = {"Content-Type": "application/json", "Stripe-Signature": signature_header(payload, self.secret)}
            if self.host:
                headers["Host"] = self.host
            request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    if 200 <= response.status < 300:
                        return
                    error = f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
            except OSError as exc:
                error = str(exc)
        self.failures.append((event["id"], error))
