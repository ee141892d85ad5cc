import pytest

from tests.conftest import PASSWORD, host_client


def _token(client, username, password=PASSWORD):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password},
                       content_type="application/json")


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_token_then_me(sukamaju):
    client = host_client(sukamaju)
    response = _token(client, "operator@sukamaju.test")
    assert response.status_code == 200
    me = client.get("/api/v1/me/", **_bearer(response.json()["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "username": "operator@sukamaju.test", "role": "operator",
        "village": {"code": "52.04.02.2008", "name": "Sukamaju"},
    }


def test_me_without_token_is_401(sukamaju):
    assert host_client(sukamaju).get("/api/v1/me/").status_code == 401


def test_garbage_token_is_401(sukamaju):
    assert host_client(sukamaju).get("/api/v1/me/", **_bearer("not-a-token")).status_code == 401


def test_token_of_one_village_is_rejected_on_another(sukamaju, senggigi):
    token = _token(host_client(sukamaju), "operator@sukamaju.test").json()["token"]
    response = host_client(senggigi).get("/api/v1/me/", **_bearer(token))
    assert response.status_code == 401
    assert host_client().get("/api/v1/me/", **_bearer(token)).status_code == 401


def test_token_stops_working_when_membership_ends(sukamaju):
    client = host_client(sukamaju)
    token = _token(client, "kades@sukamaju.test").json()["token"]
    sukamaju.memberships.filter(user__email="kades@sukamaju.test").update(is_active=False)
    assert client.get("/api/v1/me/", **_bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("username", "password"),
    [("operator@sukamaju.test", "salah-sekali-123"), ("nobody@sukamaju.test", PASSWORD), ("operator@senggigi.test", PASSWORD)],
)
def test_bad_credentials_are_400_with_one_message(sukamaju, senggigi, username, password):
    response = _token(host_client(sukamaju), username, password)
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Email/nama pengguna atau kata sandi salah."]}


def test_missing_fields_are_400_per_field(sukamaju):
    response = host_client(sukamaju).post("/api/v1/auth/token/", {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_openapi_schema_and_docs(sukamaju):
    client = host_client(sukamaju)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["openapi"].startswith("3.")
    assert {"/api/v1/auth/token/", "/api/v1/me/"} <= set(body["paths"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def test_control_plane_schema_lists_the_village_api(db):
    schema = host_client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/villages/" in schema["paths"]


def test_token_endpoint_locks_a_username_after_repeated_failures(sukamaju):
    client = host_client(sukamaju)
    for _ in range(10):
        assert _token(client, "operator@sukamaju.test", "salah-sekali-123").status_code == 400
    assert _token(client, "operator@sukamaju.test").status_code == 429


def test_token_is_bound_to_its_village_even_for_staff_of_both(sukamaju, senggigi):
    """A consultant working for two villages: the Sukamaju token is still useless on Senggigi."""
    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import staff_grant

    staff_grant(village=senggigi, user=User.objects.get(email="operator@sukamaju.test"), role="operator")
    token = _token(host_client(sukamaju), "operator@sukamaju.test").json()["token"]
    assert host_client(sukamaju).get("/api/v1/me/", **_bearer(token)).status_code == 200
    assert host_client(senggigi).get("/api/v1/me/", **_bearer(token)).status_code == 401
