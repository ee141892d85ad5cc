import pytest

from tenants.models import Village
from tests.conftest import PASSWORD, host_client


@pytest.fixture
def ops_client(platform_staff):
    client = host_client()
    token = client.post("/api/v1/auth/token/", {"username": "ops@balai.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


GOOD = {"code": "52.01.14.2006", "slug": "senggigi", "admin_email": "op@senggigi.test", "admin_password": PASSWORD}


def test_platform_staff_provision_a_village(regions, ops_client):
    response = ops_client.post("/api/v1/villages/", GOOD, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"code": "52.01.14.2006", "slug": "senggigi", "name": "Senggigi",
                                "status": "active", "url": "http://senggigi.localhost/"}
    assert [v["slug"] for v in ops_client.get("/api/v1/villages/").json()] == ["senggigi"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "99.99.99.9999"}, "code"),
        ({"code": "52.01.14"}, "code"),
        ({"slug": "api"}, "slug"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"admin_password": "password"}, "admin_password"),
        ({"admin_email": "x"}, "admin_email"),
    ],
)
def test_bad_input_is_400_with_field_errors(regions, ops_client, changes, field):
    response = ops_client.post("/api/v1/villages/", {**GOOD, **changes}, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Village.objects.villages().exists()


def test_taken_code_and_slug_are_400(sukamaju, ops_client):
    response = ops_client.post("/api/v1/villages/", {**GOOD, "code": "52.04.02.2008", "slug": "sukamaju"},
                               content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "slug"}


def test_missing_fields_are_400(regions, ops_client):
    response = ops_client.post("/api/v1/villages/", {}, content_type="application/json")
    assert response.status_code == 400
    assert {"code", "slug", "admin_email"} <= set(response.json())


def test_village_staff_and_outsiders_cannot_provision(sukamaju, outsider):
    village_token = host_client(sukamaju).post(
        "/api/v1/auth/token/", {"username": "operator@sukamaju.test", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    client = host_client()
    assert client.post("/api/v1/villages/", GOOD, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Token {village_token}").status_code == 401
    assert client.post("/api/v1/villages/", GOOD, content_type="application/json").status_code == 401
