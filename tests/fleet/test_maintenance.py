from contextlib import contextmanager

import psycopg
from django.conf import settings
from django.db import connection

from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from tests.conftest import PASSWORD, host_client


def _signed_in(village):
    client = host_client(village)
    client.post("/masuk/", {"username": f"operator@{village.slug}.test", "password": PASSWORD})
    return client


@contextmanager
def _profile_locked(village, *, by_fleet: bool):
    """Another session holds the village's profile table, as an ALTER TABLE
    would (and its fleet lock, when ``by_fleet``); requests here wait 200 ms at most."""
    database = settings.DATABASES["default"]
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 200")
    try:
        with psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"],
                             dbname=database["NAME"]) as other:
            if by_fleet:
                other.execute("SELECT pg_advisory_lock(%s, %s)", [FLEET_LOCK_CLASS, village.pk])
            other.execute(f'LOCK TABLE "{village.schema_name}".village_villageprofile IN ACCESS EXCLUSIVE MODE')
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def test_a_village_mid_upgrade_answers_503_with_retry_after(committed_villages):
    sukamaju, senggigi = committed_villages["sukamaju"], committed_villages["senggigi"]
    client, other = _signed_in(sukamaju), _signed_in(senggigi)
    with _profile_locked(sukamaju, by_fleet=True):
        response = client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "5"
        assert "sedang diperbarui" in response.content.decode()
        assert other.get("/").status_code == 200  # another village keeps serving
    assert client.get("/").status_code == 200


def test_ordinary_lock_contention_says_busy_not_upgrading(committed_villages):
    client = _signed_in(committed_villages["sukamaju"])
    with _profile_locked(committed_villages["sukamaju"], by_fleet=False):
        response = client.get("/")
    assert response.status_code == 503
    assert "sedang sibuk" in response.content.decode()
