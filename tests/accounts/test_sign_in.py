import pytest

from shared_apps.accounts.services import SESSION_TENANT_KEY
from tests.conftest import PASSWORD, host_client

WRONG = "Email/nama pengguna atau kata sandi salah."


def _sign_in(client, username, password=PASSWORD):
    return client.post("/masuk/", {"username": username, "password": password})


def test_operator_signs_in_and_sees_the_dashboard(sukamaju):
    client = host_client(sukamaju)
    response = _sign_in(client, "operator@sukamaju.test")
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Desa Sukamaju" in page
    assert "52.04.02.2008" in page
    assert 'data-testid="staff-count">3<' in page  # operator, kepala desa, viewer
    assert "Lunyuk" in page


def test_sign_in_page_is_in_indonesian(sukamaju):
    page = host_client(sukamaju).get("/masuk/").content.decode()
    assert "Kata sandi" in page and "Masuk" in page


def test_operator_cannot_sign_in_to_another_village(sukamaju, senggigi):
    response = _sign_in(host_client(senggigi), "operator@sukamaju.test")
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_outsider_cannot_sign_in_anywhere(sukamaju, outsider):
    for client in (host_client(sukamaju), host_client()):
        response = _sign_in(client, "outsider@elsewhere.test")
        assert WRONG in response.content.decode()


def test_wrong_password_gives_the_same_message(sukamaju):
    response = _sign_in(host_client(sukamaju), "operator@sukamaju.test", "salah-sekali-123")
    assert WRONG in response.content.decode()


def test_a_session_of_one_village_is_useless_on_another(sukamaju, senggigi):
    client = host_client(sukamaju)
    _sign_in(client, "operator@sukamaju.test")
    assert client.session[SESSION_TENANT_KEY] == sukamaju.schema_name
    stolen = host_client(senggigi)
    stolen.cookies = client.cookies
    response = stolen.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_dashboard_requires_sign_in(sukamaju):
    response = host_client(sukamaju).get("/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_every_role_may_view_the_dashboard(sukamaju):
    for who in ("operator", "kades", "viewer"):
        client = host_client(sukamaju)
        _sign_in(client, f"{who}@sukamaju.test")
        assert client.get("/").status_code == 200


def test_sign_out(sukamaju):
    client = host_client(sukamaju)
    _sign_in(client, "operator@sukamaju.test")
    assert client.post("/keluar/").status_code == 302
    assert client.get("/").status_code == 302


def test_sign_in_does_not_redirect_off_site(sukamaju):
    client = host_client(sukamaju)
    response = client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD,
                                       "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_platform_staff_sign_in_on_the_control_plane_only(sukamaju, platform_staff):
    assert _sign_in(host_client(), "ops@balai.test").status_code == 302
    assert WRONG in _sign_in(host_client(sukamaju), "ops@balai.test").content.decode()


def test_repeated_failures_lock_the_username_even_with_the_right_password(sukamaju):
    client = host_client(sukamaju)
    for _ in range(10):
        _sign_in(client, "operator@sukamaju.test", "salah-sekali-123")
    response = _sign_in(client, "operator@sukamaju.test")
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert _sign_in(host_client(sukamaju), "kades@sukamaju.test").status_code == 302  # others unaffected


def test_a_forged_forwarded_for_does_not_reset_the_address_counter(sukamaju, settings):
    for attempt in range(50):
        _sign_in(host_client(sukamaju, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}"), f"u{attempt}@x.test", "salah")
    response = _sign_in(host_client(sukamaju, HTTP_X_FORWARDED_FOR="10.9.9.9"), "operator@sukamaju.test")
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_a_method_the_page_does_not_declare_is_refused(sukamaju):
    client = host_client(sukamaju)
    _sign_in(client, "operator@sukamaju.test")
    assert client.delete("/").status_code == 403


def test_an_email_is_one_account_whatever_its_case(sukamaju):
    from django.db import IntegrityError

    from shared_apps.accounts.models import User

    with pytest.raises(IntegrityError):
        User.objects.create(username="x", email="OPERATOR@sukamaju.test")
