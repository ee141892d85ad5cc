"""Population registry at village scale: one village with 20,000 residents.

Creates a fresh database ``<DATABASE_URL name>_bench_population``, one
village, N residents in families across dusun/RW/RT (bulk-inserted: the bench
measures reads, not data entry), then prints p50/p95 of the API calls a
village office makes all day: the resident list (plain, search by name, by
NIK prefix, filtered by area + sex + age, a later page), the family list, and
every statistics category. Requests go through Django's full stack
(routing, token auth, permissions, serialisation) in this process.
Run: python infra/dev/localdb.py exec -- python bench/population.py [--residents 20000]
"""
import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from benchdb import fresh_database, percentiles

REPO = Path(__file__).resolve().parents[1]


def populate(count: int, seed: int = 7) -> None:
    from tenant_apps.population import codes
    from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw

    rng = random.Random(seed)
    rts = []
    for d in range(4):
        dusun = Dusun.objects.create(name=f"Dusun {d + 1}")
        for w in range(3):
            rw = Rw.objects.create(dusun=dusun, number=f"{w + 1:03d}")
            rts += [Rt.objects.create(rw=rw, number=f"{t + 1:03d}") for t in range(5)]
    names = ["Siti", "Budi", "Wayan", "Made", "Nyoman", "Ketut", "Ahmad", "Dewi", "Putu", "Lalu", "Baiq", "Rina"]
    families = Family.objects.bulk_create(
        Family(no_kk=f"52011401012{i:05d}", rt=rng.choice(rts), address=f"Jl. Desa {i}") for i in range(count // 4))
    residents = []
    for i in range(count):
        sex = rng.choice((1, 2))
        # Deterministic and distinct per serial, so no two living residents share a NIK.
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=(i * 7919) % 31000)
        day = born.day + (40 if sex == 2 else 0)
        family = families[i // 4]
        residents.append(Resident(
            nik=f"520114{day:02d}{born.month:02d}{born.year % 100:02d}{i % 10000:04d}", name=f"{rng.choice(names)} {i}",
            birth_date=born, sex=sex, religion=rng.choice(codes.Religion.values),
            marital_status=rng.choice(codes.MaritalStatus.values), occupation=rng.choice(codes.Occupation.values),
            education_kk=rng.choice(codes.EducationInKK.values), family=family, rt=family.rt,
            family_relationship=1 if i % 4 == 0 else rng.choice((3, 4)), blood_type=rng.choice(codes.BloodType.values),
        ))
    Resident.objects.bulk_create(residents, batch_size=2000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per measured call (default 30)")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows in the imported file (default 10,000)")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": fresh_database("bench_population"), "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING"}
    balai = str(Path(sys.executable).parent / "balai")
    subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([balai, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import tenant_context

    from tenant_apps.population.selectors import CATEGORIES
    from tenants.models import Village

    village = Village.objects.get(slug="senggigi")
    started = time.perf_counter()
    with tenant_context(village):
        populate(args.residents)
    print(f"population: {args.residents} residents created in {time.perf_counter() - started:.1f} s (bulk)")
    connection.set_schema_to_public()

    client = Client(HTTP_HOST="senggigi.localhost")
    token = client.post("/api/v1/auth/token/", {"username": "operator@senggigi.localhost", "password": "Balai-Demo-2026"},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"

    def measure(label: str, path: str, params: dict | None = None) -> None:
        samples = []
        for _ in range(args.repeat + 2):
            t0 = time.perf_counter()
            response = client.get(path, params or {})
            samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
        print(f"population: {label:<42} {percentiles(samples[2:])}")

    measure("residents, first page", "/api/v1/residents/")
    measure("residents, search by name", "/api/v1/residents/", {"search": "wayan 12"})
    measure("residents, search by NIK prefix", "/api/v1/residents/", {"search": "5201144"})
    measure("residents, dusun + sex + age 20-40", "/api/v1/residents/", {"dusun": 1, "sex": 2, "age_min": 20, "age_max": 40})
    late_page = max(1, min(200, args.residents // 50))
    measure(f"residents, page {late_page}", "/api/v1/residents/", {"page": late_page})
    measure("families, first page", "/api/v1/families/")
    for category in CATEGORIES:
        measure(f"statistics {category}", f"/api/v1/statistics/{category}/")
    measure("statistics religion in one RT", "/api/v1/statistics/religion/", {"rt": 1})
    measure_files(village, args.import_rows)
    return 0


def measure_files(source, rows: int) -> None:
    """Export the big village, then import ``rows`` of it into a new village: the
    check (dry run), the commit, and the same file again (re-import: all unchanged)."""
    import io

    from django.db import connection
    from django_tenants.utils import tenant_context
    from openpyxl import load_workbook

    from tenant_apps.population.opensid_excel import workbook_read
    from tenant_apps.population.opensid_export import population_export_xlsx
    from tenant_apps.population.opensid_import import population_import
    from tenants.services import village_provision

    exported = io.BytesIO()
    with tenant_context(source):
        started = time.perf_counter()
        count = population_export_xlsx(exported)
        print(f"population: export {count} residents to .xlsx: {time.perf_counter() - started:.1f} s")
    book = load_workbook(io.BytesIO(exported.getvalue()))
    sheet = book.active
    sheet.delete_rows(rows + 2, sheet.max_row)  # header + ``rows`` residents
    trimmed = io.BytesIO()
    book.save(trimmed)
    connection.set_schema_to_public()
    target = village_provision(code="52.01.14.2001", slug="batulayar", admin_email="operator@senggigi.localhost")
    with tenant_context(target):
        for label, commit in (("check (dry run)", False), ("commit", True), ("re-import", True)):
            # CPU seconds of this process too: on a shared machine the wall clock also counts waiting for a core.
            started, cpu_started = time.perf_counter(), time.process_time()
            parsed = workbook_read(io.BytesIO(trimmed.getvalue()))
            read = time.perf_counter() - started
            report = population_import(actor=None, rows=parsed, commit=commit)
            summary = report.summary
            print(f"population: import {label:<15} of {len(parsed)} rows: {time.perf_counter() - started:5.1f} s "
                  f"(CPU {time.process_time() - cpu_started:.1f} s; reading the file {read:.1f} s; "
                  f"new {summary['new']}, updated {summary['updated']}, unchanged {summary['unchanged']}, "
                  f"errors {summary['errors']})")


if __name__ == "__main__":
    sys.exit(main())
