"""Provisioning cost as the number of villages grows.

Creates a fresh database ``<DATABASE_URL name>_bench_provision``, migrates it,
loads the Kemendagri region list from ../shared/data/wilayah.csv, then:

1. times django-tenants' migrate-on-create (a schema built by running the
   migration history) for a few villages with no village present;
2. provisions ``--villages`` villages with Balai's ``village_provision``
   (schema replayed from tenants/provisioning/village.sql, one transaction);
3. times migrate-on-create again with all those villages present;
4. prints p50/p95 for the first and the last 100 of each, and the tables and
   relations one village schema adds to the catalogue.

The operator account is created beforehand and granted per village, as the
signup flow does: password hashing is a per-account cost, printed apart.
Run: python infra/dev/localdb.py exec -- python bench/provision.py --villages 2100
"""
import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from benchdb import fresh_database, percentiles

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"


def desa_codes(limit: int) -> list[str]:
    with REGIONS.open(encoding="utf-8") as handle:
        codes = [row["kode"] for row in csv.DictReader(handle) if row["tingkat"] == "desa_kelurahan"]
    return codes[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=2100, help="villages to provision (default 2100)")
    parser.add_argument("--baseline", type=int, default=15, help="migrate-on-create samples at start and end")
    args = parser.parse_args()
    if not REGIONS.exists():
        print(f"provision bench needs {REGIONS} (the Kemendagri region list)", file=sys.stderr)
        return 2
    window = min(100, args.villages)

    url = fresh_database("bench_provision")
    env = {**os.environ, "DATABASE_URL": url, "BALAI_BASE_DOMAIN": "localhost"}
    balai = str(Path(sys.executable).parent / "balai")
    subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([balai, "regions", "load", str(REGIONS)], env=env, check=True, stdout=subprocess.DEVNULL)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection

    from shared_apps.accounts.models import User
    from tenants.models import Village
    from tenants.services import village_provision

    started = time.perf_counter()
    operator = User(username="operator@bench.test", email="operator@bench.test")
    operator.set_password("Bench-Password-2026")
    operator.save()
    hashing = time.perf_counter() - started

    codes = desa_codes(args.villages + 2 * args.baseline)
    ours, baseline_codes = codes[: args.villages], codes[args.villages:]

    def migrate_on_create(batch: list[str]) -> list[float]:
        samples = []
        for code in batch:
            village = Village(schema_name="mig_" + code.replace(".", ""), name=code, code=code, slug="mig-" + code.replace(".", "-"))
            t0 = time.perf_counter()
            village.save()
            village.create_schema(check_if_exists=False, sync_schema=True, verbosity=0)
            samples.append(time.perf_counter() - t0)
        connection.set_schema_to_public()
        with connection.cursor() as cursor:  # measured villages must not count as present ones
            for code in batch:
                cursor.execute(f'DROP SCHEMA "mig_{code.replace(".", "")}" CASCADE')
        Village.objects.filter(code__in=batch).delete()
        return samples

    baseline_first = migrate_on_create(baseline_codes[: args.baseline])
    timings = []
    for index, code in enumerate(ours):
        t0 = time.perf_counter()
        village_provision(code=code, slug=f"desa-{code.replace('.', '-')}", admin_email=operator.email)
        timings.append(time.perf_counter() - t0)
        if (index + 1) % 500 == 0:
            print(f"  … {index + 1} villages provisioned", file=sys.stderr, flush=True)
    baseline_last = migrate_on_create(baseline_codes[args.baseline:])

    schema = Village.objects.get(code=ours[0]).schema_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE relkind IN ('r', 'p')), count(*) FROM pg_class WHERE relnamespace = %s::regnamespace",
            [schema],
        )
        tables, relations = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'desa\\_%%'")
        schemas = cursor.fetchone()[0]

    print(f"provision: villages provisioned {len(ours)} (village schemas now in the catalogue: {schemas})")
    print(f"provision: balai template, first {window:<4} {percentiles(timings[:window])}")
    print(f"provision: balai template, last  {window:<4} {percentiles(timings[-window:])}  ({len(ours) - window} villages already present)")
    print(f"provision: migrate-on-create, with 0     {percentiles(baseline_first)}")
    print(f"provision: migrate-on-create, with {len(ours):<5} {percentiles(baseline_last)}")
    print(f"provision: per village schema: {tables} tables, {relations} relations")
    print(f"provision: operator password hashing (per account, not per village): {hashing * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
