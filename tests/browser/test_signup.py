"""A person signs a village up in Chromium, from /daftar/ to the new village's
dashboard, with the provisioning crossing a real queue to a real Celery worker;
and someone asks to join a village already on Balai and its operator approves."""
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection

from shared_apps.signup.tasks import signup_provision_task
from tests.conftest import PASSWORD
from tests.signup.conftest import NEW_PASSWORD, link_in

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _village_url(live_server, slug: str, path: str = "/") -> str:
    return f"http://{slug}.localhost:{urlsplit(live_server.url).port}{path}"


def _last_link(count: int) -> str:
    assert len(mail.outbox) == count, [message.subject for message in mail.outbox]
    return link_in(mail.outbox[-1])


@pytest.fixture
def new_village_dropped():
    yield
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute('DROP SCHEMA IF EXISTS "desa_5201142008" CASCADE')


def test_sign_up_a_village_and_reach_its_dashboard(live_server, committed_villages, worker, page, settings,
                                                   monkeypatch, new_village_dropped):
    settings.BALAI_URL_PORT = urlsplit(live_server.url).port  # links in mails and the redirect
    monkeypatch.setattr(signup_provision_task, "delay",
                        lambda **kwargs: worker.sender.send_task("signup.provision", kwargs=kwargs))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/daftar/")
    page.get_by_label("Nama atau kode desa/kelurahan").fill("pusuk")
    result = page.get_by_role("link", name=re.compile("Pusuk Lestari"))
    assert "Batu Layar" in result.inner_text() and "Kabupaten Lombok Barat" in result.inner_text()
    result.click()

    page.wait_for_url("**/daftar/desa/52.01.14.2008/")
    slug = page.get_by_label("Subdomain")
    assert slug.input_value() == "pusuk-lestari"
    status = page.get_by_test_id("slug-status")
    page.wait_for_function("document.querySelector('[data-testid=slug-status]').textContent.includes('tersedia')")
    slug.fill("sukamaju")
    page.wait_for_function("document.querySelector('[data-testid=slug-status]').textContent.includes('sudah dipakai')")
    slug.fill("pusuk-lestari")
    page.wait_for_function("document.querySelector('[data-testid=slug-status]').textContent.includes('tersedia')")
    assert "pusuk-lestari.localhost" in status.inner_text()

    page.get_by_label("Nama lengkap operator").fill("Baiq Nurul Aini")
    page.get_by_label("Email").fill("nurul@pusuk.test")
    page.get_by_label("Nomor telepon/WhatsApp").fill("123")
    page.get_by_label("Kata sandi", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("radio", name=re.compile("^Uji coba gratis")).check()
    page.get_by_role("button", name="Daftar").click()

    # A bad phone number: a clear message, and nothing typed is lost.
    assert "Nomor telepon tidak valid" in page.get_by_test_id("error-phone").inner_text()
    assert page.get_by_label("Nama lengkap operator").input_value() == "Baiq Nurul Aini"
    assert page.get_by_label("Email").input_value() == "nurul@pusuk.test"
    assert page.get_by_label("Kata sandi", exact=True).input_value() == NEW_PASSWORD
    page.get_by_label("Nomor telepon/WhatsApp").fill("0812 3456 7890")
    page.screenshot(path=SCREENSHOTS / "signup-form.png", full_page=True)
    page.get_by_role("button", name="Daftar").click()

    page.wait_for_url("**/daftar/cek-email/")
    assert page.get_by_role("heading", name="Periksa email Anda").is_visible()
    page.goto(_last_link(1))
    assert page.get_by_role("heading", name="Konfirmasi pendaftaran").is_visible()
    page.get_by_role("button", name="Siapkan desa saya").click()

    page.wait_for_url(re.compile(r".*/daftar/proses/"))
    page.wait_for_url(_village_url(live_server, "pusuk-lestari", "/masuk/"), timeout=60_000)
    page.get_by_label("Email atau nama pengguna").fill("nurul@pusuk.test")
    page.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_village_url(live_server, "pusuk-lestari", "/"))
    assert page.get_by_role("heading", name="Desa Pusuk Lestari").is_visible()
    assert page.get_by_test_id("village-code").inner_text() == "52.01.14.2008"
    page.screenshot(path=SCREENSHOTS / "signup-dashboard.png", full_page=True)


def test_ask_to_join_a_village_on_balai_and_its_operator_approves(live_server, committed_villages, page, browser,
                                                                  settings):
    settings.BALAI_URL_PORT = urlsplit(live_server.url).port
    page.goto(f"{live_server.url}/daftar/?q=sukamaju")
    result = page.get_by_role("link", name=re.compile("Sukamaju 52.04.02.2008"))
    assert "Sudah memakai Balai: minta akses" in result.inner_text()
    result.click()
    page.wait_for_url("**/minta-akses/")
    page.get_by_label("Nama lengkap").fill("Lalu Ahmad Fauzi")
    page.get_by_label("Email").fill("fauzi@sukamaju.test")
    page.get_by_label("Nomor telepon/WhatsApp").fill("0813 1111 2222")
    page.get_by_label("Kata sandi", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_url("**/daftar/cek-email/")
    page.goto(_last_link(1))
    page.get_by_role("button", name="Kirim kepada operator").click()
    assert "sudah dikirim kepada operator" in page.get_by_test_id("access-status").inner_text()

    operator = browser.new_context(locale="id-ID").new_page()
    operator.goto(_village_url(live_server, "sukamaju", "/masuk/"))
    operator.get_by_label("Email atau nama pengguna").fill("operator@sukamaju.test")
    operator.get_by_label("Kata sandi").fill(PASSWORD)
    operator.get_by_role("button", name="Masuk").click()
    operator.get_by_role("link", name="Permintaan akses").click()
    request = operator.get_by_test_id("request-fauzi@sukamaju.test")
    request.get_by_label("Peran").select_option("sekretaris")
    request.get_by_role("button", name="Setujui").click()
    assert "Lalu Ahmad Fauzi sekarang dapat masuk sebagai Sekretaris desa" in operator.get_by_role("status").inner_text()
    operator.context.close()

    page.goto(_village_url(live_server, "sukamaju", "/masuk/"))
    page.get_by_label("Email atau nama pengguna").fill("fauzi@sukamaju.test")
    page.get_by_label("Kata sandi").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_village_url(live_server, "sukamaju", "/"))
    assert page.get_by_role("heading", name="Desa Sukamaju").is_visible()
    assert page.get_by_text("Sekretaris desa").is_visible()
