import logging

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from config.observability import PersonalDataLogFilter, init_sentry, scrub_event, tag_village
from tests.conftest import PASSWORD, host_client

NIK = "5201140101900001"


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


def test_event_is_tagged_with_the_village_and_scrubbed(sukamaju, sentry_events, monkeypatch):
    import tenant_apps.village.views

    def fail():
        raise RuntimeError(f"cannot read resident NIK {NIK} of Budi Santoso")

    monkeypatch.setattr(tenant_apps.village.views, "profile_get", fail)
    client = host_client(sukamaju, raise_request_exception=False)
    client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    assert client.get("/", {"nik": NIK}).status_code == 500
    sentry_sdk.flush()

    event = sentry_events[-1]
    assert event["tags"]["village"] == "52.04.02.2008"
    text = repr(event)
    assert NIK not in text
    assert PASSWORD not in text
    assert "[disaring]" in text


def test_scrubber_blanks_personal_keys_and_sixteen_digit_numbers():
    event = {
        "message": f"KK 3201012345678901 for {NIK}",
        "extra": {"nama": "Siti Aminah", "alamat": "Dusun I RT 01", "no_kk": "3201012345678901", "count": 3},
        "request": {"data": {"nik": NIK}, "cookies": {"sessionid": "abc"}, "url": "http://x/"},
        "user": {"id": 7, "email": "siti@example.test", "username": "siti"},
        "exception": {"values": [{"value": f"bad nik {NIK}", "module": "tenant_apps.population"}]},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["message"] == "KK [disaring] for [disaring]"
    assert scrubbed["extra"] == {"nama": "[disaring]", "alamat": "[disaring]", "no_kk": "[disaring]", "count": 3}
    assert scrubbed["request"]["data"] == "[disaring]" and scrubbed["request"]["cookies"] == "[disaring]"
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["exception"]["values"][0] == {"value": "bad nik [disaring]", "module": "tenant_apps.population"}


def test_tag_village_for_public(sentry_events):
    tag_village(None)
    sentry_sdk.capture_message("hello")
    sentry_sdk.flush()
    assert sentry_events[-1]["tags"]["village"] == "public"


def test_log_records_lose_sixteen_digit_numbers():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "resident %s moved", (NIK,), None)
    PersonalDataLogFilter().filter(record)
    assert record.getMessage() == "resident [disaring] moved"
