"""How fast the ops console answers at N villages.

Creates a fresh database ``<DATABASE_URL name>_bench_ops`` (dropped at the
end), migrates the public schema, loads the full Kemendagri region list, and
inserts N village rows (public tables only: Village, Domain, VillageActivity —
the list never opens a village schema, so no schemas are made) plus an audit
log of ``--audit`` rows. Then, through Django's test client signed in as an
ops-support user with TOTP verified, times each console page ``--repeat``
times and prints p50/p95 per page, with the number of SQL statements and the
median time spent in them (which stays meaningful on a loaded machine).
Figures are printed, never asserted.

Run: .venv/bin/python infra/dev/localdb.py exec -- .venv/bin/python bench/ops_console.py --villages 10000
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from benchdb import drop_database, fresh_database, percentiles

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"
PAGES = [
    ("list, no filter", "/ops/", {}),
    ("search by name", "/ops/", {"q": "suka"}),
    ("search by code prefix", "/ops/", {"q": "52.01"}),
    ("filter region (provinsi)", "/ops/", {"region": "33"}),
    ("filter status suspended", "/ops/", {"status": "suspended"}),
    ("filter idle >= 30 days", "/ops/", {"activity": "idle30"}),
    ("region + plan + version", "/ops/", {"region": "33", "plan": "dasar", "version": "v2"}),
    ("list, page 100", "/ops/", {"page": "100"}),
    ("audit log, no filter", "/ops/audit/", {}),
    ("audit by actor + dates", "/ops/audit/", {"actor": "support", "since": "2026-01-01", "until": "2026-12-31"}),
    ("audit by village", "/ops/audit/", {"village": "desa00042"}),
]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("BALAI_BASE_DOMAIN", "localhost")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    sys.path[:0] = [str(REPO / "platform"), str(REPO)]
    import django

    django.setup()


def populate(villages: int, audit_rows: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from shared_apps.ops.models import PlatformAuditEntry, VillageActivity
    from shared_apps.regions.models import Region
    from shared_apps.regions.services import regions_load
    from tenants.models import Domain, Village

    call_command("migrate", verbosity=0)
    regions_load(path=REGIONS)
    codes = list(Region.objects.filter(level="desa_kelurahan").order_by("code").values_list("code", "name")[:villages])
    rng = random.Random(7)
    rows = [Village(schema_name=f"bench_{i:05d}", code=code, slug=f"desa{i:05d}", name=name,
                    status=rng.choices(["active", "suspended", "archived"], [90, 7, 3])[0],
                    plan=rng.choice(["trial", "dasar", "lengkap"]), schema_version=rng.choice(["v1", "v2"]))
            for i, (code, name) in enumerate(codes)]
    Village.objects.bulk_create(rows, batch_size=2000)
    rows = list(Village.objects.villages().order_by("pk"))
    Domain.objects.bulk_create([Domain(domain=f"{v.slug}.localhost", tenant=v, is_primary=True) for v in rows],
                               batch_size=2000)
    now = timezone.now()
    VillageActivity.objects.bulk_create(
        [VillageActivity(village=v, last_staff_login_at=now - timedelta(days=rng.randint(0, 200)))
         for v in rows if rng.random() < 0.8], batch_size=2000)
    actions = ["village.suspend", "village.resume", "support.start", "support.end", "village.export"]
    PlatformAuditEntry.objects.bulk_create(
        [PlatformAuditEntry(actor_email=rng.choice(["support@balai.test", "admin@balai.test"]),
                            action=rng.choice(actions), village=rng.choice(rows), reason="bench",
                            created_at=now - timedelta(minutes=rng.randint(0, 500_000)))
         for _ in range(audit_rows)], batch_size=5000)
    print(f"ops bench: {len(rows)} villages, {audit_rows} audit rows", flush=True)


def console_client():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shared_apps.accounts.services import SESSION_TENANT_KEY
    from shared_apps.ops.staff import platform_staff_create

    user = platform_staff_create(email="support@balai.test", role="ops-support").user
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session[SESSION_TENANT_KEY] = "public"
    session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=10_000)
    parser.add_argument("--audit", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = fresh_database("bench_ops")
    setup_django(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        populate(args.villages, args.audit)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        client = console_client()
        for label, path, query in PAGES:
            response = client.get(path, query)  # warm-up, and a check the page works
            assert response.status_code == 200, (label, response.status_code)
            samples, sql = [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    client.get(path, query)
                    samples.append(time.perf_counter() - started)
                sql.append(sum(float(q["time"]) for q in queries.captured_queries))
            print(f"{label:28} {percentiles(samples)}   SQL {len(queries)} queries, "
                  f"median {statistics.median(sql) * 1000:5.1f} ms", flush=True)
    finally:
        connection.close()

        drop_database(url)


if __name__ == "__main__":
    main()
