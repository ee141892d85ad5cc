from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.ops.models import VillageActivity
from tests.ops.factories import village_row
from tests.ops.helpers import ops_client, ops_user


@pytest.fixture
def support(regions):
    return ops_client(ops_user("ops-support"))


def _names(client, **query):
    page = client.get("/ops/", query)
    assert page.status_code == 200
    return [row.split("</a>")[0].rsplit(">", 1)[1] for row in page.content.decode().split('data-testid="village-row"')[1:]]


def test_search_by_name_code_and_slug(support):
    village_row(1, name="Sukamaju")
    village_row(2, name="Senggigi", code="52.01.14.2006")
    village_row(3, name="Batu Layar")
    assert _names(support, q="suka") == ["Sukamaju"]
    assert _names(support, q="52.01.14.2006") == ["Senggigi"]
    assert _names(support, q="desa3") == ["Batu Layar"]
    assert _names(support, q="tidak-ada") == []


def test_filters_by_region_status_plan_and_version(support):
    village_row(1, name="Lombok Barat A", code="52.01.14.0001")
    village_row(2, name="Lombok Timur B", code="52.03.01.0002", status="suspended", plan="dasar", version="v2")
    village_row(3, name="Lombok Barat C", code="52.01.14.0003", status="archived")
    assert _names(support, region="52.01") == ["Lombok Barat A", "Lombok Barat C"]
    assert _names(support, region="52") == ["Lombok Barat A", "Lombok Barat C", "Lombok Timur B"]
    assert _names(support, status="suspended") == ["Lombok Timur B"]
    assert _names(support, plan="dasar") == ["Lombok Timur B"]
    assert _names(support, version="v2") == ["Lombok Timur B"]
    assert _names(support, region="52.01", status="archived") == ["Lombok Barat C"]


def test_filter_by_last_activity(support):
    fresh, stale, _never = village_row(1, name="Baru"), village_row(2, name="Lama"), village_row(3, name="Belum")
    VillageActivity.objects.create(village=fresh, last_staff_login_at=timezone.now() - timedelta(days=1))
    VillageActivity.objects.create(village=stale, last_staff_login_at=timezone.now() - timedelta(days=100))
    assert _names(support, activity="active7") == ["Baru"]
    assert _names(support, activity="idle30") == ["Lama", "Belum"]
    assert _names(support, activity="idle90") == ["Lama", "Belum"]
    assert _names(support, activity="never") == ["Belum"]


def test_an_unknown_filter_value_is_reported_and_shows_everything(support):
    village_row(1)
    page = support.get("/ops/", {"status": "hilang"}).content.decode()
    assert "Filter diabaikan" in page and page.count('data-testid="village-row"') == 1


def test_pages_of_fifty_keep_the_filters(support):
    for n in range(1, 61):
        village_row(n, plan="dasar" if n % 2 else "trial")
    first = support.get("/ops/", {"plan": "dasar"}).content.decode()
    assert first.count('data-testid="village-row"') == 30 and "30 desa" in first
    for n in range(61, 121):
        village_row(n, plan="dasar")
    second = support.get("/ops/", {"plan": "dasar", "page": 2}).content.decode()
    assert second.count('data-testid="village-row"') == 40
    previous = second.split("Sebelumnya")[0].rsplit('href="', 1)[1]
    assert "Halaman 2 dari 2" in second and "plan=dasar" in previous and previous.endswith("page=1\">")


def test_a_signin_in_a_village_is_its_last_activity(sukamaju):
    from tests.conftest import PASSWORD, host_client

    host_client(sukamaju).post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    assert VillageActivity.objects.get(village=sukamaju).last_staff_login_at > timezone.now() - timedelta(minutes=1)


def test_a_malformed_region_code_is_explained(support):
    village_row(1)
    page = support.get("/ops/", {"region": "52;drop"}).content.decode()
    assert "Kode wilayah seperti 52, 52.01 atau 52.01.14." in page
    assert page.count('data-testid="village-row"') == 1


def test_filter_by_kecamatan(support):
    village_row(1, code="52.01.14.0001")
    village_row(2, code="52.01.15.0002")
    assert _names(support, region="52.01.14") == ["Desa 1"]
