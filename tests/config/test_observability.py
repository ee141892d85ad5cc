import logging

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from config.observability import ScrubbingFormatter, init_sentry, scrub_event, tag_village
from tests.conftest import PASSWORD, host_client

NIK = "5201140101900001"
NAME, ADDRESS, SEARCHED = "Budi Santoso", "Dusun Kebon RT 01", "Siti Aminah"



class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event() or envelope.get_transaction_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry(dsn="https://key@sentry.invalid/1", environment="test", traces_sample_rate=0.0, transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()


def test_event_is_tagged_with_the_village_and_carries_no_personal_data(sukamaju, sentry_events, monkeypatch):
    import tenant_apps.village.views

    monkeypatch.setattr(tenant_apps.village.views, "profile_get", failing_profile)
    client = host_client(sukamaju, raise_request_exception=False)
    client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    assert client.get("/", {"nama": SEARCHED, "nik": NIK}).status_code == 500
    sentry_sdk.flush()

    event = sentry_events[-1]
    assert event["tags"]["village"] == "52.04.02.2008"
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    text = repr(event)
    for personal in (NIK, NAME, SEARCHED, ADDRESS, "operator@sukamaju.test", "sessionid"):
        assert personal not in text, personal


def test_scrubber_blanks_personal_keys_numbers_and_free_text():
    event = {
        "message": f"KK 3201012345678901 for {NIK}",
        "extra": {"nama_ayah": "Siti Aminah", "alamat": "Dusun I RT 01", "no_kk": "32010123", "count": 3,
                  "raw": 5201140101900001, "bookkeeping": "ok"},
        "logentry": {"message": "resident %s moved", "params": ["Budi"], "formatted": "resident Budi moved"},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT … 'Budi'", "data": {"x": 1}}]},
        "request": {"data": {"nik": NIK}, "cookies": {"sessionid": "abc"}, "query_string": "nama=Budi",
                    "url": "http://x/cari/?nama=Budi"},
        "user": {"id": 7, "email": "siti@example.test", "username": "siti"},
        "sdk": {"name": "sentry.python", "version": "2"},
        "exception": {"values": [{"type": "ValueError", "value": "Budi", "module": "tenant_apps.population"}]},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["message"] == "KK [disaring] for [disaring]"
    assert scrubbed["extra"] == {"nama_ayah": "[disaring]", "alamat": "[disaring]", "no_kk": "[disaring]", "count": 3,
                                 "raw": "[disaring]", "bookkeeping": "ok"}
    assert scrubbed["logentry"] == {"message": "resident %s moved"}
    assert scrubbed["breadcrumbs"]["values"] == [{"category": "query"}]
    assert scrubbed["request"] == {"url": "http://x/cari/"}
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["sdk"]["name"] == "sentry.python"
    assert scrubbed["exception"]["values"][0] == {"type": "ValueError", "module": "tenant_apps.population"}


def test_tag_village_for_public(sentry_events):
    tag_village(None)
    sentry_sdk.capture_message("hello")
    sentry_sdk.flush()
    assert sentry_events[-1]["tags"]["village"] == "public"


def test_log_lines_and_tracebacks_lose_sixteen_digit_numbers():
    try:
        raise RuntimeError(f"bad NIK {NIK}")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "resident %s moved", (NIK,), __import__("sys").exc_info())
    line = ScrubbingFormatter("%(message)s").format(record)
    assert NIK not in line
    assert line.startswith("resident [disaring] moved") and "RuntimeError: bad NIK [disaring]" in line


def test_the_project_logging_uses_the_scrubbing_formatter():
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, ScrubbingFormatter))
    assert handler is not None


# Far from the constants: Sentry ships the source lines around each frame.
def failing_profile():
    alamat_warga = ADDRESS  # a local variable Sentry must not ship
    raise RuntimeError(f"cannot read resident NIK {NIK} of {NAME} at {alamat_warga}")
