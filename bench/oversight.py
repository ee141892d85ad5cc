"""Regional oversight at scale: rollups of N villages × M residents, and the dashboard.

Creates a fresh database ``<DATABASE_URL name>_bench_oversight`` with a
synthetic kabupaten (99.01) of N villages in kecamatan of 20, provisions them
from the template, fills each village with M residents, M/25 population
events, L letters (default M/5, over two years, of five shipped types, one
in 30 revoked), M/10 residents' letter requests (most ready within 3 days,
some cancelled) and M/50 complaints (most resolved within 10 days) by one
``INSERT … SELECT`` per table and village (the bench measures rollups, not
data entry), then prints:

(a) a full rollup of every village (``rollup_refresh(everything=True)``);
(b) an incremental rollup after one resident changed, through the population
    service, in 1 % of the villages; then another after one letter was revoked,
    through the letter service, in another 1 %; then after a complaint was filed
    in another 1 %;
(c) p50/p95 of the dashboard page and of the API for the kabupaten, a
    kecamatan and a desa, as an official of the kabupaten, through Django's
    full stack in this process; warm (figures cached per refresh, as they are
    between refreshes) and, for the kabupaten, with the cache emptied before
    every request (the first view after a refresh).
Run: python infra/dev/localdb.py exec -- python bench/oversight.py [--villages 1000 --residents 2500 --letters 500]
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from benchdb import fresh_database, percentiles

PASSWORD = "Rahasia-Wilayah-2026"
# Residents: every NOT NULL column without a value here gets its type's empty value.
RESIDENT_VALUES = {
    "nik": "'99' || lpad((v * 100000 + i)::text, 14, '0')",
    "name": "'Warga ' || i",
    "birth_date": "date '1940-01-01' + ((i * 7919 + v * 13) % 31000)",
    "sex": "1 + (i + v) % 2",
    "religion": "CASE WHEN i % 10 < 8 THEN 1 ELSE 1 + (i * 3 + v) % 7 END",
    "education_kk": "CASE WHEN i % 17 = 0 THEN NULL ELSE 1 + (i * 7 + v) % 10 END",
    "occupation": "CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (i * 11 + v) % 89 END",
    "marital_status": "1 + i % 4",
    "nik_is_temporary": "i % 211 = 0",
    "nik_warnings": "CASE WHEN i % 53 = 0 THEN '[\"birth_date\"]'::jsonb ELSE '[]'::jsonb END",
    "citizenship": "1", "resident_status": "1", "basic_status": "CASE WHEN i % 40 = 0 THEN 2 ELSE 1 END",
    "created_at": "now()", "updated_at": "now()",
}
EVENT_VALUES = {
    "resident_id": "(SELECT min(id) FROM {schema}.population_resident) + (j * 37) % RESIDENTS", "kind": "1 + j % 6",
    "occurred_on": "current_date - ((j * 11) % 700)", "details": "'{}'::jsonb", "previous_basic_status": "1",
    "recorded_by_username": "'bench'", "recorded_at": "now()",
}
LETTER_VALUES = {
    "letter_type_id": "(SELECT min(id) FROM {schema}.letters_lettertype) + k % 5",
    "official_id": "(SELECT min(id) FROM {schema}.letters_official)",
    "status": "CASE WHEN k % 30 = 0 THEN 'revoked' ELSE 'issued' END",
    "number": "'B/' || k", "verification_code": "'BENCH-' || k", "masked_name": "'W****'",
    "requested_by_username": "'bench'", "pdf": "'%PDF'::bytea", "issued_on": "current_date - ((k * 13) % 730)",
    "issued_at": "now()", "created_at": "now()",
}
REQUEST_VALUES = {
    "resident_id": "(SELECT min(id) FROM {schema}.population_resident) + r",
    "letter_type_id": "(SELECT min(id) FROM {schema}.letters_lettertype) + r % 5",
    "status": "CASE WHEN r % 12 = 0 THEN 'cancelled' WHEN r % 12 = 1 THEN 'checking' ELSE 'picked_up' END",
    "fields": "'{}'::jsonb", "created_at": "now() - ((r * 17) % 720) * interval '1 day' - (r % 24) * interval '1 hour'",
}
READY_VALUES = {  # one 'ready' step per request picked up, 1 to 72 hours after it came in
    "request_id": "id", "status": "'ready'", "by": "'bench'", "at": "created_at + (1 + id % 72) * interval '1 hour'",
}
COMPLAINT_VALUES = {
    "code": "'BENCH-' || c", "name": "'Pelapor'", "contact": "'0812'", "text": "'Jalan rusak'",
    "status": "CASE WHEN c % 5 = 0 THEN 'progress' ELSE 'done' END",
    "created_at": "now() - ((c * 23) % 720) * interval '1 day'",
}
RESOLVED_VALUES = {  # the reply that closed each resolved complaint, 1 to 240 hours after it came in
    "complaint_id": "id", "text": "'Selesai'", "status": "'done'", "author_username": "'bench'",
    "created_at": "created_at + (1 + id % 240) * interval '1 hour'",
}
EMPTY = {"character varying": "''", "text": "''", "boolean": "false", "jsonb": "'{}'::jsonb", "integer": "0",
         "smallint": "0", "bigint": "0", "timestamp with time zone": "now()", "date": "current_date"}


def region_file(path: Path, villages: int) -> list[str]:
    per_kecamatan = max(20, math.ceil(villages / 99))
    lines, codes = ["kode,nama,tingkat", "99,Provinsi Bench,provinsi", "99.01,Kabupaten Bench,kabupaten_kota"], []
    for k in range(math.ceil(villages / per_kecamatan)):
        kecamatan = f"99.01.{k + 1:02d}"
        lines.append(f"{kecamatan},Kecamatan {k + 1},kecamatan")
        for d in range(min(per_kecamatan, villages - len(codes))):
            codes.append(f"{kecamatan}.{2001 + d}")
            lines.append(f"{codes[-1]},Desa {k + 1}-{d + 1},desa_kelurahan")
    path.write_text("\n".join(lines) + "\n")
    return codes


def insert_sql(cursor, schema: str, table: str, values: dict[str, str]) -> str:
    """``INSERT INTO {schema}.table (…) SELECT … FROM `` for every column that needs a value."""
    cursor.execute("SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                   "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", [schema, table])
    columns, expressions = [], []
    for name, data_type, nullable, default in cursor.fetchall():
        if name == "id":
            continue
        if name in values:
            columns.append(name)
            expressions.append(values[name])
        elif nullable == "NO" and default is None:
            columns.append(name)
            expressions.append(EMPTY[data_type])
    return f"INSERT INTO {{schema}}.{table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM "


def fill(url: str, schemas: list[str], residents: int, letters: int) -> None:
    """Residents, events and letters into every village, one connection per 50 schemas (catalogue cache)."""
    conn = None
    for index, schema in enumerate(schemas):
        if index % 50 == 0:
            if conn is not None:
                conn.close()
            conn = psycopg.connect(url, autocommit=True)
            cursor = conn.cursor()
            if index == 0:
                people = insert_sql(cursor, schema, "population_resident", RESIDENT_VALUES)
                events = insert_sql(cursor, schema, "population_populationevent", EVENT_VALUES)
                issued = insert_sql(cursor, schema, "letters_letter", LETTER_VALUES)
                requests = insert_sql(cursor, schema, "selfservice_letterrequest", REQUEST_VALUES)
                ready = insert_sql(cursor, schema, "selfservice_requestevent", READY_VALUES)
                complaints = insert_sql(cursor, schema, "complaints_complaint", COMPLAINT_VALUES)
                resolved = insert_sql(cursor, schema, "complaints_complaintreply", RESOLVED_VALUES)
        quoted = f'"{schema}"'
        # v numbers the village, so NIKs and attributes differ between villages.
        cursor.execute(people.replace("{schema}", quoted)
                       + f"generate_series(1, {residents}) AS i CROSS JOIN (VALUES ({index + 1})) AS village(v)")
        cursor.execute(events.replace("{schema}", quoted).replace("RESIDENTS", str(residents))
                       + f"generate_series(1, {max(1, residents // 25)}) AS j")
        cursor.execute(f"INSERT INTO {quoted}.letters_official (name, position, nip, on_behalf_of, active) "
                       "VALUES ('Kepala Bench', 'Kepala Desa', '', '', true)")
        cursor.execute(issued.replace("{schema}", quoted) + f"generate_series(1, {letters}) AS k")
        cursor.execute(requests.replace("{schema}", quoted) + f"generate_series(1, {max(1, residents // 10)}) AS r")
        cursor.execute(ready.replace("{schema}", quoted) + f"{quoted}.selfservice_letterrequest "
                       "WHERE status = 'picked_up'")
        cursor.execute(complaints.replace("{schema}", quoted) + f"generate_series(1, {max(1, residents // 50)}) AS c")
        cursor.execute(resolved.replace("{schema}", quoted) + f"{quoted}.complaints_complaint WHERE status = 'done'")
        cursor.execute(f"ANALYZE {quoted}.population_resident")
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=1000)
    parser.add_argument("--residents", type=int, default=2500)
    parser.add_argument("--letters", type=int, help="letters per village (default residents / 5)")
    parser.add_argument("--repeat", type=int, default=50, help="requests per measured page (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards, to look into it")
    args = parser.parse_args()
    letters = args.residents // 5 if args.letters is None else args.letters
    scratch = Path(tempfile.mkdtemp(prefix="balai-bench-oversight-"))
    url = fresh_database("bench_oversight")
    env = {**os.environ, "DATABASE_URL": url, "BALAI_BASE_DOMAIN": "localhost", "BALAI_VAR_DIR": str(scratch),
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "ERROR"}
    balai = str(Path(sys.executable).parent / "balai")
    subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import tenant_context

    from shared_apps.accounts.models import User
    from shared_apps.oversight.refresh import rollup_refresh
    from shared_apps.oversight.services import official_create
    from shared_apps.regions.services import regions_load
    from tenant_apps.complaints.services import complaint_submit
    from tenant_apps.letters.models import Letter
    from tenant_apps.letters.services import letter_revoke
    from tenant_apps.population.models import Resident
    from tenant_apps.population.services import resident_update
    from tenants.models import Village
    from tenants.services import village_provision

    codes = region_file(scratch / "regions.csv", args.villages)
    regions_load(path=scratch / "regions.csv")
    operator = User.objects.create_user(username="op@bench.test", email="op@bench.test", password=None)
    started = time.perf_counter()
    for index, code in enumerate(codes, 1):
        village_provision(code=code, slug="d-" + code.replace(".", "-"), admin_email=operator.email)
        if index % 50 == 0:
            connection.close()
        if index % 250 == 0:
            print(f"  … {index} villages provisioned", file=sys.stderr, flush=True)
    provisioned = time.perf_counter() - started
    villages = list(Village.objects.villages().order_by("code"))
    started = time.perf_counter()
    fill(url, [village.schema_name for village in villages], args.residents, letters)
    filled = time.perf_counter() - started
    print(f"oversight: {len(villages)} villages provisioned in {provisioned:.0f} s; "
          f"{len(villages) * args.residents:,} residents, their events and "
          f"{len(villages) * letters:,} letters, requests and complaints inserted in {filled:.0f} s")
    connection.close()

    run = rollup_refresh(everything=True)
    full = (run.finished_at - run.started_at).total_seconds()
    print(f"oversight: (a) full rollup of {run.total} villages: {full:.1f} s "
          f"({full / max(run.total, 1) * 1000:.1f} ms per village)")

    changed = villages[:: 100][: max(1, len(villages) // 100)]
    for village in changed:
        with tenant_context(village):
            resident = Resident.objects.filter(basic_status=1).order_by("id").first()
            resident_update(actor=operator, resident=resident, data={"religion": 1 + resident.religion % 7})
    connection.set_schema_to_public()
    started = time.perf_counter()
    run = rollup_refresh()
    incremental = time.perf_counter() - started
    print(f"oversight: (b) incremental rollup after changes in {len(changed)} villages: {incremental:.2f} s "
          f"({run.total} villages rolled up)")

    revoked_in = villages[50:: 100][: max(1, len(villages) // 100)]
    for village in revoked_in:
        with tenant_context(village):
            letter = Letter.objects.filter(status=Letter.Status.ISSUED).order_by("id").first()
            letter_revoke(actor=operator, letter=letter, reason="bench")
    connection.set_schema_to_public()
    started = time.perf_counter()
    run = rollup_refresh()
    incremental = time.perf_counter() - started
    print(f"oversight: (b) incremental rollup after a letter revoked in {len(revoked_in)} villages: "
          f"{incremental:.2f} s ({run.total} villages rolled up)")

    complained_in = villages[25:: 100][: max(1, len(villages) // 100)]
    for village in complained_in:
        with tenant_context(village):
            complaint_submit(name="Pelapor Bench", contact="0812", text="Lampu jalan mati sejak kemarin")
    connection.set_schema_to_public()
    started = time.perf_counter()
    run = rollup_refresh()
    incremental = time.perf_counter() - started
    print(f"oversight: (b) incremental rollup after a complaint filed in {len(complained_in)} villages: "
          f"{incremental:.2f} s ({run.total} villages rolled up)")

    official_create(email="kabupaten@bench.test", password=PASSWORD, region_code="99.01")
    page = Client(HTTP_HOST="localhost")
    assert page.post("/masuk/", {"username": "kabupaten@bench.test", "password": PASSWORD}).status_code == 302
    api = Client(HTTP_HOST="localhost")
    token = api.post("/api/v1/auth/token/", {"username": "kabupaten@bench.test", "password": PASSWORD},
                     content_type="application/json").json()["token"]
    api.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"

    def measure(label: str, client: Client, path: str, cold: bool = False) -> None:
        samples = []
        for _ in range(args.repeat + 3):
            if cold:
                cache.clear()  # as right after a refresh: figures and page fragment not cached yet
            t0 = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
        print(f"oversight: (c) {label:<40} {percentiles(samples[3:])}")

    kecamatan, desa = codes[0][:8], codes[0]
    measure(f"dashboard kabupaten ({len(villages)} villages)", page, "/wilayah/99.01/")
    measure("dashboard kabupaten, first view after a refresh", page, "/wilayah/99.01/", cold=True)
    measure(f"API kabupaten ({len(villages)} villages)", api, "/api/v1/oversight/regions/99.01/")
    measure("API kabupaten, first view after a refresh", api, "/api/v1/oversight/regions/99.01/", cold=True)
    measure("dashboard kecamatan", page, f"/wilayah/{kecamatan}/")
    measure("API kecamatan", api, f"/api/v1/oversight/regions/{kecamatan}/")
    measure("dashboard desa", page, f"/wilayah/{desa}/")
    measure("API village list of the kabupaten", api, "/api/v1/oversight/villages/")
    connection.close()
    if not args.keep:
        fresh_database("bench_oversight")  # leave an empty database, not 2.5 M residents
    return 0


if __name__ == "__main__":
    sys.exit(main())
