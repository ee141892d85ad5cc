import datetime

import pytest
from django.db import connection

from tenant_apps.population import codes
from tenant_apps.population.services import resident_register
from tests.conftest import PASSWORD, host_client
from tests.population.factories import SITI_NIK, resident_data


def _client(village, who="operator"):
    client = host_client(village)
    token = client.post("/api/v1/auth/token/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


@pytest.fixture
def senggigi_residents(senggigi, in_village):
    operator = in_village(senggigi)
    people = [
        resident_register(actor=operator, data=resident_data()),
        resident_register(actor=operator, data=resident_data(
            nik="5201141207850003", name="Budi Santoso", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12),
            religion=codes.Religion.HINDU)),
        resident_register(actor=operator, data=resident_data(
            nik="", name="Bayi Putu", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date.today(),
            marital_status=codes.MaritalStatus.BELUM_KAWIN, religion=codes.Religion.HINDU, occupation=None)),
    ]
    connection.set_schema_to_public()
    return people


def test_operator_lists_and_searches_residents(senggigi_residents, senggigi):
    client = _client(senggigi)
    body = client.get("/api/v1/residents/").json()
    assert body["count"] == 3 and {"next", "previous", "results"} <= set(body)
    assert [r["name"] for r in client.get("/api/v1/residents/", {"search": "budi"}).json()["results"]] == ["Budi Santoso"]
    assert [r["nik"] for r in client.get("/api/v1/residents/", {"search": "52011445"}).json()["results"]] == [SITI_NIK]
    assert client.get("/api/v1/residents/", {"sex": 2}).json()["count"] == 1
    assert client.get("/api/v1/residents/", {"age_max": 4}).json()["count"] == 1
    assert client.get("/api/v1/residents/", {"sex": "x"}).status_code == 400


def test_operator_creates_and_updates(senggigi, regions):
    client = _client(senggigi)
    payload = {**resident_data(), "birth_date": "1990-03-05"}
    created = client.post("/api/v1/residents/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    resident_id = created.json()["id"]
    patched = client.patch(f"/api/v1/residents/{resident_id}/", {"phone": "081234"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["phone"] == "081234"
    duplicate = client.post("/api/v1/residents/", payload, content_type="application/json")
    assert duplicate.status_code == 400 and "nik" in duplicate.json()
    bad = client.post("/api/v1/residents/", {**payload, "nik": "12", "birth_date": "kemarin"}, content_type="application/json")
    assert bad.status_code == 400 and {"birth_date"} <= set(bad.json())


def test_viewer_reads_but_cannot_write(senggigi_residents, senggigi):
    client = _client(senggigi, "viewer")
    assert client.get("/api/v1/residents/").status_code == 200
    assert client.post("/api/v1/residents/", {}, content_type="application/json").status_code == 403
    resident_id = senggigi_residents[0].pk
    assert client.patch(f"/api/v1/residents/{resident_id}/", {"phone": "1"}, content_type="application/json").status_code == 403


def test_villages_never_see_each_others_residents(senggigi_residents, senggigi, sukamaju, in_village):
    from tenant_apps.population.models import ImportJob
    from tenant_apps.population.services import family_create

    operator = in_village(senggigi)
    family_create(actor=operator, no_kk="5201140101200001")
    job = ImportJob.objects.create(file_name="penduduk.xlsx", created_by_username=operator.email)
    connection.set_schema_to_public()
    assert _client(senggigi).get("/api/v1/imports/").json()["count"] == 1

    client = _client(sukamaju)
    assert client.get("/api/v1/residents/").json()["count"] == 0
    assert client.get(f"/api/v1/residents/{senggigi_residents[0].pk}/").status_code == 404
    assert client.get("/api/v1/statistics/sex/").json()["total"] == 0
    assert client.get("/api/v1/families/").json()["count"] == 0
    assert client.get("/api/v1/imports/").json()["count"] == 0
    assert client.get(f"/api/v1/imports/{job.pk}/").status_code == 404
    # A token of Senggigi is refused on Sukamaju's host, not answered with Senggigi's data.
    stolen = host_client(sukamaju, HTTP_AUTHORIZATION=_client(senggigi).defaults["HTTP_AUTHORIZATION"])
    assert stolen.get("/api/v1/residents/").status_code in (401, 403)
    outsider = host_client(sukamaju)
    assert outsider.get("/api/v1/residents/").status_code == 401


def test_statistics_shape_and_counts(senggigi_residents, senggigi):
    client = _client(senggigi)
    body = client.get("/api/v1/statistics/religion/").json()
    assert body["total"] == 3
    hindu = next(row for row in body["rows"] if row["code"] == codes.Religion.HINDU)
    assert hindu == {"code": 4, "label": "HINDU", "male": 2, "female": 0, "total": 2, "percent": 66.67}
    assert len(body["rows"]) == len(codes.Religion.choices)
    occupation = client.get("/api/v1/statistics/occupation/").json()
    assert occupation["rows"][-1] == {"code": None, "label": "BELUM MENGISI", "male": 1, "female": 0, "total": 1,
                                      "percent": 33.33}
    ages = client.get("/api/v1/statistics/age-range/").json()["rows"]
    assert ages[0]["total"] == 1 and ages[0]["label"] == "Di bawah 1 Tahun"
    for category in ("sex", "age-range", "education-kk", "occupation", "marital-status", "age-category"):
        assert client.get(f"/api/v1/statistics/{category}/").status_code == 200
    assert client.get("/api/v1/statistics/zodiak/").status_code == 404


def test_families_list(senggigi, in_village):
    from tenant_apps.population.services import family_create

    operator = in_village(senggigi)
    family_create(actor=operator, no_kk="5201140101200001", address="Jl. Raya")
    connection.set_schema_to_public()
    body = _client(senggigi).get("/api/v1/families/").json()
    assert body["count"] == 1 and body["results"][0]["no_kk"] == "5201140101200001"
