from urllib.parse import urlsplit

import pytest

from shared_apps.oversight.refresh import rollup_refresh
from shared_apps.oversight.services import official_create
from tenant_apps.population import codes
from tests.browser.test_staff_sign_in import SCREENSHOTS
from tests.conftest import PASSWORD
from tests.oversight.conftest import born_years_ago, letters_add, residents_add

pytestmark = pytest.mark.browser


def test_kabupaten_official_drills_down_to_a_desa_and_exports(live_server, committed_villages, page):
    senggigi = committed_villages["senggigi"]
    residents_add(senggigi, 12)
    residents_add(senggigi, 11, sex=codes.Sex.LAKI_LAKI, birth_date=born_years_ago(40))
    residents_add(committed_villages["sukamaju"], 30)
    letters_add(senggigi, "S-01", 8)
    rollup_refresh(everything=True)
    official_create(email="kabid@lombokbaratkab.test", password=PASSWORD, region_code="52.01")
    base = f"http://localhost:{urlsplit(live_server.url).port}"

    page.goto(f"{base}/wilayah/")
    page.get_by_label("Email atau nama pengguna").fill("kabid@lombokbaratkab.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/wilayah/52.01/")
    assert page.get_by_role("heading", name="Kabupaten Lombok Barat").is_visible()
    assert page.get_by_test_id("villages-on-balai").inner_text() == "1"
    assert page.get_by_test_id("population-total").inner_text() == "25"
    assert "Sumbawa" not in page.content()

    page.get_by_role("link", name="Batu Layar").click()
    page.wait_for_url(f"{base}/wilayah/52.01.14/")
    page.get_by_test_id("child-filter").fill("seng")
    assert page.locator("[data-child]:visible").count() == 1
    page.get_by_role("link", name="Senggigi").click()
    page.wait_for_url(f"{base}/wilayah/52.01.14.2006/")
    assert page.get_by_role("heading", name="Senggigi").is_visible()
    assert page.get_by_test_id("population-male").inner_text() == "10"
    assert page.get_by_test_id("pyramid").is_visible() and page.get_by_test_id("events-chart").is_visible()
    assert page.get_by_test_id("letters-chart").is_visible()
    assert page.get_by_test_id("requests-chart").is_visible() and page.get_by_test_id("complaints-chart").is_visible()
    letters = page.get_by_test_id("table-letters").locator("tbody tr").first
    assert letters.locator("td").nth(1).inner_text() == "Surat Keterangan Pengantar"
    assert letters.locator("td").last.inner_text() == "10"  # 8 letters, published rounded to 5
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "oversight-desa.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh CSV").click()
    assert download.value.suggested_filename == "wilayah-52.01.14.2006.csv"

    page.get_by_test_id("parent-link").click()
    page.wait_for_url(f"{base}/wilayah/52.01.14/")
    response = page.goto(f"{base}/wilayah/52.04/")
    assert response.status == 404
