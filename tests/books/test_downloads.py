"""Downloads through the village's host: they open, hold the page's rows, never
run a formula, and reach only staff of that village."""
import base64
import io
import re
import zlib

import pytest
from django.db import connection
from openpyxl import load_workbook

from tenant_apps.population.models import Resident
from tenant_apps.village.models import AuditEntry
from tests.conftest import host_client
from tests.population.factories import resident_data
from tests.population.test_pages import _signed_in


def pdf_pages_and_text(content: bytes) -> tuple[int, str]:
    """Page count and the text shown, from ReportLab's content streams (ASCII85, then Flate)."""
    pages = len(re.findall(rb"/Type /Page\b", content))
    streams = re.findall(rb"stream\r?\n(.*?)~>\s*endstream", content, re.S)
    text = b"".join(zlib.decompress(base64.a85decode(stream.replace(b"\n", b""))) for stream in streams)
    return pages, text.decode("latin-1")


def test_xlsx_has_the_heading_the_official_header_and_the_rows(senggigi, senggigi_books):
    response = _signed_in(senggigi, "viewer").get("/buku/induk/unduh.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="induk-senggigi-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[:3] == [("PEMERINTAH KABUPATEN LOMBOK BARAT",) + (None,) * 15,
                        ("KECAMATAN BATU LAYAR",) + (None,) * 15, ("DESA SENGGIGI",) + (None,) * 15]
    assert rows[3][0] == "B.1 BUKU INDUK PENDUDUK" and rows[4][0].startswith("Keadaan per ")
    assert rows[6][:5] == ("Nomor urut", "Nama lengkap/panggilan", "Jenis kelamin", "Status perkawinan",
                           "Tempat & tanggal lahir")
    assert rows[7][4:6] == ("Tempat lahir", "Tanggal") and rows[8][:3] == (1, 2, 3)
    assert [row[1] for row in rows[9:]] == ["John Tamu", "Siti Aminah", "Wati"]
    assert rows[10][13:15] == ("5201144503900001", "5201140101200001")
    assert "A7:A8" in {str(merged) for merged in sheet.merged_cells.ranges}  # "Nomor urut" spans both header rows


def test_xlsx_text_never_runs_as_a_formula(senggigi, senggigi_books):
    content = b"".join(_signed_in(senggigi).get("/buku/ktp-kk/unduh.xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    (address,) = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert address.value == "'=HYPERLINK(\"http://x.test\",\"klik\")" and address.data_type == "s"


def test_pdf_opens_with_the_rows_and_page_numbers(senggigi, senggigi_books):
    response = _signed_in(senggigi).get("/buku/sementara/unduh.pdf")
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF")
    pages, text = pdf_pages_and_text(content)
    assert pages == 1
    assert "(John Tamu)" in text and "(X1234567)" in text and "(Sydney)" in text
    assert "B.4 BUKU PENDUDUK SEMENTARA" in text and "Halaman 1 dari" in text


def test_a_long_book_repeats_its_header_on_every_page(senggigi, senggigi_books, in_village):
    in_village(senggigi)
    Resident.objects.bulk_create(Resident(**resident_data(nik=f"52011445039{50000 + index}", name=f"Warga {index:03d}"))
                                 for index in range(150))
    connection.set_schema_to_public()
    client = _signed_in(senggigi)
    a4_pages, text = pdf_pages_and_text(b"".join(client.get("/buku/induk/unduh.pdf").streaming_content))
    assert a4_pages >= 3
    assert text.count("(Agama)") == a4_pages and f"Halaman {a4_pages} dari" in text
    assert "(Warga 149)" in text
    f4_pages, _ = pdf_pages_and_text(b"".join(client.get("/buku/induk/unduh.pdf", {"kertas": "f4"}).streaming_content))
    assert f4_pages < a4_pages  # the longer paper holds more rows


def test_every_book_downloads_in_both_formats(senggigi, senggigi_books):
    client = _signed_in(senggigi, "viewer")
    for slug in ("induk", "mutasi", "rekapitulasi", "sementara", "ktp-kk", "laporan-bulanan"):
        for file_format, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
            response = client.get(f"/buku/{slug}/unduh.{file_format}")
            assert response.status_code == 200, (slug, file_format)
            assert b"".join(response.streaming_content).startswith(magic)


def test_monthly_report_xlsx_reconciles(senggigi, senggigi_books):
    today = senggigi_books["today"]
    content = b"".join(_signed_in(senggigi).get("/buku/laporan-bulanan/unduh.xlsx", {
        "bulan": today.month, "tahun": today.year}).streaming_content)
    rows = {row[1]: row[2:] for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
            if isinstance(row[0], int) and isinstance(row[1], str)}
    assert rows["Penduduk awal bulan"] == (0, 0, 0) and rows["Penduduk akhir bulan"] == (1, 2, 3)


def test_a_download_is_audited(senggigi, senggigi_books):
    _signed_in(senggigi).get("/buku/induk/unduh.pdf")
    connection.set_tenant(senggigi)
    entry = AuditEntry.objects.get(action="book.download")
    assert entry.actor_username == "operator@senggigi.test"
    assert (entry.changes["book"], entry.changes["format"], entry.changes["rows"]) == ("induk", "pdf", 3)


@pytest.mark.parametrize("query, message", [
    ({"bulan": "13", "tahun": "2026"}, "Pilih bulan Januari sampai Desember."),
    ({"bulan": "1", "tahun": "dua ribu"}, "Tahun ditulis dengan angka"),
    ({"bulan": "1", "tahun": "9999"}, "Bulan itu belum berjalan"),
])
def test_a_bad_month_gets_a_clear_message(senggigi, query, message):
    client = _signed_in(senggigi)
    for path in ("/buku/laporan-bulanan/", "/buku/laporan-bulanan/unduh.xlsx", "/buku/rekapitulasi/unduh.pdf"):
        response = client.get(path, query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_bad_dates_and_paper_get_a_clear_message(senggigi):
    client = _signed_in(senggigi)
    response = client.get("/buku/mutasi/", {"dari": "bukan-tanggal", "sampai": "2026-01-31"})
    assert response.status_code == 400 and "Tanggal awal tidak terbaca" in response.content.decode()
    response = client.get("/buku/mutasi/unduh.pdf", {"dari": "2026-02-01", "sampai": "2026-01-01"})
    assert response.status_code == 400 and "Tanggal awal sesudah tanggal akhir." in response.content.decode()
    response = client.get("/buku/induk/unduh.pdf", {"kertas": "letter"})
    assert response.status_code == 400 and "pilih A4 atau F4" in response.content.decode()
    assert client.get("/buku/tidak-ada/unduh.xlsx").status_code == 404
    assert client.get("/buku/induk/unduh.docx").status_code == 404


def test_anonymous_is_sent_to_sign_in(senggigi):
    response = host_client(senggigi).get("/buku/induk/unduh.xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_viewer_of_one_village_cannot_download_another_villages_book(senggigi, senggigi_books, sukamaju):
    client = _signed_in(sukamaju, "viewer")
    assert client.get("/buku/induk/unduh.xlsx").status_code == 200  # their own village's book
    for path in ("/buku/induk/unduh.xlsx", "/buku/induk/unduh.pdf", "/buku/induk/"):
        response = host_client(senggigi, **{"HTTP_COOKIE": client.cookies.output(header="", sep=";")}).get(path)
        assert response.status_code in (302, 403), path
        assert b"Siti" not in b"".join(getattr(response, "streaming_content", [response.content]))
