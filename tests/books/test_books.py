"""The books' rows and columns for a known village (see conftest.senggigi_books)."""
import pytest
from django.db import connection

from tenant_apps.books.book import header_rows, snapshot_period
from tenant_apps.books.catalogue import book_build
from tenant_apps.books.forms import MonthForm, RangeForm


@pytest.fixture
def book(senggigi, senggigi_books):
    """Build a book of Senggigi for this month (or as of today)."""
    today = senggigi_books["today"]

    def build(slug):
        connection.set_tenant(senggigi)
        if slug in ("induk", "sementara", "ktp-kk"):
            period = snapshot_period(today)
        elif slug == "mutasi":
            form = RangeForm({"dari": today.replace(day=1).isoformat(), "sampai": today.isoformat()})
            assert form.is_valid()
            period = form.period()
        else:
            period = MonthForm().period()
        return book_build(slug, period)

    return build


def test_buku_induk_has_the_official_columns_and_living_residents(book):
    induk = book("induk")
    rows = list(induk.rows())
    assert len(induk.all_columns) == 16 and induk.all_columns[13].label == "NIK"
    assert [(row[0], row[1]) for row in rows] == [(1, "John Tamu"), (2, "Siti Aminah"), (3, "Wati")]
    siti = rows[1]
    assert siti[13:15] == ["5201144503900001", "5201140101200001"]
    assert siti[11] == "Jl. Pantai 1 RT 002/RW 001 Dusun Kerandangan"
    top, bottom = header_rows(induk.all_columns)
    assert [(cell.label, cell.colspan) for cell in top if cell.colspan > 1] == [("Tempat & tanggal lahir", 2)]
    assert [cell.label for cell in bottom] == ["Tempat lahir", "Tanggal"]


def test_buku_mutasi_puts_arrivals_and_departures_in_their_columns(book, senggigi_books):
    today = senggigi_books["today"]
    rows = list(book("mutasi").rows())
    assert [row[1] for row in rows] == ["John Tamu", "Budi"]
    assert rows[0][6:8] == ["Sydney", today] and rows[0][8:10] == ["", None]
    assert rows[1][8:10] == ["Mataram", today] and rows[1][12] == "Pindah Keluar"


def test_buku_rekapitulasi_counts_each_dusun_by_citizenship_and_sex(book):
    rekap = book("rekapitulasi")
    assert len(rekap.all_columns) == 33  # as numbered on the official form
    kerandangan, no_dusun = list(rekap.rows())
    assert kerandangan[1] == "Kerandangan" and no_dusun[1] == "Tanpa dusun"
    datang = kerandangan[13:17]  # WNA L, WNA P, WNI L, WNI P
    assert datang == [1, 0, 0, 0]
    assert kerandangan[25:32] == [1, 0, 0, 1, 0, 2, 2]  # end of month, then KK, members, jiwa
    assert kerandangan[32] == "didaftarkan 1"
    assert no_dusun[21:25] == [0, 0, 1, 0]  # Budi moved out
    assert no_dusun[25:29] == [0, 0, 0, 1] and no_dusun[32] == "didaftarkan 2"


def test_buku_penduduk_sementara_lists_the_guest(book, senggigi_books):
    (guest,) = list(book("sementara").rows())
    assert guest[1:5] == ["John Tamu", "L", "", "X1234567"]
    assert guest[7] == "WNA" and guest[9] == "Sydney" and guest[12] == senggigi_books["today"]


def test_buku_ktp_kk_orders_by_kk_with_residents_without_one_last(book):
    rows = list(book("ktp-kk").rows())
    assert [row[1] for row in rows] == ["5201140101200001", "", ""]
    assert rows[0][2:5] == ["Siti Aminah", "5201144503900001", "P"]


def test_monthly_report_reconciles_by_sex(book):
    report = {row[1]: row[2:] for row in book("laporan-bulanan").rows()}
    assert report["Penduduk akhir bulan"] == [1, 2, 3]
    assert report["Pindah datang"] == [1, 0, 1] and report["Pindah keluar"] == [1, 0, 1]
    assert report["Didaftarkan tanpa peristiwa (entri data, impor)"] == [1, 2, 3]
