"""Letters issued per month and type: rolled up from the villages, summed up the
regions, published suppressed, seen only inside the official's region."""
import datetime
import io

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from shared_apps.oversight.models import RollupCell, VillageChange
from shared_apps.oversight.publish import SUPPRESSED
from shared_apps.oversight.refresh import rollup_refresh, villages_to_refresh
from tenant_apps.letters.letter_types import letter_type_save, shipped_type_names
from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.letters.services import letter_issue, letter_revoke
from tenant_apps.population.services import resident_register
from tests.oversight.conftest import TODAY, letters_add, signed_in, with_token
from tests.population.factories import resident_data
from tests.oversight.test_rollup import cells, operator_of

THIS_MONTH = TODAY.strftime("%Y-%m")
LAST_YEAR = (TODAY.replace(day=1) - datetime.timedelta(days=200)).strftime("%Y-%m")
TOO_OLD = TODAY.replace(year=TODAY.year - 3)


@pytest.fixture
def lettered(populated):
    """Senggigi: 7 S-01 and 2 S-04 this month, 6 S-01 half a year ago, one revoked, one too old;
    Sukamaju: 3 S-01 this month and 1 of its own type DOM-KHUSUS."""
    senggigi, sukamaju = populated["senggigi"], populated["sukamaju"]
    letters_add(senggigi, "S-01", 7)
    letters_add(senggigi, "S-04", 2)
    letters_add(senggigi, "S-01", 6, on=datetime.date.fromisoformat(LAST_YEAR + "-15"))
    letters_add(senggigi, "S-01", 1, status=Letter.Status.REVOKED)
    letters_add(senggigi, "S-01", 1, on=TOO_OLD)
    letters_add(sukamaju, "S-01", 3)
    with tenant_context(sukamaju):
        template = LetterType.objects.get(code="S-01").template
        letter_type_save(actor=operator_of(sukamaju), data={"code": "DOM-KHUSUS", "name": "Surat Desa Sendiri",
                                                            "template": template,
                                                            "form_fields": [{"name": "keperluan"}]})
    connection.set_schema_to_public()
    letters_add(sukamaju, "DOM-KHUSUS", 1)
    rollup_refresh(everything=True)
    return populated


def test_letters_issued_are_rolled_up_per_month_and_type_code(lettered):
    assert cells("52.01.14.2006", "letters") == {
        (THIS_MONTH, "S-01", ""): 7, (THIS_MONTH, "S-04", ""): 2, (LAST_YEAR, "S-01", ""): 6}
    for code in ("52.01.14", "52.01"):
        assert cells(code, "letters") == cells("52.01.14.2006", "letters")
    assert cells("52.04", "letters") == {(THIS_MONTH, "S-01", ""): 3, (THIS_MONTH, "DOM-KHUSUS", ""): 1}
    assert cells("52", "letters") == {(THIS_MONTH, "S-01", ""): 10, (THIS_MONTH, "S-04", ""): 2,
                                      (LAST_YEAR, "S-01", ""): 6, (THIS_MONTH, "DOM-KHUSUS", ""): 1}


def test_letters_are_published_suppressed_with_shipped_names(lettered, lombok_barat_official):
    summary = with_token(lombok_barat_official).get("/api/v1/oversight/regions/52.01/").json()["letters"]
    assert summary["types"] == [{"code": "S-01", "name": "Surat Keterangan Pengantar", "total": 15},  # 13
                                {"code": "S-04", "name": shipped_type_names()["S-04"], "total": SUPPRESSED}]
    months = {month["month"]: month for month in summary["months"]}
    assert len(months) == 12 and list(months)[-1] == THIS_MONTH
    assert months[THIS_MONTH] == {"month": THIS_MONTH, "total": 10, "by_type": {"S-01": 5, "S-04": SUPPRESSED}}
    assert months[LAST_YEAR]["by_type"] == {"S-01": 5, "S-04": SUPPRESSED}
    assert summary["total"] == 15


def test_a_village_own_type_is_shown_by_code_without_its_name(lettered, sumbawa_official):
    summary = with_token(sumbawa_official).get("/api/v1/oversight/regions/52.04/").json()["letters"]
    assert summary["types"] == [{"code": "DOM-KHUSUS", "name": "", "total": SUPPRESSED},
                                {"code": "S-01", "name": "Surat Keterangan Pengantar", "total": SUPPRESSED}]
    assert "Surat Desa Sendiri" not in str(summary)


def test_official_sees_letters_of_their_region_only(lettered, sumbawa_official):
    client = with_token(sumbawa_official)
    assert client.get("/api/v1/oversight/regions/52.01/").status_code == 404
    own = client.get("/api/v1/oversight/regions/52.04/").json()["letters"]
    assert "S-04" not in {letter_type["code"] for letter_type in own["types"]}  # issued only in Lombok Barat
    page = signed_in(sumbawa_official).get("/wilayah/52.04/").content.decode()
    assert 'data-testid="table-letters"' in page and "DOM-KHUSUS" in page and "S-04" not in page


def test_letters_table_is_in_the_page_and_both_exports(lettered, lombok_barat_official):
    client = signed_in(lombok_barat_official)
    page = client.get("/wilayah/52.01/").content.decode()
    assert 'data-testid="letters-chart"' in page and "Surat Keterangan Pengantar" in page
    csv_text = client.get("/wilayah/52.01/ekspor.csv").content.decode("utf-8-sig")
    assert "Surat terbit per jenis per bulan" in csv_text
    row = next(line for line in csv_text.splitlines() if line.startswith("S-01,"))
    assert row.split(",")[-1] == "15" and row.split(",")[-2] == "5"  # 13 in 12 months; 7 this month
    workbook = load_workbook(io.BytesIO(client.get("/wilayah/52.01/ekspor.xlsx").content))
    rows = list(workbook["letters"].iter_rows(values_only=True))
    assert rows[2][:2] == ("S-01", "Surat Keterangan Pengantar") and rows[2][-1] == 15
    assert rows[-1][1] == "Semua jenis" and rows[-1][-2] == 10


def test_issuing_and_revoking_a_letter_marks_the_village_for_the_next_refresh(lettered):
    senggigi = lettered["senggigi"]
    operator = operator_of(senggigi)
    connection.set_tenant(senggigi)
    official = Official.objects.get()
    siti = resident_register(actor=operator, data=resident_data())
    connection.set_schema_to_public()
    rollup_refresh()  # registering Siti marked the village; start from no marks
    connection.set_tenant(senggigi)
    letter = letter_issue(actor=operator, role="operator", letter_type=LetterType.objects.get(code="S-04"),
                          official=official, resident=siti, fields={"keperluan": "Melamar pekerjaan"})
    connection.set_schema_to_public()
    assert [village.code for village in villages_to_refresh(everything=False)] == [senggigi.code]
    rollup_refresh()
    assert cells("52.01", "letters")[(THIS_MONTH, "S-04", "")] == 3

    connection.set_tenant(senggigi)
    letter_revoke(actor=operator, letter=letter, reason="Salah keperluan")
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=senggigi).count() == 1
    rollup_refresh()
    assert cells("52.01", "letters")[(THIS_MONTH, "S-04", "")] == 2
    assert not RollupCell.objects.filter(metric="letters", region_code="52.04.02.2008", d2="S-04").exists()
