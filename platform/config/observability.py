"""Errors to Sentry and lines to the log, without personal data.

A NIK or No. KK (16 digits), a name or an address must never leave the
process. ``scrub_event`` is Sentry's ``before_send``: it walks the whole event
and blanks values under personal keys and any 16-digit run anywhere. The same
text scrubbing guards log records (``PersonalDataLogFilter``).
"""
import logging
import re

import sentry_sdk

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
REDACTED = "[disaring]"
# Keys whose values are personal whatever they contain (case-insensitive,
# matched as a substring so `nama_ayah`, `alamat_sekarang`, `first_name` hit).
PERSONAL_KEYS = (
    "nik", "no_kk", "kk", "nama", "name", "alamat", "address", "email", "phone", "telepon",
    "hp", "password", "pin", "tanggal_lahir", "birth", "penyakit", "disease", "health",
)
# Names Sentry and Django use for structure, not people.
_STRUCTURAL_KEYS = {
    "module", "function", "filename", "abs_path", "lineno", "type", "logger", "level",
    "server_name", "event_id", "transaction", "op", "span_id", "trace_id", "village", "app_name",
    "username_field", "name_of_the_field", "tags", "contexts", "sdk", "platform", "in_app",
}


def scrub_text(text: str) -> str:
    return SIXTEEN_DIGITS.sub(REDACTED, text)


def _is_personal_key(key) -> bool:
    lowered = str(key).lower()
    if lowered in _STRUCTURAL_KEYS:
        return False
    return any(part in lowered for part in PERSONAL_KEYS)


def _scrub(value):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: (REDACTED if _is_personal_key(key) and item not in (None, "") else _scrub(item))
                for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event, hint=None):
    """Sentry ``before_send``/``before_send_transaction``: return a scrubbed copy."""
    scrubbed = _scrub(event)
    # The request body and cookies are never needed to debug and may hold anything.
    request = scrubbed.get("request")
    if isinstance(request, dict):
        for field in ("data", "cookies"):
            if request.get(field):
                request[field] = REDACTED
    if isinstance(scrubbed.get("user"), dict):
        scrubbed["user"] = {"id": scrubbed["user"].get("id")}
    return scrubbed


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float, transport=None) -> None:
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        transport=transport,
    )


def tag_village(code: str | None) -> None:
    """Tag everything Sentry sends from here on in this scope with the village."""
    sentry_sdk.get_isolation_scope().set_tag("village", code or "public")


class PersonalDataLogFilter(logging.Filter):
    """Masks 16-digit numbers in every log record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
