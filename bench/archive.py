"""Per-village archive cost as the platform grows: export and restore of one village.

Creates a fresh database ``<DATABASE_URL name>_bench_archive``, migrates it,
loads the Kemendagri region list, provisions one village with ``--residents``
residents (families, RT/RW/dusun, events and audit rows; bulk-inserted), and
one other village. Then, with 1 and again with ``--others`` other villages
present, it times ``--repeat`` exports (to a temporary file) and ``--repeat``
restores of that archive into a new village (each dropped again afterwards),
and prints p50/p95 for each with the archive's size and the catalogue's size.
The database and the files are removed at the end.
Run: python infra/dev/localdb.py exec -- python bench/archive.py [--residents 20000] [--others 2000]
"""
import argparse
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdb import drop_database, fresh_database, percentiles
from population import populate

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"


def desa_codes(limit: int) -> list[str]:
    with REGIONS.open(encoding="utf-8") as handle:
        codes = [row["kode"] for row in csv.DictReader(handle) if row["tingkat"] == "desa_kelurahan"]
    return codes[:limit]


def add_history(count: int) -> None:
    """Events and audit rows, as a village that has been working for a while has."""
    from tenant_apps.population.models import PopulationEvent, Resident
    from tenant_apps.village.models import AuditEntry

    ids = list(Resident.objects.order_by("pk").values_list("pk", flat=True)[:count])
    PopulationEvent.objects.bulk_create(
        PopulationEvent(resident_id=pk, kind=1, occurred_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 700),
                        details={"place": "Puskesmas"}, previous_basic_status=1,
                        recorded_by_username="operator@bench.test")
        for i, pk in enumerate(ids))
    AuditEntry.objects.bulk_create(
        AuditEntry(actor_id=1, actor_username="operator@bench.test", action="resident.update",
                   object_type="Resident", object_id=pk, changes={"name": ["A", "B"]}) for pk in ids * 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--others", type=int, default=2_000, help="other villages for the second measurement")
    parser.add_argument("--repeat", type=int, default=3, help="exports and restores per measurement (default 3)")
    args = parser.parse_args()
    if not REGIONS.exists():
        print(f"archive bench needs {REGIONS} (the Kemendagri region list)", file=sys.stderr)
        return 2
    env = {**os.environ, "DATABASE_URL": fresh_database("bench_archive"), "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING",
           "BALAI_VAR_DIR": tempfile.mkdtemp(prefix="balai-bench-archive-")}
    balai = str(Path(sys.executable).parent / "balai")
    subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([balai, "regions", "load", str(REGIONS)], env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from shared_apps.accounts.models import User
    from tenants.archive import village_export_to_path
    from tenants.models import Village
    from tenants.restore import village_restore
    from tenants.services import village_provision

    operator = User(username="operator@bench.test", email="operator@bench.test")
    operator.set_password("Bench-Password-2026")
    operator.save()
    codes = desa_codes(args.others + 2 + args.repeat * 2)
    target_code, spare_codes, other_codes = codes[0], codes[1:1 + args.repeat * 2], codes[1 + args.repeat * 2:]

    def provision(code: str) -> Village:
        return village_provision(code=code, slug=f"desa-{code.replace('.', '-')}", admin_email=operator.email)

    village = provision(target_code)
    with tenant_context(village):
        populate(args.residents)
        add_history(min(args.residents, 5_000))
    provision(other_codes[0])
    workdir = Path(tempfile.mkdtemp(prefix="balai-bench-archive-files-"))
    archive = workdir / "village.zip"

    def measure(present: int, spares: list[str]) -> None:
        exports, restores = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            manifest = village_export_to_path(village=village, path=archive)
            exports.append(time.perf_counter() - t0)
        for code in spares:
            t0 = time.perf_counter()
            restored = village_restore(archive=archive, into_slug=f"pulih-{code.replace('.', '-')}", code=code).village
            restores.append(time.perf_counter() - t0)
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA "{restored.schema_name}" CASCADE')
            restored.delete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_class")
            relations = cursor.fetchone()[0]
        rows = sum(table["rows"] for table in manifest["tables"])
        print(f"archive: with {present:>5} other villages ({relations} relations in the catalogue), "
              f"{rows} rows, archive {archive.stat().st_size / 1e6:.1f} MB")
        print(f"archive:   export  {percentiles(exports)}")
        print(f"archive:   restore {percentiles(restores)}  (verified: rows and SHA-256 of every table)")

    measure(1, spare_codes[:args.repeat])
    started = time.perf_counter()
    for index, code in enumerate(other_codes[1:], start=2):
        provision(code)
        if index % 500 == 0:
            print(f"  … {index} other villages provisioned", file=sys.stderr, flush=True)
    print(f"archive: provisioned {len(other_codes) - 1} more villages in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    measure(len(other_codes), spare_codes[args.repeat:])
    connection.close()
    drop_database(env["DATABASE_URL"])
    shutil.rmtree(workdir)
    shutil.rmtree(env["BALAI_VAR_DIR"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
