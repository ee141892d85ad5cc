"""Per-village archives: export, restore into a new village, verified, and nothing else touched."""
import csv
import datetime
import hashlib
import io
import json
import zipfile

import psycopg
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django_tenants.utils import schema_exists, tenant_context

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from shared_apps.fleet.versions import version_of
from tenant_apps.population import codes
from tenant_apps.population.events import population_event_exit, population_event_undo
from tenant_apps.population.models import Resident
from tenant_apps.population.services import family_create, resident_register, rt_ensure
from tenant_apps.village.models import AuditEntry, VillageProfile
from tenants.archive import ArchiveError, manifest_signature, village_export
from tenants.archive_upgrade import tables_at
from tenants.models import Domain, Village
from tenants import restore as restore_module
from tenants.restore import village_restore, village_restore_in_place
from tests.population.factories import resident_data


@pytest.fixture
def villages(committed_villages, settings, tmp_path):
    """Sukamaju and Senggigi committed; Senggigi has residents, a family, events,
    audit rows and an uploaded photo. Restored villages' schemas are dropped afterwards."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    senggigi = committed_villages["senggigi"]
    with tenant_context(senggigi):
        operator = User.objects.get(email="operator@senggigi.test")
        rt = rt_ensure(actor=operator, dusun="Dusun Satu", rw="001", rt="002")
        family = family_create(actor=operator, no_kk="5201140101200001", rt=rt, address="Jl. Pantai, \"1\"\nSenggigi")
        siti = resident_register(actor=operator, data=resident_data(family=family, rt=rt))
        resident_register(actor=operator, data=resident_data(
            nik="5201140101800002", name="Ahmad, bin Umar", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1980, 1, 1),
            family=family, rt=rt, family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA))
        event = population_event_exit(actor=operator, resident=siti, kind=codes.PopulationEvent.MATI,
                                      occurred_on=timezone.localdate(), details={"cause": codes.CauseOfDeath.LAINNYA})
        population_event_undo(actor=operator, event=event, reason="Salah pilih")
        Resident.objects.filter(pk=siti.pk).update(name="Siti Ämínah ∑")  # non-ASCII survives the trip
        default_storage.save("photos/siti.jpg", ContentFile(b"\xff\xd8 not really a jpeg"))
    yield committed_villages
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for village in Village.objects.villages():
            cursor.execute(f'DROP SCHEMA IF EXISTS "{village.schema_name}" CASCADE')


def _export(village) -> bytes:
    out = io.BytesIO()
    village_export(village=village, out=out)
    return out.getvalue()


def _tables(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zip_file:
        return {name: zip_file.read(name) for name in zip_file.namelist() if name.startswith(("tables/", "media/"))}


def _manifest(archive: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive)) as zip_file:
        return json.loads(zip_file.read("manifest.json"))


def _rewrite(archive: bytes, *, changes: dict[str, bytes], manifest=None, sign=True) -> io.BytesIO:
    """A copy of the archive with some members replaced (and the manifest re-signed, when asked)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if manifest is not None and name in ("manifest.json", "manifest.sig"):
                continue
            target.writestr(name, changes.get(name, source.read(name)))
        if manifest is not None:
            manifest_bytes = json.dumps(manifest).encode()
            target.writestr("manifest.json", manifest_bytes)
            target.writestr("manifest.sig", manifest_signature(manifest_bytes) if sign else "0" * 64)
    out.seek(0)
    return out


def _nothing_restored(slug: str, schema_name: str) -> None:
    connection.set_schema_to_public()
    assert not Village.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain__startswith=f"{slug}.").exists()
    assert not schema_exists(schema_name)


def test_round_trip_under_the_same_code_is_exact(villages):
    senggigi = villages["senggigi"]
    archive = _export(senggigi)
    manifest = _manifest(archive)
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert counts["population_resident"] == 2 and counts["population_family"] == 1
    assert counts["population_populationevent"] == 1 and counts["village_auditentry"] >= 5
    assert manifest["village"] == {"code": "52.01.14.2006", "name": "Senggigi", "slug": "senggigi", "plan": "trial"}
    assert [m["path"] for m in manifest["media"]] == ["photos/siti.jpg"]
    # The village is lost: its row and schema are gone, its files too.
    with tenant_context(senggigi):
        default_storage.delete("photos/siti.jpg")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{senggigi.schema_name}" CASCADE')
    senggigi.delete()

    result = village_restore(archive=io.BytesIO(archive), into_slug="senggigi-baru")

    restored = result.village
    assert (restored.code, restored.name, restored.schema_name) == ("52.01.14.2006", "Senggigi", "desa_5201142006")
    again = _export(restored)
    assert _tables(again) == _tables(archive)
    assert _manifest(again)["tables"] == manifest["tables"]
    with tenant_context(restored):
        assert Resident.objects.get(nik="5201144503900001").name == "Siti Ämínah ∑"
        # Sequences continue where the village was: no id handed out twice.
        assert AuditEntry.objects.create(actor_username="x", action="t", object_type="t").pk > counts["village_auditentry"]
    assert set(VillageMembership.objects.filter(village=restored).values_list("user__email", "role")) == {
        ("operator@senggigi.test", "operator"), ("kades@senggigi.test", "kepala_desa"),
        ("viewer@senggigi.test", "viewer")}


def test_copy_under_a_new_code_keeps_every_row_and_leaves_other_villages_alone(villages):
    senggigi, sukamaju = villages["senggigi"], villages["sukamaju"]
    sukamaju_before = _tables(_export(sukamaju))
    archive = _export(senggigi)

    with pytest.raises(ValidationError) as taken:
        village_restore(archive=io.BytesIO(archive), into_slug="senggigi-salinan")
    assert "sudah terdaftar" in str(taken.value.message_dict["code"])

    copy = village_restore(archive=io.BytesIO(archive), into_slug="batulayar", code="52.01.14.2001",
                           actor=None, reason="salinan untuk pelatihan").village

    assert (copy.code, copy.name) == ("52.01.14.2001", "Batulayar")
    from shared_apps.ops.models import PlatformAuditEntry

    trail = PlatformAuditEntry.objects.get(action="village.restore", village=copy)
    assert (trail.reason, trail.details["from_code"]) == ("salinan untuk pelatihan", senggigi.code)
    original, copied = _tables(archive), _tables(_export(copy))
    profile = "tables/village_villageprofile.csv"
    assert {k: v for k, v in copied.items() if k != profile} == {k: v for k, v in original.items() if k != profile}
    with tenant_context(copy):
        assert VillageProfile.objects.get().code == "52.01.14.2001"
    assert _tables(_export(sukamaju)) == sukamaju_before
    assert _tables(_export(senggigi)) == original


def test_tampered_table_is_refused_and_nothing_is_left(villages):
    archive = _export(villages["senggigi"])
    residents = _tables(archive)["tables/population_resident.csv"]
    tampered = _rewrite(archive, changes={"tables/population_resident.csv": residents.replace(b"Ahmad", b"Ahmat")})
    with pytest.raises(ArchiveError, match="population_resident.csv rusak atau diubah"):
        village_restore(archive=tampered, into_slug="palsu", code="52.01.14.2002")
    _nothing_restored("palsu", "desa_5201142002")


def test_edited_manifest_is_refused_by_its_signature(villages):
    archive = _export(villages["senggigi"])
    manifest = _manifest(archive)
    manifest["tables"][0]["rows"] += 1
    with pytest.raises(ArchiveError, match="Tanda tangan arsip tidak cocok"):
        village_restore(archive=_rewrite(archive, changes={}, manifest=manifest, sign=False), into_slug="palsu",
                        code="52.01.14.2002")
    _nothing_restored("palsu", "desa_5201142002")


def test_failure_late_in_the_restore_rolls_everything_back(villages):
    """Rows consistent with a (foreign) manifest but with a broken foreign key: refused at the end, nothing left."""
    archive = _export(villages["senggigi"])
    manifest = _manifest(archive)
    memberships = "tables/population_groupmembership.csv"
    entry = next(t for t in manifest["tables"] if t["file"] == memberships)
    rows = ",".join(entry["columns"]).encode() + b"\n" + ",".join(
        "999" if c in ("id", "group_id", "resident_id") else '""' for c in entry["columns"]).encode() + b"\n"
    entry.update(rows=1, sha256=hashlib.sha256(rows).hexdigest())
    broken = _rewrite(archive, changes={memberships: rows}, manifest=manifest, sign=False)
    with pytest.raises(ArchiveError, match="kunci asing"):
        village_restore(archive=broken, into_slug="rusak", code="52.01.14.2003", allow_foreign=True)
    _nothing_restored("rusak", "desa_5201142003")
    with tenant_context(Village(schema_name="desa_5201142003")):
        assert not default_storage.exists("photos/siti.jpg")


def _older(archive: bytes) -> io.BytesIO:
    """The archive as a village one migration behind wrote it: without village.0004_dataexport
    (and what depends on it) in its history, and without the tables those migrations create."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    dropped = set(graph.backwards_plan(("village", "0004_dataexport")))
    manifest = _manifest(archive)
    history = next(t for t in manifest["tables"] if t["name"] == "django_migrations")
    lines = _tables(archive)[history["file"]].decode().splitlines(keepends=True)
    kept = [line for line in lines[1:] if tuple(next(csv.reader([line]))[1:3]) not in dropped]
    content = "".join(lines[:1] + kept).encode()
    applied = {tuple(next(csv.reader([line]))[1:3]) for line in kept}
    gone = set(tables_at(applied | dropped)) - set(tables_at(applied))
    history.update(rows=len(kept), sha256=hashlib.sha256(content).hexdigest())
    manifest["tables"] = [t for t in manifest["tables"] if t["name"] not in gone]
    manifest["schema_version"] = version_of(applied)
    return _rewrite(archive, changes={history["file"]: content}, manifest=manifest)


def test_older_archive_is_rebuilt_at_its_version_and_upgraded(villages):
    senggigi = villages["senggigi"]
    archive = _export(senggigi)
    restored = village_restore(archive=_older(archive), into_slug="lama", code="52.01.14.2004").village
    assert restored.schema_version == senggigi.schema_version
    again = _tables(_export(restored))  # every table of the current version is there
    original = _tables(archive)
    same = {name for name in original if name not in (
        "tables/django_migrations.csv", "tables/village_villageprofile.csv", "tables/village_dataexport.csv")}
    assert {name: again[name] for name in same} == {name: original[name] for name in same}


def test_archive_of_an_unknown_or_newer_version_is_refused(villages, tmp_path):
    senggigi = villages["senggigi"]
    archive = _export(senggigi)
    manifest = _manifest(archive)
    manifest["schema_version"] = "0123456789abcdef"
    with pytest.raises(ArchiveError, match="Riwayat migrasi dalam arsip tidak sesuai"):
        village_restore(archive=_rewrite(archive, changes={}, manifest=manifest), into_slug="lama",
                        code="52.01.14.2004")
    history = next(t for t in manifest["tables"] if t["name"] == "django_migrations")
    content = _tables(archive)[history["file"]] + b"9999,village,9999_from_the_future,2030-01-01 00:00:00+00\n"
    applied = {tuple(row[1:3]) for row in csv.reader(content.decode().splitlines()[1:])}
    history.update(rows=history["rows"] + 1, sha256=hashlib.sha256(content).hexdigest())
    manifest["schema_version"] = version_of(applied)
    with pytest.raises(ArchiveError, match="lebih baru"):
        village_restore(archive=_rewrite(archive, changes={history["file"]: content}, manifest=manifest),
                        into_slug="lama", code="52.01.14.2004")
    _nothing_restored("lama", "desa_5201142004")
    with pytest.raises(ArchiveError, match="desa ini pada versi"):
        village_restore_in_place(archive=_older(archive), village=senggigi, backup_to=tmp_path / "b.zip")


def test_not_an_archive_gets_a_clear_message(villages, tmp_path):
    with pytest.raises(ArchiveError, match="bukan arsip zip"):
        village_restore(archive=io.BytesIO(b"PK\x03\x04 broken"), into_slug="lama", code="52.01.14.2004")
    with pytest.raises(ArchiveError, match="tidak ditemukan"):
        village_restore(archive=tmp_path / "missing.zip", into_slug="lama", code="52.01.14.2004")


def test_commands_round_trip_and_refuse_bad_input(villages, tmp_path, capsys):
    path = tmp_path / "senggigi.zip"
    call_command("village", "export", "--village", "senggigi", str(path))
    assert "exported 52.01.14.2006 senggigi" in capsys.readouterr().out
    call_command("village", "restore", str(path), "--into", "pusuk", "--code", "52.01.14.2008")
    assert "verified" in capsys.readouterr().out
    again = tmp_path / "pusuk.zip"
    call_command("village", "export", "--village", "pusuk", str(again))
    profile = "tables/village_villageprofile.csv"
    original, copied = _tables(path.read_bytes()), _tables(again.read_bytes())
    assert {k: v for k, v in copied.items() if k != profile} == {k: v for k, v in original.items() if k != profile}

    with pytest.raises(CommandError) as refused:
        call_command("village", "restore", str(path), "--into", "pusuk", "--code", "52.01.14.2009")
    assert refused.value.returncode == 2 and "slug" in str(refused.value)
    with pytest.raises(CommandError, match="for a copy give --code"):
        call_command("village", "restore", str(path), "--into", "senggigi-2")
    with pytest.raises(CommandError, match="no village"):
        call_command("village", "export", "--village", "nowhere", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


def test_restore_in_place_backs_up_then_replaces_the_village_exactly(villages, tmp_path):
    senggigi, sukamaju = villages["senggigi"], villages["sukamaju"]
    archive = _export(senggigi)
    sukamaju_before = _tables(_export(sukamaju))
    with tenant_context(senggigi):
        operator = User.objects.get(email="operator@senggigi.test")
        resident_register(actor=operator, data=resident_data(nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI,
                                                             birth_date=datetime.date(1985, 7, 12)))
        default_storage.save("photos/budi.jpg", ContentFile(b"budi"))
    changed = _tables(_export(senggigi))

    result = village_restore_in_place(archive=io.BytesIO(archive), village=senggigi, backup_to=tmp_path / "before.zip")

    assert result.village == senggigi
    assert _tables(_export(senggigi)) == _tables(archive)
    assert _tables((tmp_path / "before.zip").read_bytes()) == changed  # what it had is kept
    with tenant_context(senggigi):
        assert not default_storage.exists("photos/budi.jpg") and default_storage.exists("photos/siti.jpg")
    assert not schema_exists("desa_5201142006_replaced")
    assert _tables(_export(sukamaju)) == sukamaju_before
    assert VillageMembership.objects.filter(village=senggigi).count() == 3


def test_restore_in_place_refuses_another_villages_archive_and_a_tampered_one(villages, tmp_path):
    senggigi, sukamaju = villages["senggigi"], villages["sukamaju"]
    before = _tables(_export(senggigi))
    with pytest.raises(ArchiveError, match="milik desa 52.04.02.2008"):
        village_restore_in_place(archive=io.BytesIO(_export(sukamaju)), village=senggigi,
                                 backup_to=tmp_path / "b1.zip")
    archive = _export(senggigi)
    residents = _tables(archive)["tables/population_resident.csv"]
    tampered = _rewrite(archive, changes={"tables/population_resident.csv": residents.replace(b"Ahmad", b"Ahmat")})
    with pytest.raises(ArchiveError, match="rusak atau diubah"):
        village_restore_in_place(archive=tampered, village=senggigi, backup_to=tmp_path / "b2.zip")
    assert _tables(_export(senggigi)) == before
    assert not schema_exists("desa_5201142006_replaced")
    assert not (tmp_path / "b1.zip").exists()  # refused before the backup: no file
    assert _tables((tmp_path / "b2.zip").read_bytes()) == before  # a finished backup is kept
    (tmp_path / "earlier.zip").write_bytes(b"an earlier backup")
    with pytest.raises(ArchiveError, match="Cadangan tidak dapat ditulis"):
        village_restore_in_place(archive=io.BytesIO(archive), village=senggigi, backup_to=tmp_path / "earlier.zip")
    assert (tmp_path / "earlier.zip").read_bytes() == b"an earlier backup"
    with pytest.raises(CommandError, match="--backup-to"):
        call_command("village", "restore", str(tmp_path / "b2.zip"), "--into", "senggigi", "--replace")


def test_restore_in_place_waits_for_writers_then_gives_up_and_respects_a_fleet_upgrade(villages, tmp_path, monkeypatch):
    senggigi = villages["senggigi"]
    archive = _export(senggigi)
    monkeypatch.setattr(restore_module, "REPLACE_LOCK_TIMEOUT", "300ms")
    database = settings.DATABASES["default"]
    with psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"],
                         dbname=database["NAME"]) as other:
        other.execute(f'LOCK TABLE "{senggigi.schema_name}"."population_resident" IN ROW EXCLUSIVE MODE')
        with pytest.raises(ArchiveError, match="sedang sibuk"):
            village_restore_in_place(archive=io.BytesIO(archive), village=senggigi, backup_to=tmp_path / "a.zip")
        other.rollback()
        other.execute("SELECT pg_advisory_xact_lock(%s, %s)", [FLEET_LOCK_CLASS, senggigi.pk])
        with pytest.raises(ArchiveError, match="sedang diperbarui"):
            village_restore_in_place(archive=io.BytesIO(archive), village=senggigi, backup_to=tmp_path / "b.zip")
    assert not (tmp_path / "a.zip").exists() and not (tmp_path / "b.zip").exists()
    assert _tables(_export(senggigi)) == _tables(archive)
