from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.ops.helpers import current_code, ops_user

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _console(live_server, path="/ops/"):
    return f"http://localhost:{urlsplit(live_server.url).port}{path}"


def _sign_in(page, live_server, user):
    page.goto(_console(live_server))
    assert "/ops/masuk/" in page.url
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_label("Kode autentikator (6 angka)").fill(current_code(user))
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_console(live_server))


def test_ops_signs_in_with_totp_searches_and_opens_a_village(live_server, committed_villages, page):
    _sign_in(page, live_server, ops_user("ops-support"))
    assert page.get_by_test_id("result-count").inner_text() == "2 desa"
    page.get_by_label("Cari nama, kode atau subdomain").fill("sengg")
    page.get_by_role("button", name="Cari").click()
    assert page.get_by_test_id("result-count").inner_text() == "1 desa"
    page.get_by_role("link", name="Senggigi").click()
    assert page.get_by_role("heading", name="Senggigi 52.01.14.2006").is_visible()
    assert page.get_by_test_id("village-status").inner_text() == "Aktif"
    assert page.get_by_test_id("usage-staff").inner_text() == "3"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "ops-village.png", full_page=True)


def test_a_password_without_the_code_is_refused(live_server, committed_villages, page):
    ops_user("ops-admin")
    page.goto(_console(live_server, "/ops/masuk/"))
    page.get_by_label("Email").fill("ops-admin@balai.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_label("Kode autentikator (6 angka)").fill("000000")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_role("alert").inner_text() == "Email, kata sandi atau kode autentikator salah."


def test_support_access_shows_a_banner_in_the_village_and_ends(live_server, committed_villages, page, settings):
    settings.BALAI_URL_PORT = urlsplit(live_server.url).port  # links to village hosts point at the live server
    _sign_in(page, live_server, ops_user("ops-support"))
    page.goto(_console(live_server, "/ops/desa/sukamaju/"))
    page.get_by_label("Bertindak sebagai").select_option("operator")
    page.get_by_label("Durasi (menit)").fill("10")
    page.get_by_label("Alasan (mis. nomor tiket dukungan)").fill("Tiket 99: bantu impor")
    page.get_by_role("button", name="Mulai akses dukungan").click()
    page.get_by_role("button", name="Masuk ke desa").click()
    page.wait_for_url("http://sukamaju.localhost:*/")
    banner = page.get_by_test_id("support-banner")
    assert "ops-support@balai.test bertindak sebagai Operator" in banner.inner_text()
    page.get_by_role("link", name="Penduduk").click()
    assert page.get_by_test_id("support-banner").is_visible()
    page.get_by_role("link", name="Jejak audit").click()
    assert "Tiket 99: bantu impor" in page.get_by_test_id("village-audit-row").first.inner_text()
    page.get_by_role("button", name="Akhiri akses dukungan").click()
    page.wait_for_url(_console(live_server, "/ops/desa/sukamaju/"))
    assert "support.end" in page.get_by_test_id("audit-row").first.inner_text()
