import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.village.models import VillageProfile
from tenants.models import Village
from tenants.routing import village_for_host
from tests.conftest import PASSWORD, host_client


def _signed_in(village, email_prefix="operator"):
    client = host_client(village)
    response = client.post("/masuk/", {"username": f"{email_prefix}@{village.slug}.test", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_each_host_sees_its_own_village(sukamaju, senggigi):
    assert "52.04.02.2008" in _signed_in(sukamaju).get("/").content.decode()
    page = _signed_in(senggigi).get("/").content.decode()
    assert "52.01.14.2006" in page and "52.04.02.2008" not in page


def test_unknown_host_is_404_and_cached(db):
    client = host_client(host="entah.localhost")
    assert client.get("/masuk/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/masuk/").status_code == 404
    assert not any("tenants_domain" in q["sql"] for q in queries.captured_queries)


def test_host_lookup_is_cached(sukamaju):
    village_for_host("sukamaju.localhost")
    with CaptureQueriesContext(connection) as queries:
        assert village_for_host("sukamaju.localhost").pk == sukamaju.pk
    assert queries.captured_queries == []


@pytest.mark.parametrize(("status", "code"), [(Village.Status.PROVISIONING, 503), (Village.Status.ARCHIVED, 410)])
def test_a_village_not_in_service_says_so(sukamaju, status, code):
    Village.objects.filter(pk=sukamaju.pk).update(status=status)
    assert host_client(sukamaju).get("/masuk/").status_code == code


def test_search_path_is_sent_once_for_consecutive_requests_to_one_village(sukamaju):
    client = _signed_in(sukamaju)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any(q["sql"].startswith("SET search_path") for q in queries.captured_queries)


def test_search_path_is_sent_again_after_a_rollback(sukamaju, senggigi):
    connection.set_tenant(sukamaju)
    assert VillageProfile.objects.get().code == "52.04.02.2008"
    sid = connection.savepoint()
    connection.set_tenant(senggigi)
    assert VillageProfile.objects.get().code == "52.01.14.2006"
    connection.savepoint_rollback(sid)  # PostgreSQL reverts the SET made after the savepoint
    # django-tenants #1262: a stale memo here would read the other village's rows.
    assert VillageProfile.objects.get().code == "52.01.14.2006"
    connection.set_tenant(sukamaju)
    assert VillageProfile.objects.get().code == "52.04.02.2008"


@pytest.mark.parametrize("host", ["evil.example", "sukamaju.localhost.evil.example", "bad host!", ""])
def test_hosts_outside_the_domain_table_get_404(sukamaju, host):
    assert host_client(host=host).get("/masuk/").status_code == 404


def test_host_with_port_routes_to_the_village(sukamaju):
    assert host_client(host="sukamaju.localhost:8000").get("/masuk/").status_code == 200
