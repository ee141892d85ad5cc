"""Asking to join a village already on Balai, and its operators' decision."""
import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.signup.access import access_request_approve
from shared_apps.signup.models import AccessRequest
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client
from tests.signup.conftest import NEW_PASSWORD, access_data, link_in, path_of

FORM = "/daftar/desa/52.04.02.2008/minta-akses/"


def _signed_in(village, email):
    client = host_client(village)
    assert client.post("/masuk/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def pending(sukamaju, mailoutbox, django_capture_on_commit_callbacks):
    """A verified request from Lalu Ahmad Fauzi to join Sukamaju."""
    client = host_client()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(FORM, access_data()).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(link_in(mailoutbox[0])))
    return AccessRequest.objects.get()


def test_request_is_verified_then_sent_to_the_operators(sukamaju, mailoutbox, django_capture_on_commit_callbacks):
    client = host_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM, access_data())
    assert response["Location"] == "/daftar/cek-email/"
    request = AccessRequest.objects.get()
    assert request.status == AccessRequest.Status.UNVERIFIED and request.password_hash
    operator = _signed_in(sukamaju, "operator@sukamaju.test")
    assert "Lalu Ahmad Fauzi" not in operator.get("/staf/permintaan-akses/").content.decode()

    (verify_mail,) = mailoutbox
    assert verify_mail.to == ["fauzi@sukamaju.test"]
    verify = path_of(link_in(verify_mail))
    assert "Kirim kepada operator" in client.get(verify).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(verify).content.decode()
    assert "sudah dikirim kepada operator desa" in page
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.PENDING
    to_operators = mailoutbox[1]
    assert to_operators.to == ["operator@sukamaju.test"]  # operators only, not the kepala desa or viewer
    assert "http://sukamaju.localhost/staf/permintaan-akses/" in to_operators.body
    page = operator.get("/staf/permintaan-akses/").content.decode()
    assert "Lalu Ahmad Fauzi" in page and "Saya sekretaris desa yang baru." in page


def test_operator_approves_with_a_role_and_the_person_signs_in(sukamaju, pending, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    operator = _signed_in(sukamaju, "operator@sukamaju.test")
    prefix = str(pending.public_id)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(f"/staf/permintaan-akses/{pending.public_id}/",
                                 {f"{prefix}-role": "sekretaris", f"{prefix}-decision": "approve"})
    assert response.status_code == 302
    assert "sekarang dapat masuk sebagai Sekretaris desa" in operator.get("/staf/permintaan-akses/").content.decode()
    user = User.objects.get(email="fauzi@sukamaju.test")
    assert VillageMembership.objects.get(user=user, village=sukamaju).role == "sekretaris"
    pending.refresh_from_db()
    assert pending.status == AccessRequest.Status.APPROVED and pending.password_hash == ""
    assert "disetujui" in mailoutbox[-1].subject and mailoutbox[-1].to == ["fauzi@sukamaju.test"]
    with schema_context(sukamaju.schema_name):
        entry = AuditEntry.objects.get(action="access_request_approve")
        assert entry.actor_username == "operator@sukamaju.test" and entry.changes["role"] == "sekretaris"
    newcomer = host_client(sukamaju)
    assert newcomer.post("/masuk/", {"username": "fauzi@sukamaju.test", "password": NEW_PASSWORD}).status_code == 302


def test_operator_declines(sukamaju, pending, mailoutbox, django_capture_on_commit_callbacks):
    operator = _signed_in(sukamaju, "operator@sukamaju.test")
    prefix = str(pending.public_id)
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(f"/staf/permintaan-akses/{pending.public_id}/", {f"{prefix}-role": "operator",
                                                                      f"{prefix}-decision": "decline"})
    pending.refresh_from_db()
    assert pending.status == AccessRequest.Status.DECLINED
    assert not User.objects.filter(email="fauzi@sukamaju.test").exists()
    assert "tidak disetujui" in mailoutbox[-1].subject
    assert 'data-testid="no-requests"' in operator.get("/staf/permintaan-akses/").content.decode()
    again = operator.post(f"/staf/permintaan-akses/{pending.public_id}/", {f"{prefix}-role": "operator",
                                                                          f"{prefix}-decision": "approve"})
    assert again.status_code == 404  # decided requests cannot be decided again


def test_operators_of_another_village_cannot_see_or_approve(sukamaju, senggigi, pending):
    other = _signed_in(senggigi, "operator@senggigi.test")
    assert "Lalu Ahmad Fauzi" not in other.get("/staf/permintaan-akses/").content.decode()
    prefix = str(pending.public_id)
    response = other.post(f"/staf/permintaan-akses/{pending.public_id}/",
                          {f"{prefix}-role": "operator", f"{prefix}-decision": "approve"})
    assert response.status_code == 404
    senggigi_operator = User.objects.get(email="operator@senggigi.test")
    with pytest.raises(PermissionDenied):
        access_request_approve(actor=senggigi_operator, access_request=pending, role="operator")
    pending.refresh_from_db()
    assert pending.status == AccessRequest.Status.PENDING
    assert not User.objects.filter(email="fauzi@sukamaju.test").exists()


def test_staff_who_cannot_manage_staff_cannot_decide(sukamaju, pending, outsider):
    for email in ("kades@sukamaju.test", "viewer@sukamaju.test"):
        client = _signed_in(sukamaju, email)
        assert client.get("/staf/permintaan-akses/").status_code == 403
        prefix = str(pending.public_id)
        response = client.post(f"/staf/permintaan-akses/{pending.public_id}/",
                               {f"{prefix}-role": "operator", f"{prefix}-decision": "approve"})
        assert response.status_code == 403
    assert host_client(sukamaju).get("/staf/permintaan-akses/").status_code == 302  # to sign-in
    with pytest.raises(PermissionDenied):
        access_request_approve(actor=outsider, access_request=pending, role="operator")


def test_unknown_role_is_refused_with_a_message(sukamaju, pending):
    operator = _signed_in(sukamaju, "operator@sukamaju.test")
    prefix = str(pending.public_id)
    page = operator.post(f"/staf/permintaan-akses/{pending.public_id}/",
                         {f"{prefix}-role": "raja", f"{prefix}-decision": "approve"}).content.decode()
    assert "Masukkan pilihan yang valid" in page
    pending.refresh_from_db()
    assert pending.status == AccessRequest.Status.PENDING


def test_existing_account_keeps_its_password_when_approved(sukamaju, senggigi, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    client = host_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, access_data(email="operator@senggigi.test"))
    assert "kata sandi akun lama" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(link_in(mailoutbox[0])))
    request = AccessRequest.objects.get()
    assert request.password_hash == ""
    access_request_approve(actor=User.objects.get(email="operator@sukamaju.test"), access_request=request,
                           role="viewer")
    user = User.objects.get(email="operator@senggigi.test")
    assert VillageMembership.objects.get(user=user, village=sukamaju).role == "viewer"
    assert user.check_password(PASSWORD)


def test_a_member_asking_again_is_told_to_sign_in(sukamaju, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client().post(FORM, access_data(email="kades@sukamaju.test"))
    assert response["Location"] == "/daftar/cek-email/"
    (message,) = mailoutbox
    assert "sudah punya akses" in message.subject and "http://sukamaju.localhost/masuk/" in message.body
    assert "/verifikasi/" not in message.body


def test_bad_inputs_get_messages_and_keep_values(sukamaju):
    page = host_client().post(FORM, access_data(name="", email="fauzi@", phone="abc", password="pendek",
                                                password_again="pendek")).content.decode()
    assert "Periksa isian yang ditandai." in page
    for field in ("name", "email", "phone", "password"):
        assert f'data-testid="error-{field}"' in page
    assert 'value="fauzi@"' in page and 'value="abc"' in page and "Saya sekretaris desa yang baru." in page
    assert not AccessRequest.objects.exists()


def test_honeypot_on_the_access_form(sukamaju, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client().post(FORM, access_data(website="x"))
    assert response["Location"] == "/daftar/cek-email/"
    assert not AccessRequest.objects.exists() and not mailoutbox


def test_a_village_not_on_balai_has_no_access_form(regions):
    response = host_client().get("/daftar/desa/52.01.14.2008/minta-akses/")
    assert response.status_code == 404 and 'href="/daftar/desa/52.01.14.2008/"' in response.content.decode()


def test_expired_and_forged_access_links(sukamaju, mailoutbox, django_capture_on_commit_callbacks, monkeypatch):
    from django.core import signing

    from shared_apps.signup.links import ACCESS, SIGNUP, verification_token

    with django_capture_on_commit_callbacks(execute=True):
        host_client().post(FORM, access_data())
    request = AccessRequest.objects.get()
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 49 * 3600)
    expired = verification_token(ACCESS, request.public_id)
    monkeypatch.undo()
    assert host_client().post(f"/daftar/akses/verifikasi/{expired}/").status_code == 410
    wrong_kind = verification_token(SIGNUP, request.public_id)
    assert host_client().post(f"/daftar/akses/verifikasi/{wrong_kind}/").status_code == 404
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.UNVERIFIED


def test_asking_twice_leaves_one_waiting_request_and_one_mail_to_operators(
        sukamaju, pending, mailoutbox, django_capture_on_commit_callbacks):
    client = host_client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM, access_data(phone="0813 9999 0000", message="Ini permintaan kedua."))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(path_of(link_in(mailoutbox[-1]))).content.decode()
    assert "sudah dikirim kepada operator desa" in page
    (waiting,) = AccessRequest.objects.all()
    assert waiting.pk == pending.pk and waiting.status == AccessRequest.Status.PENDING
    assert (waiting.phone, waiting.message) == ("+6281399990000", "Ini permintaan kedua.")
    assert [message.to for message in mailoutbox].count(["operator@sukamaju.test"]) == 1
