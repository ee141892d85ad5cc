"""An official sees their own region and nothing else: by URL, API, filter or export."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shared_apps.ops.models import PlatformAuditEntry
from tests.conftest import PASSWORD, host_client
from tests.oversight.conftest import signed_in, with_token

SENGGIGI = "52.01.14.2006"
OTHER_KABUPATEN = ["52.01", "52.01.14", SENGGIGI]


@pytest.mark.parametrize("code", OTHER_KABUPATEN)
def test_official_cannot_open_another_kabupaten_by_url(populated, sumbawa_official, code):
    client = signed_in(sumbawa_official)
    assert client.get(f"/wilayah/{code}/").status_code == 404
    for file_format in ("csv", "xlsx"):
        assert client.get(f"/wilayah/{code}/ekspor.{file_format}").status_code == 404


@pytest.mark.parametrize("code", OTHER_KABUPATEN + ["52"])
def test_official_cannot_read_another_kabupaten_by_api(populated, sumbawa_official, code):
    client = with_token(sumbawa_official)
    outside = client.get(f"/api/v1/oversight/regions/{code}/")
    unknown = client.get("/api/v1/oversight/regions/52.99/")
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()  # out of scope looks exactly like unknown
    assert client.get("/api/v1/oversight/villages/", {"region": code}).status_code == 404


def test_official_lists_only_villages_of_their_region(populated, sumbawa_official, lombok_barat_official):
    listed = with_token(sumbawa_official).get("/api/v1/oversight/villages/").json()
    assert [village["code"] for village in listed["villages"]] == ["52.04.02.2008"]
    assert listed["villages"][0]["population"] == 10  # 8, published rounded to 5
    listed = with_token(lombok_barat_official).get("/api/v1/oversight/villages/", {"region": "52.01.14"}).json()
    assert [village["code"] for village in listed["villages"]] == [SENGGIGI]


def test_official_sees_their_kabupaten_and_drills_down_to_the_desa(populated, lombok_barat_official):
    client = with_token(lombok_barat_official)
    summary = client.get("/api/v1/oversight/regions/52.01/").json()
    assert summary["region"]["name"] == "Kabupaten Lombok Barat"
    assert summary["parent"] is None  # the provinsi is above the official's scope
    assert summary["villages"] == {"on_balai": 1, "suspended": 0, "total": 9}
    assert summary["population"]["by_sex"] == {"male": 10, "female": 10, "total": 25}
    assert [child["code"] for child in summary["children"]] == ["52.01.14"]
    desa = client.get(f"/api/v1/oversight/regions/{SENGGIGI}/").json()
    assert desa["parent"]["code"] == "52.01.14" and desa["children"] == []

    page = signed_in(lombok_barat_official).get("/wilayah/", follow=True)
    assert page.redirect_chain[-1][0] == "/wilayah/52.01/"
    body = page.content.decode()
    assert "Kabupaten Lombok Barat" in body and "Batu Layar" in body and "Sumbawa" not in body


def test_official_cannot_sign_in_to_a_village(populated, lombok_barat_official):
    village = host_client(populated["senggigi"])
    response = village.post("/masuk/", {"username": lombok_barat_official.user.email, "password": PASSWORD})
    assert response.status_code == 200 and "salah" in response.content.decode()
    token = village.post("/api/v1/auth/token/", {"username": lombok_barat_official.user.email, "password": PASSWORD},
                         content_type="application/json")
    assert token.status_code == 400


def test_village_staff_and_platform_staff_are_not_officials(populated, platform_staff):
    staff = host_client()
    staff.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    assert staff.get("/wilayah/52.01/").status_code == 302  # not signed in on the control plane
    ops = host_client()
    assert ops.post("/masuk/", {"username": platform_staff.email, "password": PASSWORD}).status_code == 302
    assert ops.get("/wilayah/52.01/").status_code == 403
    assert host_client().get("/api/v1/oversight/regions/52.01/").status_code in (401, 403)


def test_me_names_the_official_role(populated, lombok_barat_official):
    assert with_token(lombok_barat_official).get("/api/v1/me/").json()["role"] == "regional_official"


def test_exports_are_suppressed_formula_free_and_audited(populated, lombok_barat_official):
    from io import BytesIO

    from openpyxl import load_workbook

    client = signed_in(lombok_barat_official)
    csv_text = client.get("/wilayah/52.01.14/ekspor.csv").content.decode("utf-8-sig")
    assert "<5" in csv_text and "Batu Layar" in csv_text
    workbook = load_workbook(BytesIO(client.get("/wilayah/52.01.14/ekspor.xlsx").content))
    values = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert values and not [cell for cell in values if cell.data_type == "f"]
    assert not [cell.value for cell in values if isinstance(cell.value, int) and 0 < cell.value < 5
                and cell.column > 1 and cell.parent.title not in ("villages", "children")]
    exports = PlatformAuditEntry.objects.filter(action="oversight.export", actor=lombok_barat_official.user)
    assert sorted(entry.details["format"] for entry in exports) == ["csv", "xlsx"]


@pytest.mark.parametrize(("region", "email", "message"), [
    ("52.99", "baru@wilayah.test", "tidak ada dalam daftar"),
    ("52.01.14.2006", "baru@wilayah.test", "kode desa/kelurahan"),
    ("52.01", "operator@senggigi.test", "sudah terdaftar"),
])
def test_official_create_command_refuses_bad_input(populated, region, email, message):
    with pytest.raises(CommandError, match=message) as failure:
        call_command("oversight", "official", "create", "--email", email, "--password", PASSWORD, "--region", region)
    assert failure.value.returncode == 2


def test_official_create_command(regions, capsys):
    call_command("oversight", "official", "create", "--email", "Camat@BatuLayar.test", "--password", PASSWORD,
                 "--region", "52.01.14")
    assert "created official camat@batulayar.test for 52.01.14 Batu Layar" in capsys.readouterr().out


def test_oversight_requests_read_rollups_only_never_a_village_schema(populated, lombok_barat_official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api, page = with_token(lombok_barat_official), signed_in(lombok_barat_official)
    with CaptureQueriesContext(connection) as queries:
        assert api.get(f"/api/v1/oversight/regions/{SENGGIGI}/").status_code == 200
        assert api.get("/api/v1/oversight/villages/").status_code == 200
        assert page.get("/wilayah/52.01.14/").status_code == 200
        assert page.get("/wilayah/52.01/ekspor.xlsx").status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries).lower()
    assert "population_" not in sql and "search_path" not in sql and populated["senggigi"].schema_name not in sql
