import datetime
from urllib.parse import urlsplit

import pytest
from openpyxl import Workbook

from tenant_apps.population.opensid_excel import HEADER
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _url(live_server, path: str) -> str:
    return f"http://senggigi.localhost:{urlsplit(live_server.url).port}{path}"


def _file(tmp_path, rows) -> str:
    book = Workbook()
    book.active.append(HEADER)
    for values in rows:
        book.active.append([values.get(column) for column in HEADER])
    path = tmp_path / "penduduk.xlsx"
    book.save(path)
    return str(path)


ROW = {"alamat": "Jl. Pantai", "dusun": "Senggigi", "rw": "001", "rt": "001", "nama": "Budi", "no_kk": "5201140101200001",
       "nik": "5201141207850003", "sex": 1, "tanggallahir": datetime.date(1985, 7, 12), "agama_id": 1,
       "status_kawin": 2, "kk_level": 1}


def test_import_wizard_checks_then_imports(live_server, committed_villages, page, tmp_path):
    page.goto(_url(live_server, "/masuk/?next=/penduduk/impor/"))
    page.get_by_label("Email atau nama pengguna").fill("operator@senggigi.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_url(live_server, "/penduduk/impor/"))

    # A file with a bad row: reported per row, nothing changes.
    page.get_by_label("Berkas Excel OpenSID (.xlsx)").set_input_files(_file(tmp_path, [ROW, {**ROW, "nik": "", "nama": "X", "agama_id": "Jedi"}]))
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_url("**/penduduk/impor/*/")
    assert page.get_by_test_id("import-errors").inner_text() == "1"
    assert "Jedi" in page.get_by_test_id("import-report").inner_text()
    assert page.get_by_role("button", name="Impor sekarang").count() == 0

    # A clean file: checked, then imported with one click.
    page.goto(_url(live_server, "/penduduk/impor/"))
    page.get_by_label("Berkas Excel OpenSID (.xlsx)").set_input_files(_file(tmp_path, [ROW]))
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_url("**/penduduk/impor/*/")
    assert page.get_by_test_id("import-new").inner_text() == "1"
    page.get_by_role("button", name="Impor sekarang").click()
    assert page.get_by_role("status").inner_text() == "Data penduduk sudah diimpor."
    page.goto(_url(live_server, "/penduduk/"))
    assert page.get_by_test_id("result-count").inner_text() == "1 penduduk"
