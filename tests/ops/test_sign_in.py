from django.core.management import call_command

from shared_apps.ops.models import PlatformAuditEntry
from tests.conftest import PASSWORD, host_client
from tests.ops.helpers import current_code, ops_user

WRONG = "Email, kata sandi atau kode autentikator salah."


def _sign_in(client, email, code, password=PASSWORD):
    return client.post("/ops/masuk/", {"email": email, "password": password, "code": code})


def test_password_and_code_get_in(db):
    admin = ops_user("ops-admin")
    client = host_client()
    response = _sign_in(client, "ops-admin@balai.test", current_code(admin))
    assert response.status_code == 302 and response["Location"] == "/ops/"
    assert client.get("/ops/").status_code == 200


def test_a_password_alone_does_not_get_in(db):
    ops_user("ops-admin")
    client = host_client()
    # The generic sign-in refuses platform staff, so no session is opened at all.
    assert "salah" in client.post("/masuk/", {"username": "ops-admin@balai.test", "password": PASSWORD}).content.decode()
    assert client.get("/ops/")["Location"].startswith("/ops/masuk/")
    response = _sign_in(client, "ops-admin@balai.test", "")
    assert response.status_code == 200 and client.get("/ops/").status_code == 302


def test_a_wrong_code_or_password_gets_the_same_message(db):
    admin = ops_user("ops-admin")
    wrong_code = f"{(int(current_code(admin)) + 1) % 1_000_000:06d}"
    assert WRONG in _sign_in(host_client(), "ops-admin@balai.test", wrong_code).content.decode()
    assert WRONG in _sign_in(host_client(), "ops-admin@balai.test", current_code(admin), "salah-sekali-99"
                             ).content.decode()
    assert "6 angka" in _sign_in(host_client(), "ops-admin@balai.test", "12ab").content.decode()


def test_a_code_cannot_be_used_twice(db):
    admin = ops_user("ops-admin")
    code = current_code(admin)
    assert _sign_in(host_client(), "ops-admin@balai.test", code).status_code == 302
    assert WRONG in _sign_in(host_client(), "ops-admin@balai.test", code).content.decode()


def test_a_session_without_the_second_factor_is_sent_to_sign_in(db):
    admin = ops_user("ops-admin")
    client = host_client()
    client.force_login(admin)  # password-level session, no TOTP device verified
    assert client.get("/ops/")["Location"] == "/ops/masuk/?next=/ops/"


def test_village_staff_cannot_sign_in_to_the_console(sukamaju):
    response = _sign_in(host_client(), "operator@sukamaju.test", "123456")
    assert WRONG in response.content.decode()


def test_the_console_is_not_served_on_village_hosts(sukamaju):
    assert host_client(sukamaju).get("/ops/masuk/").status_code == 404


def test_staff_create_command_prints_the_secret_once(db, capsys):
    call_command("ops", "staff", "create", "--email", "Baru@Balai.test", "--role", "ops-support")
    out = capsys.readouterr().out
    assert "created baru@balai.test (ops-support)" in out
    assert "password: " in out and "TOTP secret: " in out
    assert "TOTP URI: otpauth://totp/" in out
    entry = PlatformAuditEntry.objects.get()
    assert entry.action == "staff.create" and entry.details["role"] == "ops-support"


def test_staff_create_refuses_a_taken_email_and_unknown_roles(sukamaju):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="sudah terdaftar"):
        call_command("ops", "staff", "create", "--email", "operator@sukamaju.test", "--role", "ops-admin")
    with pytest.raises(CommandError):
        call_command("ops", "staff", "create", "--email", "x@balai.test", "--role", "root")


def test_signing_out_of_the_console_returns_to_its_sign_in(db):
    from tests.ops.helpers import ops_client

    client = ops_client(ops_user("ops-admin"))
    assert 'action="/ops/keluar/"' in client.get("/ops/").content.decode()
    assert client.post("/ops/keluar/")["Location"] == "/ops/masuk/"
    assert client.get("/ops/")["Location"].startswith("/ops/masuk/")
