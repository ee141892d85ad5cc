"""Oversight's story: Senggigi (kabupaten Lombok Barat, 52.01) and Sukamaju
(kabupaten Sumbawa, 52.04), each with residents; an official of each kabupaten
who must see only their own."""
import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.oversight.refresh import rollup_refresh
from shared_apps.oversight.services import official_create
from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tests.conftest import PASSWORD, host_client

_serial = itertools.count(1)
TODAY = datetime.date.today()


def born_years_ago(years: int) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years, day=1) - datetime.timedelta(days=40)


def residents_add(village, count: int, **fields) -> list[Resident]:
    """``count`` living residents straight into the village's table (no service, so no change mark)."""
    values = {"sex": codes.Sex.PEREMPUAN, "religion": codes.Religion.ISLAM, "birth_date": born_years_ago(30),
              "marital_status": codes.MaritalStatus.KAWIN, "education_kk": 5, "occupation": 2, **fields}
    with tenant_context(village):
        created = Resident.objects.bulk_create(
            Resident(nik=f"99{next(_serial):014d}", name=f"Warga Rahasia {next(_serial)}",
                     address="Jalan Rahasia 1", **values) for _ in range(count))
    connection.set_schema_to_public()
    return created


def letters_add(village, code: str, count: int, *, on: datetime.date = TODAY,
                status: str = Letter.Status.ISSUED) -> None:
    """``count`` letters straight into the village's table (no service: no PDF to render, no change mark)."""
    with tenant_context(village):
        letter_type = LetterType.objects.get(code=code)
        official = Official.objects.get_or_create(name="Lalu Ahmad", position="Kepala Desa")[0]
        Letter.objects.bulk_create(
            Letter(letter_type=letter_type, official=official, status=status, number=f"{code}/{serial}/{village.slug}",
                   verification_code=f"TEST-{serial}", masked_name="S*** A*****", requested_by_username="operator",
                   pdf=b"%PDF", issued_on=on, issued_at=timezone.now())
            for serial in (next(_serial) for _ in range(count)))
    connection.set_schema_to_public()


@pytest.fixture
def populated(sukamaju, senggigi):
    """Senggigi: 12 women aged 30 and 11 men aged 40, 3 of them Kristen; Sukamaju: 8 women aged 30."""
    residents_add(senggigi, 12)
    residents_add(senggigi, 8, sex=codes.Sex.LAKI_LAKI, birth_date=born_years_ago(40))
    residents_add(senggigi, 3, sex=codes.Sex.LAKI_LAKI, birth_date=born_years_ago(40), religion=codes.Religion.KRISTEN)
    residents_add(sukamaju, 8)
    rollup_refresh(everything=True)
    return {"senggigi": senggigi, "sukamaju": sukamaju}


@pytest.fixture
def lombok_barat_official(regions):
    return official_create(email="kabid@lombokbaratkab.test", password=PASSWORD, region_code="52.01")


@pytest.fixture
def sumbawa_official(regions):
    return official_create(email="kabid@sumbawakab.test", password=PASSWORD, region_code="52.04")


def signed_in(official):
    client = host_client()
    assert client.post("/masuk/", {"username": official.user.email, "password": PASSWORD}).status_code == 302
    return client


def with_token(official):
    client = host_client()
    response = client.post("/api/v1/auth/token/", {"username": official.user.email, "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {response.json()['token']}"
    return client
