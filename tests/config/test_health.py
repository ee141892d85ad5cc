import pytest
from django.db import connection

from config.celery import app as celery_app
from tests.conftest import host_client


def test_healthz_on_a_village_host_and_the_control_plane(sukamaju):
    for client in (host_client(sukamaju), host_client()):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]


def test_healthz_is_503_when_the_broker_is_unreachable(sukamaju, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = host_client(sukamaju).get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "error": "OperationalError"}


def test_healthz_answers_on_any_host(db):
    response = host_client(host="apa-saja.example").get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_json_when_the_database_is_unreachable():
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        response = host_client(host="sukamaju.localhost").get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
