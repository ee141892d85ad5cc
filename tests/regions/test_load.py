import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shared_apps.regions.models import Region
from shared_apps.regions.services import RegionFileError, regions_load

FULL_LIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "wilayah.csv"


def _csv(tmp_path, body: str) -> Path:
    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama,tingkat\n" + body, encoding="utf-8")
    return path


GOOD = "52,Nusa Tenggara Barat,provinsi\n52.01,Kabupaten Lombok Barat,kabupaten_kota\n52.01.14,Batu Layar,kecamatan\n52.01.14.2006,Senggigi,desa_kelurahan\n"


def test_load_links_parents_and_reports_counts(db, tmp_path):
    report = regions_load(path=_csv(tmp_path, GOOD))
    assert (report.added, report.changed, report.unchanged) == (4, 0, 0)
    senggigi = Region.objects.select_related("parent__parent__parent").get(code="52.01.14.2006")
    assert senggigi.parent.parent.parent.name == "Nusa Tenggara Barat"


def test_reload_is_idempotent_and_counts_changes(db, tmp_path):
    regions_load(path=_csv(tmp_path, GOOD))
    assert regions_load(path=_csv(tmp_path, GOOD)).unchanged == 4
    report = regions_load(path=_csv(tmp_path, GOOD.replace("Senggigi", "Senggigi Indah")))
    assert (report.added, report.changed, report.unchanged) == (0, 1, 3)
    assert Region.objects.get(code="52.01.14.2006").name == "Senggigi Indah"


def test_names_with_commas_are_read_as_csv(db, tmp_path):
    regions_load(path=_csv(tmp_path, GOOD + '52.01.14.2010,"Lubuk Pakam I,II",desa_kelurahan\n'))
    assert Region.objects.get(code="52.01.14.2010").name == "Lubuk Pakam I,II"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("52,NTB,negara\n", "line 2: unknown tingkat 'negara'"),
        ("52.1,NTB,kabupaten_kota\n", "line 2: code '52.1' is not a valid kabupaten_kota code"),
        ("52,,provinsi\n", "line 2: nama is empty"),
        ("52,NTB,provinsi\n52,NTB,provinsi\n", "line 3: code 52 appears twice"),
        ("52.01.14.2006,Senggigi,desa_kelurahan\n", "parent 52.01.14 is neither in the file nor loaded"),
        ("52,NTB\n", "line 2: expected 3 columns, got 2"),
    ],
)
def test_bad_files_load_nothing(db, tmp_path, body, message):
    with pytest.raises(RegionFileError) as caught:
        regions_load(path=_csv(tmp_path, body))
    assert message in caught.value.errors[0]
    assert not Region.objects.exists()


def test_wrong_header_is_refused(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("code,name,level\n52,NTB,provinsi\n")
    with pytest.raises(RegionFileError, match="header must be kode,nama,tingkat"):
        regions_load(path=path)


def test_cli_reports_counts_and_fails_with_exit_2(db, tmp_path, capsys):
    call_command("regions", "load", "--sample")
    assert "21 added, 0 changed, 0 unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("regions", "load", str(tmp_path / "missing.csv"))
    assert caught.value.returncode == 2
    assert "nothing loaded: cannot open" in str(caught.value)


@pytest.mark.skipif(not FULL_LIST.exists(), reason="../shared/data/wilayah.csv is not beside the repository")
def test_the_full_kemendagri_list_loads_and_reloads(db):
    started = time.perf_counter()
    report = regions_load(path=FULL_LIST)
    elapsed = time.perf_counter() - started
    assert report.added == 91_599
    assert Region.objects.filter(level=Region.Level.DESA_KELURAHAN).count() == 83_762
    assert not Region.objects.exclude(level=Region.Level.PROVINSI).filter(parent__isnull=True).exists()
    assert regions_load(path=FULL_LIST).unchanged == 91_599
    print(f"full region list loaded in {elapsed:.1f} s")
