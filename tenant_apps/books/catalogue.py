"""The books a village keeps, by the slug in their address (/buku/<slug>/)."""
from django.utils.translation import gettext_lazy as _

from tenant_apps.books.book import Book, Entry, Period
from tenant_apps.books.movement_books import buku_mutasi_penduduk, buku_rekapitulasi, laporan_bulanan
from tenant_apps.books.population_books import buku_induk_penduduk, buku_ktp_kk, buku_penduduk_sementara

CATALOGUE: dict[str, Entry] = {entry.slug: entry for entry in (
    Entry("induk", "B.1", _("Buku Induk Penduduk"), "snapshot", buku_induk_penduduk),
    Entry("mutasi", "B.2", _("Buku Mutasi Penduduk"), "range", buku_mutasi_penduduk),
    Entry("rekapitulasi", "B.3", _("Buku Rekapitulasi Jumlah Penduduk"), "month", buku_rekapitulasi),
    Entry("sementara", "B.4", _("Buku Penduduk Sementara"), "snapshot", buku_penduduk_sementara),
    Entry("ktp-kk", "B.5", _("Buku KTP dan KK"), "snapshot", buku_ktp_kk),
    Entry("laporan-bulanan", "", _("Laporan Kependudukan Bulanan"), "month", laporan_bulanan),
)}


def book_build(slug: str, period: Period) -> Book:
    """The book ``slug`` of the current village (the connection is in its schema)."""
    entry = CATALOGUE[slug]
    return entry.build(entry, period)
