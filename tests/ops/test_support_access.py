"""Support access ("impersonation"): time-boxed, reasoned, audited in both logs,
visible in the village, and good for one village only."""
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.ops.models import PlatformAuditEntry, SupportAccess
from shared_apps.ops.support import support_access_start, support_ticket
from tenant_apps.village.models import AuditEntry
from tenants.lifecycle import village_archive
from tests.conftest import PASSWORD, host_client
from tests.ops.helpers import ops_client, ops_user


@pytest.fixture
def support_staff(db):
    return ops_user("ops-support")


def _start(console, slug="sukamaju", **fields):
    data = {"role": "operator", "minutes": 15, "reason": "Tiket #42: impor gagal", **fields}
    return console.post(f"/ops/desa/{slug}/dukungan/", data)


def _enter(village, handover_page):
    page = handover_page.content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page).group(1)
    client = host_client(village)
    return client, client.post("/dukungan/masuk/", {"ticket": ticket}), ticket


def test_support_enters_the_village_as_the_chosen_role_with_a_banner(sukamaju, support_staff):
    handover = _start(ops_client(support_staff))
    assert handover.status_code == 200
    assert 'action="http://sukamaju.localhost/dukungan/masuk/"' in handover.content.decode()
    client, entered, _ticket = _enter(sukamaju, handover)
    assert entered.status_code == 302
    page = client.get("/").content.decode()
    assert 'data-testid="support-banner"' in page
    assert "ops-support@balai.test bertindak sebagai Operator" in page
    assert "Akhiri akses dukungan" in page
    assert 'data-testid="support-banner"' in client.get("/penduduk/").content.decode()  # every village page


def test_the_trail_is_in_both_logs_and_the_village_can_read_it(sukamaju, support_staff):
    _start(ops_client(support_staff), minutes=20)
    access = SupportAccess.objects.get()
    platform = PlatformAuditEntry.objects.get(action="support.start")
    assert (platform.actor, platform.village, platform.reason) == (support_staff, sukamaju, "Tiket #42: impor gagal")
    assert platform.details == {"access_id": access.pk, "role": "operator", "minutes": 20}
    with tenant_context(sukamaju):
        entry = AuditEntry.objects.get(action="support.start")
    assert (entry.actor_username, entry.reason, entry.changes["role"]) == (
        "ops-support@balai.test", "Tiket #42: impor gagal", "operator")
    kades = host_client(sukamaju)
    kades.post("/masuk/", {"username": "kades@sukamaju.test", "password": PASSWORD})
    page = kades.get("/jejak-audit/?dukungan=1").content.decode()
    assert "Akses dukungan Balai dimulai (sebagai operator)" in page and "Tiket #42: impor gagal" in page
    assert "ops-support@balai.test" in page


def test_ending_is_recorded_in_both_logs_and_closes_the_session(sukamaju, support_staff):
    client, _entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff)))
    response = client.post("/dukungan/selesai/")
    assert response.status_code == 302 and response["Location"] == "http://localhost/ops/desa/sukamaju/"
    assert SupportAccess.objects.get().ended_at is not None
    assert PlatformAuditEntry.objects.filter(action="support.end", village=sukamaju).count() == 1
    with tenant_context(sukamaju):
        assert AuditEntry.objects.filter(action="support.end", actor_username="ops-support@balai.test").count() == 1
    assert client.get("/")["Location"].startswith("/masuk/")


def test_an_expired_access_stops_working(sukamaju, support_staff):
    client, _entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff)))
    assert client.get("/").status_code == 200
    SupportAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/")["Location"].startswith("/masuk/")
    assert client.get("/penduduk/")["Location"].startswith("/masuk/")


def test_a_ticket_works_once_and_on_its_own_village_only(sukamaju, senggigi, support_staff):
    handover = _start(ops_client(support_staff))
    ticket = re.search(r'name="ticket" value="([^"]+)"', handover.content.decode()).group(1)
    elsewhere = host_client(senggigi).post("/dukungan/masuk/", {"ticket": ticket})
    assert elsewhere.status_code == 403 and "desa lain" in elsewhere.content.decode()
    assert host_client(sukamaju).post("/dukungan/masuk/", {"ticket": ticket}).status_code == 302
    again = host_client(sukamaju).post("/dukungan/masuk/", {"ticket": ticket})
    assert again.status_code == 403 and "sudah dipakai" in again.content.decode()
    assert host_client(sukamaju).post("/dukungan/masuk/", {"ticket": ticket[:-2] + "xx"}).status_code == 403


def test_the_village_session_cannot_be_carried_to_another_village(sukamaju, senggigi, support_staff):
    client, _entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff)))
    carried = host_client(senggigi)
    carried.cookies = client.cookies
    assert carried.get("/")["Location"].startswith("/masuk/")
    assert carried.get("/penduduk/")["Location"].startswith("/masuk/")


def test_an_access_to_one_village_is_no_access_to_another_even_with_a_forged_session(sukamaju, senggigi,
                                                                                       support_staff):
    """A session opened on Senggigi that names Sukamaju's access is thrown out."""
    from shared_apps.accounts.services import SESSION_TENANT_KEY
    from shared_apps.ops.middleware import SUPPORT_SESSION_KEY

    _enter(sukamaju, _start(ops_client(support_staff)))
    client = host_client(senggigi)
    client.force_login(support_staff)
    session = client.session
    session[SESSION_TENANT_KEY] = senggigi.schema_name
    session[SUPPORT_SESSION_KEY] = SupportAccess.objects.get().pk
    session.save()
    assert client.get("/")["Location"].startswith("/masuk/")


def test_platform_staff_never_get_in_as_village_staff_otherwise(sukamaju, support_staff):
    from shared_apps.accounts.models import VillageMembership

    VillageMembership.objects.create(user=support_staff, village=sukamaju, role="operator")  # by hand
    client = host_client(sukamaju)
    assert "salah" in client.post("/masuk/", {"username": "ops-support@balai.test", "password": PASSWORD}
                                  ).content.decode()
    client.force_login(support_staff)
    from shared_apps.accounts.services import SESSION_TENANT_KEY

    session = client.session
    session[SESSION_TENANT_KEY] = sukamaju.schema_name
    session.save()
    assert client.get("/")["Location"].startswith("/masuk/")


def test_the_role_chosen_is_the_role_granted(sukamaju, support_staff):
    client, _entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff), role="viewer"))
    assert client.get("/penduduk/").status_code == 200
    assert client.get("/penduduk/baru/").status_code == 403  # a viewer cannot add residents
    assert client.get("/jejak-audit/").status_code == 403


@pytest.mark.parametrize(("fields", "message"), [
    ({"reason": ""}, "Alasan wajib diisi."),
    ({"minutes": 61}, "60"),
    ({"minutes": 0}, "1"),
    ({"role": "kepala_dunia"}, "bukan salah satu dari pilihan"),
])
def test_bad_requests_are_refused_with_a_message(sukamaju, support_staff, fields, message):
    page = _start(ops_client(support_staff), **fields)
    assert page.status_code == 400 and message in page.content.decode()
    assert not SupportAccess.objects.exists() and not PlatformAuditEntry.objects.filter(action="support.start").exists()


def test_no_support_access_to_an_archived_village(sukamaju, support_staff):
    village_archive(sukamaju, actor=ops_user("ops-admin"), reason="Bergabung")
    with pytest.raises(ValidationError, match="tidak sedang dilayani"):
        support_access_start(staff=support_staff, village=sukamaju, role="operator", reason="x", minutes=5)


def test_a_ticket_is_refused_after_the_access_ended_or_expired(sukamaju, support_staff):
    access = support_access_start(staff=support_staff, village=sukamaju, role="operator", reason="x", minutes=5)
    SupportAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())
    response = host_client(sukamaju).post("/dukungan/masuk/", {"ticket": support_ticket(access)})
    assert response.status_code == 403


def test_signing_out_during_support_ends_the_access(sukamaju, support_staff):
    client, _entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff)))
    page = client.get("/").content.decode()
    assert page.count('action="/dukungan/selesai/"') == 2  # the banner's button and the header's "Keluar"
    assert 'action="/keluar/"' not in page
    client.post("/dukungan/selesai/")
    assert SupportAccess.objects.get().ended_at is not None


def test_a_village_sees_only_its_own_trail(sukamaju, senggigi, support_staff):
    _start(ops_client(support_staff))
    theirs = host_client(senggigi)
    theirs.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    page = theirs.get("/jejak-audit/?dukungan=1").content.decode()
    assert "Tiket #42" not in page and "Belum ada jejak." in page
    carried = host_client(senggigi)
    ours = host_client(sukamaju)
    ours.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    carried.cookies = ours.cookies
    assert carried.get("/jejak-audit/")["Location"].startswith("/masuk/")


def test_support_enters_and_leaves_a_suspended_village_which_stays_read_only(sukamaju, support_staff):
    from tenants.lifecycle import village_suspend

    village_suspend(sukamaju, actor=None, reason="Belum membayar")
    client, entered, _ticket = _enter(sukamaju, _start(ops_client(support_staff)))
    assert entered.status_code == 302
    assert client.post("/penduduk/baru/", {}).status_code == 423  # writes stay refused
    assert client.post("/dukungan/selesai/").status_code == 302
    assert PlatformAuditEntry.objects.filter(action="support.end", village=sukamaju).count() == 1


def test_a_reason_with_a_nik_is_refused_before_it_reaches_the_log(sukamaju, support_staff):
    response = _start(ops_client(support_staff), reason="warga 5201144503900001 minta koreksi")
    assert response.status_code == 400 and "16 angka" in response.content.decode()
    assert not PlatformAuditEntry.objects.filter(action="support.start").exists()
