"""Village books at scale: XLSX and PDF downloads of one village with 20,000 residents.

Creates a fresh database ``<DATABASE_URL name>_bench_books``, one village with
N residents (bench/population.py's ``populate``), then prints, for every book,
seconds to write the .xlsx and the .pdf through the download view (routing,
session, permissions, the builder, the writer, the audit row), with this
process's CPU seconds (wall time swells when the cores are shared), the file
size, and how much the process's peak memory grew. The database is dropped afterwards.
Run: python infra/dev/localdb.py exec -- python bench/books.py [--residents 20000]
"""
import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchdb import drop_database, fresh_database
from population import populate

BOOKS = ("induk", "ktp-kk", "sementara", "mutasi", "rekapitulasi", "laporan-bulanan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    args = parser.parse_args()
    url = fresh_database("bench_books")
    env = {**os.environ, "DATABASE_URL": url, "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING"}
    balai = str(Path(sys.executable).parent / "balai")
    try:
        subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([balai, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        os.environ.update(env)
        import django

        django.setup()
        measure(args.residents)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)
    return 0


def measure(residents: int) -> None:
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import tenant_context

    from tenants.models import Village

    village = Village.objects.get(slug="senggigi")
    with tenant_context(village):
        populate(residents)
    connection.set_schema_to_public()
    client = Client(HTTP_HOST="senggigi.localhost")
    client.post("/masuk/", {"username": "operator@senggigi.localhost", "password": "Balai-Demo-2026"})
    print(f"books: {residents} residents; peak memory before downloads {peak_mb():.0f} MB")
    for slug in BOOKS:
        for file_format in ("xlsx", "pdf"):
            before = peak_mb()
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/buku/{slug}/unduh.{file_format}")
            size = sum(len(chunk) for chunk in response.streaming_content)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            assert response.status_code == 200, (slug, file_format, response.status_code)
            print(f"books: {slug:<16} {file_format:<4} {seconds:6.1f} s (cpu {cpu:5.1f} s)  {size / 1e6:6.1f} MB  "
                  f"peak memory +{peak_mb() - before:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
