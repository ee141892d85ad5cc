from urllib.parse import urlsplit

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from tenant_apps.population.services import resident_register
from tests.conftest import PASSWORD
from tests.population.factories import resident_data

pytestmark = pytest.mark.browser


def _url(live_server, path: str) -> str:
    return f"http://senggigi.localhost:{urlsplit(live_server.url).port}{path}"


def test_staff_opens_a_book_and_downloads_it_as_xlsx(live_server, committed_villages, page, tmp_path):
    with tenant_context(committed_villages["senggigi"]):
        resident_register(actor=None, data=resident_data(address="Jl. Pantai 1"))
    connection.set_schema_to_public()
    page.goto(_url(live_server, "/masuk/?next=/buku/"))
    page.get_by_label("Email atau nama pengguna").fill("viewer@senggigi.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_url(live_server, "/buku/"))

    page.get_by_role("link", name="B.1 Buku Induk Penduduk").click()
    assert "Siti Aminah" in page.get_by_test_id("book").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh XLSX").click()
    assert download.value.suggested_filename.startswith("induk-senggigi-")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[3][0] == "B.1 BUKU INDUK PENDUDUK"
    assert rows[9][1] == "Siti Aminah" and rows[9][13] == "5201144503900001"


def test_monthly_report_picker_shows_a_message_for_a_month_not_yet_begun(live_server, committed_villages, page):
    page.goto(_url(live_server, "/masuk/?next=/buku/"))
    page.get_by_label("Email atau nama pengguna").fill("operator@senggigi.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Laporan Kependudukan Bulanan").click()
    assert "Penduduk akhir bulan" in page.get_by_test_id("book").inner_text()
    page.get_by_label("Tahun").fill("2999")
    page.get_by_role("button", name="Tampilkan").click()
    assert "Bulan itu belum berjalan" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Tahun").input_value() == "2999"
