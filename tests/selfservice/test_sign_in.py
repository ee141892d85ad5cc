from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher
from django.db import connection

from tenant_apps.selfservice.models import ResidentAccount
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client
from tests.selfservice.conftest import resident_client


def _actions(village) -> list[str]:
    connection.set_tenant(village)
    actions = list(AuditEntry.objects.filter(action__startswith="selfservice.").values_list("action", flat=True))
    connection.set_schema_to_public()
    return actions


def test_resident_signs_in_and_sees_own_biodata_and_family_only(senggigi, portal):
    story = portal(senggigi)
    page = resident_client(senggigi, story.siti.nik, story.pin).get("/layanan-mandiri/").content.decode()
    assert "Siti Aminah" in page and story.siti.nik in page
    assert "Ahmad Fauzi" in page  # her husband, same KK
    assert "Budi Santoso" not in page and story.budi.nik not in page
    assert "selfservice.sign_in" in _actions(senggigi)


def test_pin_is_stored_with_the_configured_password_hasher(senggigi, portal):
    story = portal(senggigi)
    connection.set_tenant(senggigi)
    account = ResidentAccount.objects.get(resident=story.siti)
    assert story.pin not in account.pin_hash and check_password(story.pin, account.pin_hash)
    assert identify_hasher(account.pin_hash).algorithm == get_hasher().algorithm


def test_wrong_pin_and_unknown_nik_get_one_message_and_are_audited(senggigi, portal):
    story = portal(senggigi)
    client = host_client(senggigi)
    wrong = client.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": "000000"})
    unknown = client.post("/layanan-mandiri/masuk/", {"nik": "5201149999990009", "pin": "000000"})
    assert wrong.status_code == unknown.status_code == 400
    assert "NIK atau PIN salah." in wrong.content.decode() and "NIK atau PIN salah." in unknown.content.decode()
    assert _actions(senggigi).count("selfservice.sign_in_failed") == 2
    # A resident of the registry without a PIN cannot sign in either.
    assert client.post("/layanan-mandiri/masuk/", {"nik": story.budi.nik, "pin": story.pin}).status_code == 400


def test_five_failures_lock_the_nik_even_for_the_right_pin(senggigi, portal):
    story = portal(senggigi)
    client = host_client(senggigi)
    for _attempt in range(5):
        client.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": "111111"})
    locked = client.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": story.pin})
    assert locked.status_code == 400 and "Terlalu banyak percobaan" in locked.content.decode()
    assert _actions(senggigi).count("selfservice.lockout") == 1
    # Another address is not locked for another NIK... but this NIK stays locked everywhere.
    elsewhere = host_client(senggigi, REMOTE_ADDR="10.9.9.9")
    assert elsewhere.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": story.pin}).status_code == 400


def test_an_address_trying_many_niks_is_locked(senggigi, portal):
    story = portal(senggigi)
    client = host_client(senggigi, REMOTE_ADDR="10.1.1.1")
    for serial in range(30):
        client.post("/layanan-mandiri/masuk/", {"nik": f"52011445039{serial:05d}", "pin": "123450"})
    refused = client.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": story.pin})
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert resident_client(senggigi, story.siti.nik, story.pin, REMOTE_ADDR="10.2.2.2")


def test_resident_of_one_village_cannot_sign_in_on_another(senggigi, sukamaju, portal):
    story = portal(senggigi)
    other = host_client(sukamaju)
    response = other.post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": story.pin})
    assert response.status_code == 400 and "NIK atau PIN salah." in response.content.decode()
    # A session opened on Senggigi, carried to Sukamaju's host by hand, is nobody there.
    signed_in = resident_client(senggigi, story.siti.nik, story.pin)
    carried = host_client(sukamaju)
    carried.cookies = signed_in.cookies
    assert carried.get("/layanan-mandiri/").status_code == 302


def test_staff_and_resident_sessions_grant_nothing_to_each_other(senggigi, portal):
    story = portal(senggigi)
    staff = host_client(senggigi)
    staff.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    assert staff.get("/surat/").status_code == 200
    assert staff.get("/layanan-mandiri/")["Location"].startswith("/layanan-mandiri/masuk/")
    resident = resident_client(senggigi, story.siti.nik, story.pin)
    assert resident.get("/surat/").status_code == 302  # to the staff sign-in
    assert resident.get("/surat/permohonan/").status_code == 302
    assert resident.get("/api/v1/letter-requests/").status_code in (401, 403)


def test_resident_changes_pin_and_an_operator_reset_signs_devices_out(senggigi, portal):
    story = portal(senggigi)
    client = resident_client(senggigi, story.siti.nik, story.pin)
    weak = client.post("/layanan-mandiri/pin/", {"current_pin": story.pin, "new_pin": "123456", "new_pin_again": "123456"})
    assert weak.status_code == 400 and "terlalu mudah" in weak.content.decode()
    birthday = client.post("/layanan-mandiri/pin/", {"current_pin": story.pin, "new_pin": "050390",
                                                     "new_pin_again": "050390"})
    assert birthday.status_code == 400
    changed = client.post("/layanan-mandiri/pin/", {"current_pin": story.pin, "new_pin": "482915",
                                                    "new_pin_again": "482915"})
    assert changed.status_code == 302
    assert client.get("/layanan-mandiri/").status_code == 200  # still signed in after one's own change
    assert host_client(senggigi).post("/layanan-mandiri/masuk/", {"nik": story.siti.nik, "pin": story.pin}).status_code == 400
    resident_client(senggigi, story.siti.nik, "482915")
    assert "selfservice.pin_change" in _actions(senggigi)

    operator = host_client(senggigi)
    operator.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    page = operator.post("/layanan-mandiri/pin-warga/", {"nik": story.siti.nik})
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert client.get("/layanan-mandiri/").status_code == 302  # the reset signed her out
    assert "selfservice.pin_reset" in _actions(senggigi)


def test_viewer_cannot_reset_pins_and_unknown_nik_is_explained(senggigi, portal):
    story = portal(senggigi)
    viewer = host_client(senggigi)
    viewer.post("/masuk/", {"username": "viewer@senggigi.test", "password": PASSWORD})
    assert viewer.post("/layanan-mandiri/pin-warga/", {"nik": story.siti.nik}).status_code == 403
    operator = host_client(senggigi)
    operator.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    missing = operator.post("/layanan-mandiri/pin-warga/", {"nik": "5201149999990009"})
    assert missing.status_code == 400 and "Tidak ada penduduk hidup dengan NIK ini" in missing.content.decode()
