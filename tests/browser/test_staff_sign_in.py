from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
# Kept for a person to look at after a run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _village_url(live_server, slug: str, path: str = "/") -> str:
    port = urlsplit(live_server.url).port
    return f"http://{slug}.localhost:{port}{path}"


def _sign_in(page, live_server, slug: str, username: str) -> None:
    page.goto(_village_url(live_server, slug, "/masuk/"))
    page.get_by_label("Email atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_operator_signs_in_and_sees_the_village_dashboard(live_server, committed_villages, page):
    _sign_in(page, live_server, "sukamaju", "operator@sukamaju.test")
    page.wait_for_url(_village_url(live_server, "sukamaju", "/"))
    assert page.get_by_role("heading", name="Desa Sukamaju").is_visible()
    assert page.get_by_test_id("village-code").inner_text() == "52.04.02.2008"
    assert page.get_by_test_id("staff-count").inner_text() == "3"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")


def test_operator_of_one_village_is_refused_by_another(live_server, committed_villages, page):
    _sign_in(page, live_server, "senggigi", "operator@sukamaju.test")
    assert page.get_by_role("alert").inner_text() == "Email/nama pengguna atau kata sandi salah."
    assert page.url.endswith("/masuk/")


def test_signed_in_on_one_village_is_anonymous_on_another(live_server, committed_villages, page):
    _sign_in(page, live_server, "sukamaju", "kades@sukamaju.test")
    page.wait_for_url(_village_url(live_server, "sukamaju", "/"))

    page.goto(_village_url(live_server, "senggigi", "/"))
    assert "/masuk/" in page.url
    assert page.get_by_role("heading", name="Masuk").is_visible()
