"""A suspended village keeps its data, lets staff read, and refuses every write
(API 423 JSON, pages 423 with a notice); other villages are untouched."""
import pytest
from django.db import connection

from shared_apps.billing.models import Invoice
from shared_apps.billing.services import subscription_start
from tenant_apps.population.models import Resident
from tenant_apps.population.services import resident_register
from tenants.models import Village
from tenants.routing import routing_forget
from tests.conftest import PASSWORD, host_client
from tests.population.factories import resident_data


def _signed_in(village, who="operator"):
    client = host_client(village)
    assert client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD}).status_code == 302
    return client


def _token_client(village):
    client = host_client(village)
    token = client.post("/api/v1/auth/token/", {"username": f"operator@{village.slug}.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def _residents(village) -> int:
    connection.set_tenant(village)
    try:
        return Resident.objects.count()
    finally:
        connection.set_schema_to_public()


@pytest.fixture
def suspended(senggigi):
    connection.set_tenant(senggigi)
    operator = senggigi.memberships.get(role="operator").user
    resident_register(actor=operator, data=resident_data())
    connection.set_schema_to_public()
    Village.objects.filter(pk=senggigi.pk).update(status=Village.Status.SUSPENDED)
    routing_forget()
    return senggigi


def test_suspended_village_api_refuses_writes_with_423_and_keeps_data(suspended):
    client = _token_client(suspended)  # signing in still works
    assert client.get("/api/v1/residents/").json()["count"] == 1
    payload = {**resident_data(nik="5201141207850003", name="Budi"), "birth_date": "1985-07-12"}
    refused = client.post("/api/v1/residents/", payload, content_type="application/json")
    assert refused.status_code == 423
    assert refused.json()["code"] == "village_suspended" and "ditangguhkan" in refused.json()["detail"]
    resident_id = client.get("/api/v1/residents/").json()["results"][0]["id"]
    assert client.patch(f"/api/v1/residents/{resident_id}/", {"name": "X"},
                        content_type="application/json").status_code == 423
    assert client.delete(f"/api/v1/residents/{resident_id}/").status_code == 423
    assert _residents(suspended) == 1


def test_suspended_village_pages_show_a_notice_and_refuse_post(suspended):
    client = _signed_in(suspended)
    dashboard = client.get("/").content.decode()
    assert 'data-testid="village-notice"' in dashboard and "tidak dapat diubah" in dashboard
    assert client.get("/penduduk/").status_code == 200
    refused = client.post("/penduduk/baru/", {"nik": "", "name": "Wayan", "sex": "1", "religion": "4",
                                              "marital_status": "1", "birth_date": "2001-02-03"})
    assert refused.status_code == 423 and 'data-testid="read-only"' in refused.content.decode()
    assert _residents(suspended) == 1


def test_public_sign_in_page_of_a_suspended_village_shows_the_notice(suspended):
    assert 'data-testid="village-notice"' in host_client(suspended).get("/masuk/").content.decode()


def test_another_village_is_not_affected(suspended, sukamaju):
    client = _token_client(sukamaju)
    payload = {**resident_data(nik="5204021207850003", name="Budi"), "birth_date": "1985-07-12"}
    assert client.post("/api/v1/residents/", payload, content_type="application/json").status_code == 201
    assert 'data-testid="village-notice"' not in _signed_in(sukamaju).get("/").content.decode()


def test_resumed_village_accepts_writes_again(suspended):
    Village.objects.filter(pk=suspended.pk).update(status=Village.Status.ACTIVE)
    routing_forget()
    payload = {**resident_data(nik="5201141207850003", name="Budi"), "birth_date": "1985-07-12"}
    assert _token_client(suspended).post("/api/v1/residents/", payload, content_type="application/json").status_code == 201


def test_a_suspended_village_can_still_pay(suspended, local_stripe):
    subscription_start(village=suspended, plan_code="tahunan", billing_email="bendahara@senggigi.test")
    response = _signed_in(suspended).post("/langganan/transfer/")
    assert response.status_code == 302
    assert Invoice.objects.filter(subscription__village=suspended, status=Invoice.Status.OPEN).count() == 1
