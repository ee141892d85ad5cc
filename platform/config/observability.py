"""Errors to Sentry and lines to the log, without personal data.

A NIK or No. KK (16 digits), a name, an address or a health condition must
never leave the process. ``scrub_event`` is Sentry's ``before_send``:

* free text that can carry anything (exception messages, log parameters,
  breadcrumbs, request bodies, query strings, cookies, frame variables) is
  dropped outright: a regex cannot recognise a name;
* values under keys that name personal data (``nama``, ``alamat``, ``nik``…)
  are blanked;
* every remaining string and number has 16-digit runs masked.

Log lines go through ``ScrubbingFormatter``, which masks 16-digit runs in the
whole formatted record, traceback included.
"""
import logging
import re

import sentry_sdk

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16,}(?!\d)")
REDACTED = "[disaring]"
# Words that make a key personal (keys are split on "_", "-", "." and case).
PERSONAL_WORDS = frozenset({
    "nik", "kk", "nama", "name", "alamat", "address", "email", "phone", "telepon", "hp", "password",
    "pin", "lahir", "birth", "birthday", "penyakit", "disease", "health", "kesehatan", "ayah", "ibu",
    "pasangan", "agama", "religion", "cookie", "authorization", "token", "ktp", "paspor", "passport",
})
# Sections of an event that describe the software, not people.
_SOFTWARE_SECTIONS = frozenset({"sdk", "contexts", "modules", "tags", "debug_meta"})
_WORD = re.compile(r"[a-z0-9]+")


def scrub_text(text: str) -> str:
    return SIXTEEN_DIGITS.sub(REDACTED, text)


def _is_personal_key(key) -> bool:
    words = _WORD.findall(str(key).lower())
    return any(word in PERSONAL_WORDS for word in words)


def _scrub(value, *, keys: bool = True):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return REDACTED if SIXTEEN_DIGITS.fullmatch(str(abs(value))) else value
    if isinstance(value, dict):
        return {
            key: REDACTED if keys and item not in (None, "") and _is_personal_key(key)
            else _scrub(item, keys=keys and key not in _SOFTWARE_SECTIONS)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, keys=keys) for item in value]
    return value


def scrub_event(event, hint=None):
    """Sentry ``before_send``/``before_send_transaction``: return a scrubbed copy."""
    event = _scrub(event)
    for exception in (event.get("exception") or {}).get("values") or []:
        exception.pop("value", None)  # the message; the type and the stack stay
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        crumb.pop("message", None)
        crumb.pop("data", None)
    request = event.get("request")
    if isinstance(request, dict):
        for field in ("data", "cookies", "query_string", "env"):
            request.pop(field, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    if isinstance(event.get("user"), dict):
        event["user"] = {"id": event["user"].get("id")}
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float, transport=None) -> None:
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        transport=transport,
    )


def tag_village(code: str | None) -> None:
    """Tag everything Sentry sends from here on in this scope with the village."""
    sentry_sdk.get_isolation_scope().set_tag("village", code or "public")


class ScrubbingFormatter(logging.Formatter):
    """Masks 16-digit runs (NIK, No. KK) anywhere in a formatted record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))
