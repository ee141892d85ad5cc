"""Signup's village search on the full Kemendagri list (~84,000 desa/kelurahan).

Creates a fresh database ``<DATABASE_URL name>_bench_signup``, migrates it, loads
``../shared/data/wilayah.csv`` (skips cleanly when absent), then prints p50/p95
of the live search endpoint ``/daftar/cari.json`` (full Django stack, in this
process) for common names, rare names, names narrowed by place, and codes, and
of the live subdomain check. Drops the database at the end.
Run: python infra/dev/localdb.py exec -- python bench/signup_search.py [--repeat 50]
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

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"
QUERIES = [
    ("common name (sukamaju)", "sukamaju"),
    ("very common part (jaya)", "jaya"),
    ("two words (kampung baru)", "kampung baru"),
    ("rare name (keude bakongan)", "keude bakongan"),
    ("name, place (sukamaju, garut)", "sukamaju, garut"),
    ("with 'desa' prefix (desa mekar)", "desa mekar"),
    ("no match (zzqx)", "zzqx"),
    ("code prefix (32.05.)", "32.05."),
    ("full code without dots", "1101012001"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if not REGIONS.exists():
        print(f"signup_search: {REGIONS} is absent; skipped")
        return 0
    url = fresh_database("bench_signup")
    env = {**os.environ, "DATABASE_URL": url, "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING"}
    balai = str(Path(sys.executable).parent / "balai")
    try:
        subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        started = time.perf_counter()
        subprocess.run([balai, "regions", "load", str(REGIONS)], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"signup_search: region list loaded in {time.perf_counter() - started:.1f} s")
        measure(env, args.repeat)
    finally:
        from django.db import connections

        connections.close_all()
        parsed = urlparse(url)
        with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parsed.path.lstrip("/"))))
    return 0


def measure(env: dict, repeat: int) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    from shared_apps.regions.models import Region
    from shared_apps.signup import abuse

    abuse.LOOKUPS_PER_ADDRESS = 10**9  # the bench is one client asking on purpose
    villages = Region.objects.filter(level=Region.Level.DESA_KELURAHAN).count()
    print(f"signup_search: {villages} desa/kelurahan; {repeat} requests per query after 2 warm-ups")
    client = Client(HTTP_HOST="localhost")
    for label, query in QUERIES:
        samples, hits = [], 0
        for _ in range(repeat + 2):
            t0 = time.perf_counter()
            response = client.get("/daftar/cari.json", {"q": query})
            samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, (query, response.status_code)
            hits = len(response.json()["hits"])
        print(f"signup_search: {label:<34} {hits:>2} shown  {percentiles(samples[2:])}")
    samples = []
    for _ in range(repeat + 2):
        t0 = time.perf_counter()
        client.get("/daftar/cek-subdomain.json", {"slug": "sukamaju-garut"})
        samples.append(time.perf_counter() - t0)
    print(f"signup_search: {'subdomain check':<34}           {percentiles(samples[2:])}")


if __name__ == "__main__":
    sys.exit(main())
