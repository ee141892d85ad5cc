from urllib.parse import urlsplit

import pytest
from django.db import connection

from tenant_apps.letters.models import Official
from tenant_apps.population.services import resident_register
from tests.conftest import PASSWORD
from tests.population.factories import resident_data

pytestmark = pytest.mark.browser


def _url(live_server, path: str) -> str:
    return f"http://senggigi.localhost:{urlsplit(live_server.url).port}{path}"


def test_operator_issues_a_letter_downloads_it_and_the_qr_page_confirms_it(live_server, committed_villages, page):
    connection.set_tenant(committed_villages["senggigi"])
    Official.objects.create(name="Lalu Ahmad", position="Kepala Desa")
    siti = resident_register(actor=None, data=resident_data())
    connection.set_schema_to_public()

    page.goto(_url(live_server, "/masuk/?next=/surat/"))
    page.get_by_label("Email atau nama pengguna").fill("operator@senggigi.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="S-04 Surat Keterangan Domisili").click()
    page.get_by_label("NIK penduduk *").fill(siti.nik)
    page.get_by_label("Keperluan *").fill("Mendaftar sekolah anak")
    page.get_by_role("button", name="Terbitkan surat").click()

    page.wait_for_url("**/surat/*/")
    number = page.get_by_test_id("letter-number").inner_text()
    assert number.startswith("S-04/001/5201142006/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name=page.locator("dd a").last.inner_text()).click()  # the verification code
    assert page.get_by_test_id("verdict").inner_text() == "Surat ini asli dan tercatat di desa."
    assert page.get_by_test_id("number").inner_text() == number
    assert page.get_by_test_id("name").inner_text() == "S*** A*****"
