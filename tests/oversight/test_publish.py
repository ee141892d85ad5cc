"""Small-count suppression: <5 below five, everything else rounded to five."""
import pytest

from shared_apps.oversight.publish import SUPPRESSED, publish, published_share
from shared_apps.regions.models import Region
from tests.conftest import PASSWORD
from tests.oversight.conftest import residents_add, with_token
from tenants.services import village_provision
from shared_apps.oversight.refresh import rollup_refresh


@pytest.mark.parametrize(("count", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, 5), (7, 5), (8, 10), (12, 10),
                                              (13, 15), (23, 25), (1002, 1000)])
def test_publish(count, shown):
    assert publish(count) == shown


def test_shares_come_from_published_numbers_only():
    assert published_share(3, 100) is None
    assert published_share(7, 98) == 5.0  # 5 of 100, not 7.1 % of 98


def _people_counts(value, path=""):
    """Every published count about people in a summary (not village counts, codes or labels)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("villages", "villages_on_balai", "villages_total", "code", "band", "region", "parent",
                       "refreshed_at") or key.endswith("_percent") or key.startswith("average_"):
                continue
            yield from _people_counts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _people_counts(item, path)
    elif not isinstance(value, str) or value == SUPPRESSED:
        yield path, value


def test_no_published_count_is_small_or_exact(populated, lombok_barat_official):
    summary = with_token(lombok_barat_official).get("/api/v1/oversight/regions/52.01.14.2006/").json()
    counts = list(_people_counts(summary))
    assert counts
    for path, value in counts:
        assert value == SUPPRESSED or (value is None and path.endswith("population")) or (
            isinstance(value, int) and value >= 5 and value % 5 == 0), (path, value)
    kristen = next(row for row in summary["religion"] if row["code"] == 2)
    assert kristen["male"] == SUPPRESSED  # 3 people


def test_drill_down_difference_does_not_recover_a_small_village(populated, lombok_barat_official):
    """Batu Layar = Senggigi (23) + Batulayar (3). The kecamatan minus Senggigi must not give 3."""
    village = village_provision(code="52.01.14.2001", slug="batulayar", admin_email="baru@batulayar.test",
                                admin_password=PASSWORD)
    residents_add(village, 3)
    rollup_refresh()
    client = with_token(lombok_barat_official)
    kecamatan = client.get("/api/v1/oversight/regions/52.01.14/").json()
    desa = {child["code"]: child for child in kecamatan["children"]}
    assert desa["52.01.14.2001"]["population"] == SUPPRESSED
    assert kecamatan["population"]["total"] - desa["52.01.14.2006"]["population"] != 3
    small = client.get("/api/v1/oversight/regions/52.01.14.2001/").json()
    assert small["population"]["total"] == SUPPRESSED
    assert Region.objects.filter(code="52.01.14.2001").exists()
