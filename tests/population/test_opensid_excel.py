import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.formula import ArrayFormula

from tenant_apps.population import codes
from tenant_apps.population.import_jobs import import_job_create, import_job_progress
from tenant_apps.population.models import Dusun, Family, ImportJob, Resident
from tenant_apps.population.opensid_excel import HEADER, OpenSIDFileError, workbook_read
from tenant_apps.population.opensid_export import population_export_csv, population_export_xlsx
from tenant_apps.population.opensid_import import population_import
from tenant_apps.population.tasks import import_file
from tenant_apps.village.models import AuditEntry

# Budi (man, 12-07-1985) and Siti (woman, 05-03-1990: day + 40) of Batu Layar 52.01.14.
BUDI_NIK, SITI_NIK, KK = "5201141207850003", "5201144503900001", "5201140101200001"


def opensid_row(**values) -> dict:
    row = {
        "alamat": "Jl. Raya Senggigi 1", "dusun": "Senggigi", "rw": "001", "rt": "002", "nama": "Budi",
        "no_kk": KK, "nik": BUDI_NIK, "sex": 1, "tempatlahir": "Mataram", "tanggallahir": datetime.date(1985, 7, 12),
        "agama_id": 1, "pendidikan_kk_id": 5, "pekerjaan_id": 2, "status_kawin": 2, "kk_level": 1,
        "warganegara_id": 1, "golongan_darah_id": 4, "status_dasar": 1, "suku": "Sasak", "lat": -8.48, "lng": 116.04,
    }
    row.update(values)
    return row


def siti(**values) -> dict:
    return opensid_row(**{"nama": "Siti Aminah", "nik": SITI_NIK, "sex": 2, "tanggallahir": "05-03-1990",
                          "kk_level": 3, "lat": None, "lng": None, **values})


def workbook(*rows, header=HEADER, after=()) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(column) for column in header])
    for raw in after:
        sheet.append(list(raw))
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def dry_run(stream, commit=False):
    rows = workbook_read(stream)
    return population_import(actor=None, rows=rows, commit=commit)


def errors(report) -> list[str]:
    return [error for row in report.rows for error in row.errors]


def test_import_with_codes_creates_wilayah_family_and_head(senggigi, in_village):
    in_village(senggigi)
    report = dry_run(workbook(opensid_row(), siti()))
    assert report.summary == {"rows": 2, "new": 2, "updated": 0, "unchanged": 0, "errors": 0, "warnings": 0}
    assert not Resident.objects.exists(), "a dry run changes nothing"
    report = dry_run(workbook(opensid_row(), siti()), commit=True)
    assert report.committed
    budi = Resident.objects.get(nik=BUDI_NIK)
    family = Family.objects.get(no_kk=KK)
    assert family.head == budi and family.address == "Jl. Raya Senggigi 1"
    assert str(budi.rt) == "Senggigi RW 001 RT 002" and budi.family == family
    assert (budi.religion, budi.blood_type, budi.ethnicity) == (codes.Religion.ISLAM, codes.BloodType.O, "Sasak")
    assert str(budi.latitude) == "-8.480000"
    assert Resident.objects.get(nik=SITI_NIK).birth_date == datetime.date(1990, 3, 5)
    assert AuditEntry.objects.filter(action="population.import", actor_username="system").count() == 1


def test_import_accepts_labels_and_text_dates(senggigi, in_village):
    in_village(senggigi)
    row = opensid_row(sex="LAKI-LAKI", agama_id="Islam", status_kawin="kawin", kk_level="Kepala Keluarga",
                      pendidikan_kk_id="SLTA / SEDERAJAT", golongan_darah_id="o", hamil="Tidak Hamil",
                      tanggallahir="1985-07-12", tanggalperkawinan="01/02/2010", ktp_el="KTP-EL")
    report = dry_run(workbook(row), commit=True)
    assert errors(report) == []
    budi = Resident.objects.get()
    assert (budi.sex, budi.marital_status, budi.pregnancy) == (1, 2, codes.Pregnancy.TIDAK_HAMIL)
    assert budi.marriage_date == datetime.date(2010, 2, 1) and budi.ktp_el == codes.KtpEl.KTP_EL


def test_a_required_column_left_empty_is_named(senggigi, in_village):
    in_village(senggigi)
    assert workbook_read(workbook(opensid_row(nama=None, status_kawin="")))[0].errors == [
        "Kolom nama wajib diisi.", "Kolom status_kawin wajib diisi."]


def test_reading_stops_at_the_stop_mark(senggigi, in_village):
    in_village(senggigi)
    rows = workbook_read(workbook(opensid_row(), after=[["###"], ["x", "y", "z"]]))
    assert len(rows) == 1


def test_nik_structure_anomalies_are_warnings(senggigi, in_village):
    in_village(senggigi)
    report = dry_run(workbook(opensid_row(nik="5201140101850003")), commit=True)
    assert report.committed and report.summary["warnings"] == 1
    assert "Tanggal lahir dalam NIK" in report.rows[0].warnings[0]


def test_reimport_updates_by_nik_and_never_duplicates(senggigi, in_village):
    in_village(senggigi)
    dry_run(workbook(opensid_row(), siti()), commit=True)
    report = dry_run(workbook(opensid_row(suku="Bali"), siti()), commit=True)
    assert report.summary | {} == {"rows": 2, "new": 0, "updated": 1, "unchanged": 1, "errors": 0, "warnings": 0}
    assert Resident.objects.count() == 2 and Resident.objects.get(nik=BUDI_NIK).ethnicity == "Bali"


def test_a_row_without_nik_gets_a_temporary_nik_once(senggigi, in_village):
    in_village(senggigi)
    baby = opensid_row(nama="Bayi", nik=None, tanggallahir="2024-01-02", kk_level=4, status_kawin=1)
    dry_run(workbook(opensid_row(), baby), commit=True)
    temporary = Resident.objects.get(name="Bayi")
    assert temporary.nik_is_temporary
    report = dry_run(workbook(opensid_row(), baby), commit=True)
    assert report.summary["unchanged"] == 2 and Resident.objects.count() == 2
    # The real NIK, once known, replaces the temporary one.
    dry_run(workbook(opensid_row(), baby | {"nik": "5201140201240004"}), commit=True)
    temporary.refresh_from_db()
    assert (temporary.nik, temporary.nik_is_temporary, Resident.objects.count()) == ("5201140201240004", False, 2)


def test_round_trip_export_then_import_is_unchanged(senggigi, in_village, tmp_path):
    in_village(senggigi)
    tricky = siti(alamat="=HYPERLINK(\"http://x\")", nama_ibu="'Quoted", suku="-Sasak", hamil=1)
    baby = opensid_row(nama="Bayi", nik=None, tanggallahir="2024-01-02", kk_level=4, status_kawin=1)
    dry_run(workbook(opensid_row(), baby, tricky | {"alamat": "@alamat"}), commit=True)
    before = list(Resident.objects.values().order_by("id"))
    stream = io.BytesIO()
    assert population_export_xlsx(stream) == 3
    stream.seek(0)
    report = dry_run(stream, commit=True)
    assert report.summary == {"rows": 3, "new": 0, "updated": 0, "unchanged": 3, "errors": 0, "warnings": 0}
    after = list(Resident.objects.values().order_by("id"))
    assert [{k: v for k, v in r.items() if k != "updated_at"} for r in after] == \
        [{k: v for k, v in r.items() if k != "updated_at"} for r in before]


def test_exported_text_never_runs_as_a_formula(senggigi, in_village):
    in_village(senggigi)
    dry_run(workbook(opensid_row(alamat="+1+1", suku="@SUM(A1)", nama_ayah="-2")), commit=True)
    Resident.objects.update(name="=1+1", mother_name="\tx")  # as if typed by an operator
    stream = io.BytesIO()
    population_export_xlsx(stream)
    stream.seek(0)
    sheet = load_workbook(stream).active
    cells = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert all(cell.data_type != "f" for cell in sheet[2])
    assert (cells["nama"].value, cells["alamat"].value, cells["suku"].value) == ("'=1+1", "'+1+1", "'@SUM(A1)")
    assert (cells["nama_ayah"].value, cells["nama_ibu"].value) == ("'-2", "'\tx")
    text = io.StringIO()
    population_export_csv(text)
    record = dict(zip(HEADER, list(csv.reader(io.StringIO(text.getvalue())))[1], strict=True))
    assert (record["nama"], record["alamat"], record["nama_ibu"]) == ("'=1+1", "'+1+1", "'\tx")


def test_wrong_file_type_is_refused(senggigi, in_village):
    in_village(senggigi)
    for content in (b"nama,nik\nBudi,1\n", b"PK\x03\x04 not really a zip"):
        with pytest.raises(OpenSIDFileError) as caught:
            workbook_read(io.BytesIO(content))
        assert "bukan Excel .xlsx" in caught.value.message


def test_missing_and_renamed_columns_are_named(senggigi, in_village):
    in_village(senggigi)
    header = [("nama_lengkap" if column == "nama" else column) for column in HEADER if column != "lng"]
    with pytest.raises(OpenSIDFileError) as caught:
        workbook_read(workbook(header=header))
    assert caught.value.message == ("Kolom tidak ditemukan: nama, lng. "
                                    "Kolom tidak dikenal (salah nama?): nama_lengkap.")


def test_oversized_files_are_refused(senggigi, in_village, monkeypatch):
    in_village(senggigi)
    from tenant_apps.population import opensid_excel

    monkeypatch.setattr(opensid_excel, "MAX_BYTES", 100)
    with pytest.raises(OpenSIDFileError, match="terlalu besar"):
        workbook_read(workbook(opensid_row()))
    monkeypatch.setattr(opensid_excel, "MAX_BYTES", 20 * 2**20)
    monkeypatch.setattr(opensid_excel, "MAX_ROWS", 1)
    with pytest.raises(OpenSIDFileError, match="Terlalu banyak baris"):
        workbook_read(workbook(opensid_row(), siti()))


def test_bad_rows_are_reported_and_nothing_is_imported(senggigi, in_village):
    in_village(senggigi)
    report = dry_run(workbook(
        opensid_row(),
        siti(tanggallahir="31-02-1990"),
        siti(nik=BUDI_NIK, nama="Kembar", agama_id="Jedi"),
        opensid_row(nik="123", nama="Pendek", alamat="=1+1"),
    ), commit=True)
    assert not report.committed and not Resident.objects.exists() and not Dusun.objects.exists()
    by_line = {row.line: row.errors for row in report.rows}
    assert by_line[2] == []
    assert by_line[3] == ["Kolom tanggallahir: tanggal \u201c31-02-1990\u201d tidak dapat dibaca "
                          "(pakai TTTT-BB-HH atau HH-BB-TTTT)."]
    assert by_line[4] == ["Kolom agama_id: kode atau nama \u201cJedi\u201d tidak dikenal.",
                          f"NIK {BUDI_NIK} sudah ada di baris 2 berkas ini."]
    assert by_line[5] == ["Kolom alamat: rumus (formula) tidak diterima; isikan nilainya.",
                          "Kolom nik: NIK harus 16 angka."]
    assert report.summary["errors"] == 3


def test_real_formula_cells_are_refused(senggigi, in_village):
    in_village(senggigi)
    stream = workbook(opensid_row())
    book = load_workbook(stream)
    book.active["S2"] = "=CONCAT(\"Su\", \"ku\")"  # column 19: nama_ayah
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    assert workbook_read(stream)[0].errors == ["Kolom nama_ayah: rumus (formula) tidak diterima; isikan nilainya."]
    book.active["S2"] = ArrayFormula("S2", "=UPPER(E2:E2)")
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    assert workbook_read(stream)[0].errors == ["Kolom nama_ayah: rumus (formula) tidak diterima; isikan nilainya."]


def test_a_nik_of_another_living_resident_is_refused(senggigi, in_village):
    in_village(senggigi)
    dry_run(workbook(opensid_row()), commit=True)
    report = dry_run(workbook(siti(nik=BUDI_NIK)), commit=True)
    assert errors(report) == ["Kolom nik: NIK ini sudah dipakai penduduk lain yang masih hidup "
                              "(nama dan tanggal lahir berbeda)."]
    assert Resident.objects.get().name == "Budi"


def test_import_into_senggigi_leaves_sukamaju_untouched(senggigi, sukamaju, in_village):
    in_village(senggigi)
    dry_run(workbook(opensid_row(), siti()), commit=True)
    in_village(sukamaju)
    assert not Resident.objects.exists() and not Family.objects.exists()
    stream = io.BytesIO()
    assert population_export_xlsx(stream) == 0


def test_cli_exit_codes_and_dry_run(senggigi, sukamaju, tmp_path, capsys):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(workbook(opensid_row(), siti()).getvalue())
    bad.write_bytes(workbook(opensid_row(agama_id="Jedi")).getvalue())
    call_command("population", "import", "--village", "senggigi", str(good))
    assert "rows 2, new 2" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("population", "import", "--village", "senggigi", str(bad), "--commit")
    assert caught.value.returncode == 1
    assert "baris 2: KESALAHAN: Kolom agama_id" in capsys.readouterr().out
    with pytest.raises(CommandError) as caught:
        call_command("population", "import", "--village", "nowhere", str(good))
    assert caught.value.returncode == 2
    connection.set_tenant(senggigi)
    assert not Resident.objects.exists()
    connection.set_schema_to_public()
    call_command("population", "import", "--village", "senggigi", str(good), "--commit")
    call_command("population", "export", "--village", "senggigi", str(tmp_path / "out.csv"))
    assert "exported 2 residents" in capsys.readouterr().out
    assert (tmp_path / "out.csv").read_text().splitlines()[0] == ",".join(HEADER)
    connection.set_tenant(sukamaju)
    assert not Resident.objects.exists()


def test_an_import_job_runs_as_a_task_with_progress_and_report(senggigi, in_village,
                                                               django_capture_on_commit_callbacks):
    operator = in_village(senggigi)
    content = workbook(opensid_row(), siti(agama_id="Jedi")).getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(actor=operator, file_name="penduduk.xlsx", content=content, commit=True)
    connection.set_tenant(senggigi)  # the eager task leaves the village on its way out
    job.refresh_from_db()
    assert (job.status, job.committed, bytes(job.content)) == (ImportJob.Status.DONE, False, b"")
    assert job.summary["errors"] == 1 and job.report == [{"line": 3, "errors": [
        "Kolom agama_id: kode atau nama \u201cJedi\u201d tidak dikenal."],
        "warnings": []}]
    assert import_job_progress(job) == {"done": 2, "total": 2}
    assert not Resident.objects.exists()
    # A redelivered message finds the job claimed and does nothing.
    assert import_file(schema_name=senggigi.schema_name, job_id=job.pk) is None


def test_an_import_job_commits_and_reports_file_errors(senggigi, sukamaju, in_village,
                                                      django_capture_on_commit_callbacks):
    operator = in_village(senggigi)
    with django_capture_on_commit_callbacks(execute=True):
        good = import_job_create(actor=operator, file_name="a.xlsx", content=workbook(opensid_row()).getvalue(),
                                 commit=True)
        bad = import_job_create(actor=operator, file_name="b.csv", content=b"nama,nik\n", commit=True)
    connection.set_tenant(senggigi)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.committed, Resident.objects.count()) == (ImportJob.Status.DONE, True, 1)
    assert AuditEntry.objects.filter(action="resident.register", actor_username="operator@senggigi.test").exists()
    assert bad.status == ImportJob.Status.FAILED and "bukan Excel .xlsx" in bad.error
    in_village(sukamaju)
    assert not ImportJob.objects.exists() and not Resident.objects.exists()


def test_api_upload_runs_a_job_and_reports_it_to_its_own_village_only(senggigi, sukamaju,
                                                                     django_capture_on_commit_callbacks):
    from tests.population.test_api import _client

    client = _client(senggigi)
    upload = io.BytesIO(workbook(opensid_row(), siti()).getvalue())
    upload.name = "penduduk.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/imports/", {"file": upload, "commit": "true"})
    assert response.status_code == 202, response.content
    job = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert (job["status"], job["committed"], job["summary"]["new"]) == ("done", True, 2)
    assert client.get("/api/v1/imports/").json()["count"] == 1
    viewer = _client(senggigi, "viewer")
    upload.seek(0)
    assert viewer.post("/api/v1/imports/", {"file": upload}).status_code == 403
    other = _client(sukamaju)
    assert other.get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert other.get("/api/v1/imports/").json()["count"] == 0


def test_overlong_values_are_row_errors_not_crashes(senggigi, in_village):
    in_village(senggigi)
    report = dry_run(workbook(opensid_row(rw="00001", dusun="D" * 61), siti()))
    assert "Kolom rw: paling banyak 4 karakter." in errors(report)
    assert "Kolom dusun: paling banyak 60 karakter." in errors(report)
    assert report.summary["errors"] == 1 and not Resident.objects.exists()


def test_an_empty_status_never_revives_a_dead_resident(senggigi, in_village):
    from django.utils import timezone

    from tenant_apps.population import codes
    from tenant_apps.population.events import population_event_exit

    operator = in_village(senggigi)
    dry_run(workbook(opensid_row()), commit=True)
    budi = Resident.objects.get(nik=BUDI_NIK)
    population_event_exit(actor=operator, resident=budi, kind=codes.PopulationEvent.MATI,
                          occurred_on=timezone.localdate())
    dry_run(workbook(opensid_row(status_dasar=None, suku="Bali")), commit=True)
    budi.refresh_from_db()
    assert (budi.basic_status, budi.ethnicity) == (codes.BasicStatus.MATI, "Bali")


def test_a_crashing_import_job_fails_and_forgets_the_file(senggigi, in_village, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    import tenant_apps.population.import_jobs as import_jobs

    def crash(**_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(import_jobs, "population_import", crash)
    operator = in_village(senggigi)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(actor=operator, file_name="penduduk.xlsx", content=workbook(opensid_row()).getvalue(),
                                commit=True)
    connection.set_tenant(senggigi)
    job = ImportJob.objects.get()
    assert (job.status, bytes(job.content)) == (ImportJob.Status.FAILED, b"")
    assert "kesalahan sistem" in job.error


def test_the_wizard_commits_exactly_the_checked_file(senggigi, in_village, django_capture_on_commit_callbacks):
    from tenant_apps.population.import_jobs import import_job_commit_checked

    operator = in_village(senggigi)
    with django_capture_on_commit_callbacks(execute=True):
        checked = import_job_create(actor=operator, file_name="p.xlsx", content=workbook(opensid_row(), siti()).getvalue(),
                                    commit=False)
    connection.set_tenant(senggigi)
    checked.refresh_from_db()
    assert bytes(checked.content) and not Resident.objects.exists()  # kept for the commit, nothing imported yet
    with django_capture_on_commit_callbacks(execute=True):
        committed = import_job_commit_checked(actor=operator, job=checked)
    connection.set_tenant(senggigi)
    committed.refresh_from_db()
    checked.refresh_from_db()
    assert (committed.committed, Resident.objects.count(), bytes(checked.content)) == (True, 2, b"")
    with pytest.raises(OpenSIDFileError):
        import_job_commit_checked(actor=operator, job=checked)  # the file is gone: upload again


def test_a_checked_file_waits_one_day_and_only_until_the_next_upload(senggigi, in_village,
                                                                     django_capture_on_commit_callbacks):
    import datetime

    from tenant_apps.population.import_jobs import import_job_commit_checked

    operator = in_village(senggigi)
    content = workbook(opensid_row()).getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        first = import_job_create(actor=operator, file_name="a.xlsx", content=content, commit=False)
    connection.set_tenant(senggigi)
    with django_capture_on_commit_callbacks(execute=True):
        second = import_job_create(actor=operator, file_name="b.xlsx", content=content, commit=False)
    connection.set_tenant(senggigi)
    first.refresh_from_db()
    assert bytes(first.content) == b""  # the newer upload made it forget
    ImportJob.objects.filter(pk=second.pk).update(finished_at=second.created_at - datetime.timedelta(days=2))
    with pytest.raises(OpenSIDFileError):
        import_job_commit_checked(actor=operator, job=second)
    second.refresh_from_db()
    assert bytes(second.content) == b""
