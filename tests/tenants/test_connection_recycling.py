import pytest
from django.db import connection

from tenants.db.base import recycle_if_bloated


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_touched_too_many_schemas_is_closed(settings):
    settings.BALAI_CONNECTION_MAX_SCHEMAS = 2
    connection.close()
    connection.ensure_connection()
    connection.set_schema("desa_a")
    assert recycle_if_bloated(connection) is False  # public + desa_a
    connection.set_schema("desa_b")
    assert recycle_if_bloated(connection) is True
    assert connection.connection is None
    assert connection.schemas_touched == set()


def test_a_connection_is_never_closed_inside_a_transaction(db, settings):
    settings.BALAI_CONNECTION_MAX_SCHEMAS = 1
    connection.set_schema("desa_a")
    connection.set_schema("desa_b")
    assert recycle_if_bloated(connection) is False
    assert connection.connection is not None


@pytest.mark.django_db(transaction=True)
def test_the_end_of_a_request_recycles_a_bloated_connection(settings, client):
    settings.BALAI_CONNECTION_MAX_SCHEMAS = 1
    connection.ensure_connection()
    connection.set_schema("desa_a")
    connection.set_schema("desa_b")
    client.get("/healthz", HTTP_HOST="localhost")  # request_finished fires
    assert connection.connection is None
