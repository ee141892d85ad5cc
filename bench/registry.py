"""Staff pages of the registry at village scale: wilayah, families, households, groups.

Creates a fresh database ``<DATABASE_URL name>_bench_registry``, one village
with N residents in families across 4 dusun / 12 RW / 60 RT (the population
bench's data), a household per family and a group of 300 members, then prints
p50/p95 of the pages staff open all day, through Django's full stack with a
signed-in session. Drops the database afterwards.
Run: python infra/dev/localdb.py exec -- python bench/registry.py [--residents 20000]
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from psycopg import sql

from benchdb import fresh_database, percentiles
from population import populate


def households_and_groups(members: int) -> None:
    from tenant_apps.population.models import Family, Group, GroupMembership, Household, Resident

    heads = Family.objects.exclude(head=None).values_list("no_kk", "head_id")
    Household.objects.bulk_create(Household(number=f"RTM-{no_kk[-6:]}", head_id=head) for no_kk, head in heads)
    group = Group.objects.create(name="PKK Desa", category="PKK")
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, resident_id=pk, role="anggota")
        for pk in Resident.objects.order_by("id").values_list("id", flat=True)[:members])


def set_family_heads() -> None:
    """The population bench marks heads by relationship only; the pages read ``Family.head``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE population_family f SET head_id = r.id FROM population_resident r "
                       "WHERE r.family_id = f.id AND r.family_relationship = 1")


def drop_database(url: str) -> None:
    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parsed.path.lstrip("/"))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per measured page (default 30)")
    args = parser.parse_args()
    url = fresh_database("bench_registry")
    env = {**os.environ, "DATABASE_URL": url, "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING"}
    try:
        balai = str(Path(sys.executable).parent / "balai")
        subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([balai, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        measure_pages(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)
    return 0


def measure_pages(args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from tenant_apps.population.models import Family, Group, Rt
    from tenants.models import Village

    village = Village.objects.get(slug="senggigi")
    with tenant_context(village):
        populate(args.residents)
        set_family_heads()
        households_and_groups(300)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a real import; bulk inserts leave no statistics
        family, group, rt = Family.objects.order_by("id").first(), Group.objects.get(), Rt.objects.order_by("id").first()
    connection.set_schema_to_public()

    client = Client(HTTP_HOST="senggigi.localhost")
    client.post("/masuk/", {"username": "operator@senggigi.localhost", "password": "Balai-Demo-2026"})

    def measure(label: str, path: str, params: dict | None = None) -> None:
        samples = []
        for _ in range(args.repeat + 2):
            t0 = time.perf_counter()
            response = client.get(path, params or {})
            samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path, params or {})
        print(f"registry: {label:<40} {percentiles(samples[2:])}  {len(queries)} queries")

    measure("wilayah tree with counts", "/wilayah/")
    measure("RT page, head search 'wayan'", f"/wilayah/rt/{rt.pk}/", {"q": "wayan"})
    measure("RT page, head search by NIK prefix", f"/wilayah/rt/{rt.pk}/", {"q": "5201141"})
    measure("families, first page", "/keluarga/")
    measure("families, search head name", "/keluarga/", {"search": "budi 1"})
    measure("families, search No. KK prefix", "/keluarga/", {"search": "5201140101"})
    measure("families, one RT", "/keluarga/", {"area": f"t{rt.pk}"})
    measure("families, page 50", "/keluarga/", {"page": 50})
    measure("family page with member search", f"/keluarga/{family.pk}/", {"q": "siti"})
    measure("family split form", f"/keluarga/{family.pk}/pecah/")
    measure("households, first page", "/rumah-tangga/")
    measure("groups, first page", "/kelompok/")
    measure("group of 300, first 100 members", f"/kelompok/{group.pk}/")


if __name__ == "__main__":
    sys.exit(main())
