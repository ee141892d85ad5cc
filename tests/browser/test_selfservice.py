from urllib.parse import urlsplit

import pytest
from django.db import connection

from shared_apps.accounts.models import User
from tenant_apps.letters.models import Letter
from tests.conftest import PASSWORD
from tests.selfservice.conftest import PDF, PNG, portal_setup

pytestmark = pytest.mark.browser


def _url(live_server, path: str) -> str:
    return f"http://senggigi.localhost:{urlsplit(live_server.url).port}{path}"


def test_resident_requests_a_letter_the_operator_issues_it_and_the_resident_downloads_it(
        live_server, committed_villages, browser, tmp_path):
    village = committed_villages["senggigi"]
    story = portal_setup(village, User.objects.get(email="operator@senggigi.test"))
    ktp, kk = tmp_path / "ktp.png", tmp_path / "kk.pdf"
    ktp.write_bytes(PNG)
    kk.write_bytes(PDF)

    resident = browser.new_context(locale="id-ID").new_page()
    resident.set_default_timeout(10_000)
    resident.goto(_url(live_server, "/layanan-mandiri/masuk/"))
    resident.get_by_label("NIK").fill(story.siti.nik)
    resident.get_by_label("PIN").fill(story.pin)
    resident.get_by_role("button", name="Masuk").click()
    assert "Ahmad Fauzi" in resident.get_by_test_id("family").inner_text()
    resident.get_by_role("link", name="Ajukan surat").first.click()
    resident.get_by_role("link", name="Surat Keterangan Domisili").click()
    resident.get_by_label("Keperluan *").fill("Mendaftar sekolah anak")
    resident.get_by_label("KTP *").set_input_files(str(ktp))
    resident.get_by_label("Kartu Keluarga *").set_input_files(str(kk))
    resident.get_by_role("button", name="Kirim permohonan").click()
    resident.wait_for_url("**/layanan-mandiri/permohonan/*/")
    assert resident.get_by_test_id("request-status").inner_text() == "Sedang diperiksa"
    assert resident.get_by_role("button", name="Keluar").is_visible()  # the resident's menu on every page
    request_url = resident.url

    operator = browser.new_context(locale="id-ID").new_page()
    operator.set_default_timeout(10_000)
    operator.goto(_url(live_server, "/masuk/?next=/surat/permohonan/"))
    operator.get_by_label("Email atau nama pengguna").fill("operator@senggigi.test")
    operator.get_by_label("Kata sandi").fill(PASSWORD)
    operator.get_by_role("button", name="Masuk").click()
    operator.get_by_test_id("queue").get_by_role("link").first.click()
    with operator.expect_download() as document:
        operator.get_by_role("link", name="KTP").click()
    assert document.value.path().read_bytes() == PNG
    operator.get_by_role("button", name="Terbitkan surat").click()
    assert operator.get_by_test_id("request-status").inner_text() == "Siap diambil"

    resident.goto(request_url)
    assert resident.get_by_test_id("request-status").inner_text() == "Siap diambil"
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Unduh surat (PDF)").click()
    pdf = download.value.path().read_bytes()
    connection.set_tenant(village)
    assert pdf.startswith(b"%PDF") and pdf == bytes(Letter.objects.get(resident=story.siti).pdf)
    connection.set_schema_to_public()
    resident.context.close()
    operator.context.close()
