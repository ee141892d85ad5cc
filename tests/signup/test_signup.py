"""Signing a village up: form, email verification, provisioning, first sign-in."""
import pytest
from django.contrib.auth.hashers import check_password
from django.core import signing

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.billing.models import Subscription
from shared_apps.signup import abuse
from shared_apps.signup.links import ACCESS, SIGNUP, verification_token
from shared_apps.signup.models import Signup
from tenants.models import Village
from tests.conftest import PASSWORD, host_client
from tests.signup.conftest import FREE_CODE, NEW_PASSWORD, link_in, path_of, signup_data

FORM = f"/daftar/desa/{FREE_CODE}/"


def _start(client, mailoutbox, capture, **overrides):
    with capture(execute=True):
        response = client.post(FORM, signup_data(**overrides))
    return response


def test_form_suggests_a_subdomain_and_offers_the_plans(public):
    page = public.get(FORM).content.decode()
    assert 'value="pusuk-lestari"' in page
    assert "Uji coba gratis" in page and "Paket Tahunan" in page and "Rp 2.400.000 per tahun" in page
    assert "Batu Layar" in page and "Kabupaten Lombok Barat" in page and "Nusa Tenggara Barat" in page


def test_signup_mails_a_link_and_provisions_nothing_before_verification(
        public, mailoutbox, django_capture_on_commit_callbacks):
    response = _start(public, mailoutbox, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/daftar/cek-email/"
    page = public.get("/daftar/cek-email/").content.decode()
    assert "Periksa email Anda" in page and "nurul@pusuk.test" in page
    assert "Hanya di mesin pengembang" not in page  # not the console backend
    signup = Signup.objects.get()
    assert signup.status == Signup.Status.UNVERIFIED and signup.phone == "+6281234567890"
    assert NEW_PASSWORD not in signup.password_hash and check_password(NEW_PASSWORD, signup.password_hash)
    assert not Village.objects.filter(code=FREE_CODE).exists()
    assert not User.objects.filter(email="nurul@pusuk.test").exists()
    (message,) = mailoutbox
    assert message.to == ["nurul@pusuk.test"] and "Pusuk Lestari" in message.subject
    assert "/daftar/verifikasi/" in link_in(message)


def test_verified_signup_provisions_the_village_and_the_operator_signs_in(
        public, mailoutbox, django_capture_on_commit_callbacks):
    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    verify = path_of(link_in(mailoutbox[0]))
    page = public.get(verify).content.decode()
    assert "Konfirmasi pendaftaran" in page and "pusuk-lestari.localhost" in page
    assert not Village.objects.filter(code=FREE_CODE).exists()  # opening the link alone changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(verify)
    signup = Signup.objects.get()
    assert response["Location"] == f"/daftar/proses/{signup.public_id}/"
    assert signup.status == Signup.Status.DONE and signup.password_hash == ""
    village = Village.objects.get(code=FREE_CODE)
    assert (village.slug, village.name, village.status) == ("pusuk-lestari", "Pusuk Lestari", Village.Status.ACTIVE)
    assert Subscription.objects.get(village=village).status == Subscription.Status.TRIALING
    user = User.objects.get(email="nurul@pusuk.test")
    assert user.first_name == "Baiq Nurul Aini"
    assert VillageMembership.objects.get(user=user, village=village).role == "operator"

    progress = public.get(f"/daftar/proses/{signup.public_id}/")
    assert progress.status_code == 302 and progress["Location"] == "http://pusuk-lestari.localhost/masuk/"
    assert public.get(f"/daftar/proses/{signup.public_id}/status.json").json()["state"] == "done"

    village_client = host_client(village)
    signed_in = village_client.post("/masuk/", {"username": "nurul@pusuk.test", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert "Desa Pusuk Lestari" in village_client.get("/").content.decode()


def test_confirming_twice_provisions_once(public, mailoutbox, django_capture_on_commit_callbacks):
    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    verify = path_of(link_in(mailoutbox[0]))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        public.post(verify)
    with django_capture_on_commit_callbacks(execute=True) as again:
        second = public.post(verify)
    assert len(callbacks) >= 1 and len(again) == 0
    assert second.status_code == 302 and "/daftar/proses/" in second["Location"]
    assert Village.objects.filter(code=FREE_CODE).count() == 1


def test_every_bad_input_gets_a_message_and_the_form_keeps_its_values(public):
    response = public.post(FORM, signup_data(
        slug="admin", operator_name="N", email="bukan-email", phone="12345", password="12345678901",
        password_again="12345678901", plan_code="emas"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Periksa isian yang ditandai." in page
    assert "dicadangkan oleh Balai" in page
    assert "Nama harus 2–150 karakter." in page
    assert "Nomor telepon tidak valid" in page
    assert "Pilih salah satu paket yang ditawarkan." in page or "Pilih pilihan yang valid" in page
    assert 'data-testid="error-password"' in page and 'data-testid="error-email"' in page
    assert 'value="admin"' in page and 'value="bukan-email"' in page and 'value="12345"' in page
    assert "12345678901" not in page  # a rejected password is not sent back
    assert not Signup.objects.exists()


def test_passwords_must_match_and_are_kept_when_only_something_else_is_wrong(public):
    page = public.post(FORM, signup_data(password_again="Lain-Sekali-2026")).content.decode()
    assert "Kedua kata sandi tidak sama." in page
    page = public.post(FORM, signup_data(phone="")).content.decode()
    assert 'data-testid="error-phone"' in page
    assert f'value="{NEW_PASSWORD}"' in page
    assert not Signup.objects.exists()


def test_password_resembling_the_email_is_refused(public):
    page = public.post(FORM, signup_data(email="pusuklestari2026@pusuk.test", password="pusuklestari2026",
                                         password_again="pusuklestari2026")).content.decode()
    assert "terlalu mirip" in page or "too similar" in page


def test_unknown_village_code(public):
    response = public.get("/daftar/desa/99.99.99.9999/")
    assert response.status_code == 404 and "Desa tidak ditemukan" in response.content.decode()
    assert public.get("/daftar/desa/52.01.14/").status_code == 404  # a kecamatan


def test_village_already_on_balai_offers_request_access(sukamaju, mailoutbox):
    page = host_client().get("/daftar/desa/52.04.02.2008/").content.decode()
    assert "sudah memakai Balai" in page and 'href="/daftar/desa/52.04.02.2008/minta-akses/"' in page
    assert 'id="signup-form"' not in page
    response = host_client().post("/daftar/desa/52.04.02.2008/", signup_data(slug="sukamaju-dua"))
    assert "sudah memakai Balai" in response.content.decode()
    assert not Signup.objects.exists() and not mailoutbox


def test_honeypot_gets_the_usual_answer_and_nothing_happens(public, mailoutbox, django_capture_on_commit_callbacks):
    response = _start(public, mailoutbox, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/daftar/cek-email/"
    assert "nurul@pusuk.test" in public.get("/daftar/cek-email/").content.decode()
    assert not Signup.objects.exists() and not mailoutbox


def test_registered_email_gets_the_same_answer_and_a_mail_saying_what_to_do(
        sukamaju, mailoutbox, django_capture_on_commit_callbacks):
    client = host_client()
    response = _start(client, mailoutbox, django_capture_on_commit_callbacks, email="operator@sukamaju.test")
    fresh = _start(host_client(), mailoutbox, django_capture_on_commit_callbacks, email="baru@pusuk.test",
                   slug="pusuk-dua")
    assert response.status_code == fresh.status_code == 302 and response["Location"] == fresh["Location"]
    existing, new = mailoutbox
    assert "sudah punya akun" in existing.subject and "kata sandi akun lama" in existing.body
    assert "sudah punya akun" not in new.subject
    signup = Signup.objects.get(email="operator@sukamaju.test")
    assert signup.password_hash == ""

    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(link_in(existing)))
    village = Village.objects.get(code=FREE_CODE)
    operator = User.objects.get(email="operator@sukamaju.test")
    assert VillageMembership.objects.get(user=operator, village=village).role == "operator"
    assert operator.check_password(PASSWORD) and not operator.check_password(NEW_PASSWORD)


def test_submissions_are_rate_limited_per_address(public, monkeypatch, mailoutbox):
    monkeypatch.setattr(abuse, "SUBMITS_PER_ADDRESS", 2)
    public.post(FORM, signup_data(email="a@pusuk.test"))
    public.post(FORM, signup_data(email="b@pusuk.test"))
    page = public.post(FORM, signup_data(email="c@pusuk.test")).content.decode()
    assert "Terlalu banyak pendaftaran dari jaringan Anda" in page and 'value="c@pusuk.test"' in page
    assert not Signup.objects.filter(email="c@pusuk.test").exists()
    assert host_client(REMOTE_ADDR="10.1.2.3").post(FORM, signup_data(email="c@pusuk.test")).status_code == 302


def test_verification_mails_are_rate_limited_per_email(public, monkeypatch):
    monkeypatch.setattr(abuse, "STARTS_PER_EMAIL", 2)
    for address in ("10.0.0.1", "10.0.0.2"):
        assert host_client(REMOTE_ADDR=address).post(FORM, signup_data()).status_code == 302
    page = host_client(REMOTE_ADDR="10.0.0.3").post(FORM, signup_data()).content.decode()
    assert "Sudah terlalu banyak email verifikasi dikirim ke alamat ini" in page
    assert Signup.objects.count() == 2


def test_expired_link_says_so_and_changes_nothing(public, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    signup = Signup.objects.get()
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 49 * 3600)
    old = verification_token(SIGNUP, signup.public_id)
    monkeypatch.undo()
    for method in (public.get, public.post):
        response = method(f"/daftar/verifikasi/{old}/")
        assert response.status_code == 410 and "sudah kedaluwarsa" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.UNVERIFIED and not Village.objects.filter(code=FREE_CODE).exists()


def test_forged_links_are_refused(public, mailoutbox, django_capture_on_commit_callbacks):
    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    signup = Signup.objects.get()
    token = verification_token(SIGNUP, signup.public_id)
    forged = [token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
              verification_token(ACCESS, signup.public_id),  # a link of another kind
              signing.dumps(str(signup.public_id), salt="something-else"), "sembarang"]
    for bad in forged:
        response = public.post(f"/daftar/verifikasi/{bad}/")
        assert response.status_code == 404 and "Tautan tidak berlaku" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Signup.Status.UNVERIFIED


def test_subdomain_taken_before_verification_asks_for_another(
        public, mailoutbox, django_capture_on_commit_callbacks):
    from tenants.services import village_provision

    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    village_provision(code="52.01.14.2001", slug="pusuk-lestari", admin_email="x@batulayar.test",
                      admin_password=PASSWORD)
    verify = path_of(link_in(mailoutbox[0]))
    page = public.post(verify).content.decode()
    assert "sudah dipakai desa lain" in page and 'name="slug"' in page
    page = public.post(verify, {"slug": "Admin"}).content.decode()
    assert "dicadangkan" in page and 'value="Admin"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post(verify, {"slug": "pusuk"})
    assert response.status_code == 302
    assert Village.objects.get(code=FREE_CODE).slug == "pusuk"


def test_village_taken_before_verification_offers_request_access(
        public, mailoutbox, django_capture_on_commit_callbacks):
    from tenants.services import village_provision

    _start(public, mailoutbox, django_capture_on_commit_callbacks)
    village_provision(code=FREE_CODE, slug="pusuk", admin_email="x@pusuk.test", admin_password=PASSWORD)
    page = public.post(path_of(link_in(mailoutbox[0]))).content.decode()
    assert "Desa ini sudah memakai Balai" in page and f"/daftar/desa/{FREE_CODE}/minta-akses/" in page
    assert Signup.objects.get().status == Signup.Status.UNVERIFIED


def test_dev_only_link_is_shown_with_the_console_backend(public, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    with django_capture_on_commit_callbacks(execute=False):
        public.post(FORM, signup_data())
    page = public.get("/daftar/cek-email/").content.decode()
    assert "Hanya di mesin pengembang" in page
    token = verification_token(SIGNUP, Signup.objects.get().public_id)
    assert f"/daftar/verifikasi/{token.split(':')[0]}" in page


@pytest.mark.parametrize("raw, normalized", [
    ("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"), ("(0370) 693 123", "+62370693123"),
])
def test_phone_numbers_are_normalized(raw, normalized):
    from shared_apps.signup.validation import phone_normalize

    assert phone_normalize(raw) == normalized
