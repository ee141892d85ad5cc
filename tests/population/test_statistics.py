"""Statistics beyond the plain code lists: age-band edges, birth certificates,
ethnicity as written, and narrowing to a dusun, RW or RT."""
import datetime

import pytest

from tenant_apps.population import codes
from tenant_apps.population.selectors import NO_BIRTH_CERTIFICATE, NOT_FILLED, statistics
from tenant_apps.population.services import resident_register, rt_ensure
from tests.conftest import PASSWORD, host_client
from tests.population.factories import resident_data

pytestmark = pytest.mark.django_db


def _years_before(today: datetime.date, years: int, *, days: int = 0) -> datetime.date:
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def _add(operator, **data):
    return resident_register(actor=operator, data=resident_data(nik="", **data))


def _signed_in(village):
    client = host_client(village)
    client.post("/masuk/", {"username": f"operator@{village.slug}.test", "password": PASSWORD})
    return client


def _totals(category, **area):
    return {row["label"]: row["total"] for row in statistics(category, **area)["rows"]}


def test_age_bands_change_on_the_birthday(senggigi, in_village):
    operator = in_village(senggigi)
    today = datetime.date.today()
    _add(operator, name="Dua Tahun", birth_date=_years_before(today, 2))
    _add(operator, name="Besok Dua", birth_date=_years_before(today, 2, days=-1))
    _add(operator, name="Tujuh Lima", birth_date=_years_before(today, 75))
    _add(operator, name="Tujuh Empat", birth_date=_years_before(today, 75, days=-1))
    totals = _totals("age-range")
    assert totals["Di bawah 1 Tahun"] == 1 and totals["2 s/d 4 Tahun"] == 1
    assert totals["70 s/d 74 Tahun"] == 1 and totals["Di atas 75 Tahun"] == 1


def test_birth_certificates_by_age_range_and_those_without(senggigi, in_village):
    operator = in_village(senggigi)
    today = datetime.date.today()
    _add(operator, name="Punya Akta", birth_date=_years_before(today, 3), birth_certificate_no="5201-LT-001")
    _add(operator, name="Tanpa Akta", birth_date=_years_before(today, 40))
    data = statistics("birth-certificate")
    totals = {row["label"]: row["total"] for row in data["rows"]}
    assert totals["2 s/d 4 Tahun"] == 1 and totals[NO_BIRTH_CERTIFICATE] == 1 and data["total"] == 2


def test_ethnicity_counts_names_as_written_most_common_first(senggigi, in_village):
    operator = in_village(senggigi)
    for index, ethnicity in enumerate(["Sasak", " sasak ", "Bali", ""]):
        _add(operator, name=f"Warga {index}", ethnicity=ethnicity)
    rows = statistics("ethnicity")["rows"]
    assert [(row["code"], row["total"]) for row in rows] == [("SASAK", 2), ("BALI", 1), (None, 1)]
    assert rows[-1]["label"] == NOT_FILLED


def test_statistics_narrow_to_a_dusun_rw_or_rt(senggigi, in_village):
    operator = in_village(senggigi)
    north = rt_ensure(actor=operator, dusun="Utara", rw="01", rt="001")
    south = rt_ensure(actor=operator, dusun="Selatan", rw="02", rt="003")
    _add(operator, name="Di Utara", rt=north, sex=codes.Sex.LAKI_LAKI)
    _add(operator, name="Di Selatan", rt=south)
    _add(operator, name="Juga Di Selatan", rt=south)
    assert statistics("sex")["total"] == 3
    assert statistics("sex", rt=north.pk)["total"] == 1
    assert statistics("sex", rw=south.rw_id)["total"] == 2
    assert _totals("sex", dusun=north.rw.dusun_id) == {"LAKI-LAKI": 1, "PEREMPUAN": 0}

    client = _signed_in(senggigi)
    page = client.get(f"/statistik/sex/?area=t{south.pk}").content.decode()
    assert 'data-testid="statistics-total">2<' in page
    # A place that no longer exists: the whole village, and a message that says so.
    page = client.get("/statistik/sex/?area=t999999").content.decode()
    assert 'data-testid="statistics-total">3<' in page and 'role="alert"' in page
    assert client.get("/statistik/zodiak/").status_code == 404


def test_every_category_has_a_page(senggigi, in_village):
    from tenant_apps.population.selectors import CATEGORIES

    operator = in_village(senggigi)
    _add(operator, name="Satu Warga")
    client = _signed_in(senggigi)
    for slug, title in CATEGORIES.items():
        page = client.get(f"/statistik/{slug}/").content.decode()
        assert f"{title}" in page and 'data-testid="statistics-total">1<' in page, slug
