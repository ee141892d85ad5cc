from django.db import connection

from tenant_apps.population.models import Resident
from tests.population.factories import resident_data
from tests.population.test_pages import _signed_in


def test_index_links_every_book_and_the_monthly_report(senggigi):
    page = _signed_in(senggigi, "viewer").get("/buku/").content.decode()
    for title in ("B.1 Buku Induk Penduduk", "B.2 Buku Mutasi Penduduk", "B.3 Buku Rekapitulasi Jumlah Penduduk",
                  "B.4 Buku Penduduk Sementara", "B.5 Buku KTP dan KK", "Laporan Kependudukan Bulanan"):
        assert title in page
    assert 'href="/buku/laporan-bulanan/"' in page


def test_book_page_shows_the_official_header_and_download_links(senggigi, senggigi_books):
    client = _signed_in(senggigi, "viewer")
    page = client.get("/buku/induk/").content.decode()
    assert '<th colspan="2">Tempat &amp; tanggal lahir</th>' in page and '<th rowspan="2">Nomor urut</th>' in page
    assert "John Tamu" in page and 'href="/buku/induk/unduh.xlsx?"' in page
    for slug in ("mutasi", "rekapitulasi", "sementara", "ktp-kk", "laporan-bulanan"):
        assert client.get(f"/buku/{slug}/").status_code == 200, slug
    report = client.get("/buku/laporan-bulanan/", {"bulan": senggigi_books["today"].month,
                                                    "tahun": senggigi_books["today"].year}).content.decode()
    assert "Penduduk akhir bulan" in report and 'data-testid="note"' in report
    assert 'href="/buku/laporan-bulanan/unduh.pdf?bulan=' in report


def test_a_long_book_is_shown_a_hundred_rows_a_page(senggigi, senggigi_books, in_village):
    in_village(senggigi)
    Resident.objects.bulk_create(Resident(**resident_data(nik=f"52011445039{50000 + index}", name=f"Warga {index:03d}"))
                                 for index in range(150))
    connection.set_schema_to_public()
    page = _signed_in(senggigi).get("/buku/induk/", {"page": 2}).content.decode()
    assert "<tr><td>101</td>" in page and "Halaman 2 dari 2" in page and "Warga 149" in page
    assert "Warga 000" not in page
