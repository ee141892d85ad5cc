import psycopg
from django.conf import settings
from django.db import connection

from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from tests.conftest import PASSWORD, host_client


def _other_connection():
    database = settings.DATABASES["default"]
    return psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"])


def test_a_village_mid_upgrade_answers_503_with_retry_after(committed_villages):
    sukamaju = committed_villages["sukamaju"]
    client = host_client(sukamaju)
    client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 200")
    try:
        _check_maintenance(client, sukamaju, committed_villages["senggigi"])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert client.get("/").status_code == 200


def _check_maintenance(client, sukamaju, senggigi):
    with _other_connection() as upgrade:  # holds the village as a fleet run would
        upgrade.execute("SELECT pg_advisory_lock(%s, %s)", [FLEET_LOCK_CLASS, sukamaju.pk])
        upgrade.execute(f'LOCK TABLE "{sukamaju.schema_name}".village_villageprofile IN ACCESS EXCLUSIVE MODE')
        response = client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "sedang diperbarui" in response.content.decode()
        # Another village keeps serving.
        other = host_client(senggigi)
        other.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
        assert other.get("/").status_code == 200


def test_ordinary_lock_contention_says_busy_not_upgrading(committed_villages):
    sukamaju = committed_villages["sukamaju"]
    client = host_client(sukamaju)
    client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 200")
    try:
        with _other_connection() as other:
            other.execute(f'LOCK TABLE "{sukamaju.schema_name}".village_villageprofile IN ACCESS EXCLUSIVE MODE')
            response = client.get("/")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert response.status_code == 503
    assert "sedang sibuk" in response.content.decode()
