import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.books.population_books import (
    buku_induk_penduduk, buku_ktp_kk, buku_mutasi_penduduk, buku_penduduk_sementara, buku_rekapitulasi,
)
from tenant_apps.population import codes
from tenant_apps.population.events import population_event_exit
from tenant_apps.population.services import family_create, resident_register, rt_ensure
from tests.population.factories import resident_data
from tests.population.test_pages import _signed_in


@pytest.fixture
def village_data(senggigi, in_village):
    operator = in_village(senggigi)
    rt = rt_ensure(actor=operator, dusun="Kerandangan", rw="001", rt="001")
    kk = family_create(actor=operator, no_kk="5201140101200001", rt=rt)
    siti = resident_register(actor=operator, data=resident_data(family=kk, rt=rt, address="Jl. Pantai 1"))
    guest = resident_register(actor=operator, data=resident_data(
        nik="", name="John Tamu", sex=1, citizenship=2, resident_status=codes.ResidentStatus.TIDAK_TETAP,
        passport_no="X1234567", rt=rt))
    gone = resident_register(actor=operator, data=resident_data(nik="5201141207850003", name="Budi", sex=1,
                                                                 birth_date=datetime.date(1985, 7, 12)))
    population_event_exit(actor=operator, resident=gone, kind=codes.PopulationEvent.PINDAH_KELUAR,
                          occurred_on=timezone.localdate(), details={"move_level": 3, "destination": "Mataram"})
    return siti, guest


def test_population_books(village_data):
    siti, guest = village_data
    assert [row[1] for row in buku_induk_penduduk().rows] == ["John Tamu", "Siti Aminah"]
    assert buku_rekapitulasi().rows == [["Kerandangan", 0, 1, 1, 0, 2, 1]]
    assert [row[0] for row in buku_penduduk_sementara().rows] == ["John Tamu"]
    assert buku_penduduk_sementara().rows[0][5] == "X1234567"
    today = timezone.localdate()
    mutasi = buku_mutasi_penduduk(start=today.replace(day=1), end=today).rows
    assert [(row[1], row[2], row[5]) for row in mutasi] == [("Pindah Keluar", "Budi", "Mataram")]
    assert [row[0] for row in buku_ktp_kk().rows] == ["5201140101200001", ""]  # residents without a KK last


def test_book_pages(village_data, senggigi):
    connection.set_schema_to_public()
    client = _signed_in(senggigi)
    assert "Buku Induk Penduduk" in client.get("/buku/").content.decode()
    for slug in ("induk", "mutasi", "rekapitulasi", "sementara", "ktp-kk"):
        assert client.get(f"/buku/{slug}/").status_code == 200
    assert "John Tamu" in client.get("/buku/sementara/").content.decode()
    assert client.get("/buku/mutasi/", {"dari": "bukan-tanggal"}).status_code == 200
    assert client.get("/buku/tidak-ada/").status_code == 404
