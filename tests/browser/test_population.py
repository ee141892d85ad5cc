import datetime
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _url(live_server, slug: str, path: str) -> str:
    return f"http://{slug}.localhost:{urlsplit(live_server.url).port}{path}"


def _sign_in(page, live_server, slug="senggigi"):
    page.goto(_url(live_server, slug, "/masuk/?next=/penduduk/"))
    page.get_by_label("Email atau nama pengguna").fill(f"operator@{slug}.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_url(live_server, slug, "/penduduk/"))


def test_operator_registers_a_resident_through_the_form_and_finds_them(live_server, committed_villages, page):
    _sign_in(page, live_server)
    page.get_by_role("link", name="Tambah penduduk").click()
    page.get_by_label("NIK", exact=True).fill("5201144503900001")
    page.get_by_label("Nama *").fill("Siti Aminah")
    page.get_by_label("Jenis kelamin *").select_option("2")
    page.get_by_label("Tanggal lahir *").fill("1990-03-30")  # the NIK says the 5th: a warning, not an error
    page.get_by_label("Agama *").select_option("1")
    page.get_by_label("Status perkawinan *").select_option("2")
    page.get_by_role("button", name="Simpan").click()

    page.wait_for_url("**/penduduk/*/")
    assert page.get_by_test_id("nik").inner_text() == "5201144503900001"
    assert "Tanggal lahir dalam NIK" in page.get_by_role("alert").inner_text()
    page.get_by_role("button", name="NIK sudah dicek, benar").click()
    assert "Peringatan NIK dikonfirmasi." in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Penduduk", exact=True).click()
    page.get_by_label("Cari nama, NIK atau No. KK").fill("siti")
    page.get_by_role("button", name="Tampilkan").click()
    assert page.get_by_test_id("result-count").inner_text() == "1 penduduk"
    assert page.get_by_role("link", name="Siti Aminah").is_visible()


def test_form_errors_are_shown_next_to_the_fields(live_server, committed_villages, page):
    _sign_in(page, live_server)
    page.goto(_url(live_server, "senggigi", "/penduduk/baru/"))
    page.get_by_label("NIK", exact=True).fill("12345")
    page.get_by_label("Nama *").fill("Wayan")
    page.get_by_role("button", name="Simpan").click()
    assert page.get_by_role("alert").inner_text().startswith("Periksa isian yang ditandai.")
    assert page.get_by_test_id("error-sex").is_visible()
    assert page.get_by_label("Nama *").input_value() == "Wayan"


def test_statistics_page_shows_the_chart_rows(live_server, committed_villages, page):
    _sign_in(page, live_server)
    page.get_by_role("link", name="Statistik", exact=True).click()
    page.wait_for_url("**/statistik/")
    assert page.get_by_test_id("statistics").is_visible()
    assert page.get_by_test_id("statistics-total").inner_text() == "0"


def test_operator_records_a_birth_and_sees_it_in_the_statistics(live_server, committed_villages, page):
    from django.db import connection

    from tenant_apps.population.services import resident_register
    from tests.population.factories import resident_data

    connection.set_tenant(committed_villages["senggigi"])
    resident_register(actor=None, data=resident_data())  # Siti, the mother
    connection.set_schema_to_public()

    _sign_in(page, live_server)
    page.get_by_role("link", name="Catat kelahiran").click()
    page.get_by_label("Nama bayi *").fill("Bayi Siti")
    page.get_by_label("Jenis kelamin *").select_option("1")
    born = datetime.date.today() - datetime.timedelta(days=30)
    page.get_by_label("Tanggal lahir *").fill(born.isoformat())
    page.get_by_label("NIK ibu").fill("5201144503900001")
    page.get_by_role("button", name="Simpan").click()

    page.wait_for_url("**/penduduk/*/")
    assert "Kelahiran tercatat." in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Siti Aminah").is_visible()  # the registered mother

    page.get_by_role("link", name="Statistik", exact=True).click()
    page.wait_for_url("**/statistik/")
    page.get_by_role("link", name="Kategori umur").click()
    page.wait_for_url("**/statistik/age-category/")
    row = page.get_by_test_id("statistics").get_by_role("row", name="BALITA")
    assert row.get_by_role("cell").nth(3).inner_text() == "1"
    assert page.get_by_test_id("statistics-chart").get_by_role("img", name="BALITA: 1 laki-laki, 0 perempuan").is_visible()
