"""Fleet upgrade cost: Balai's runner against django-tenants' migrate_schemas.

Creates a fresh database ``<DATABASE_URL name>_bench_fleet`` with N villages,
then in the same run times:

(a) a no-op upgrade (every village current) and the one query that finds
    the villages behind;
(b) a migration adding a column and an index, applied to every village by
    ``fleet_run_plan`` + ``fleet_run_execute`` over real Celery workers;
(c) an equivalent migration (another column and index) applied by
    django-tenants' ``migrate_schemas`` (standard executor) to a sample of
    villages, one call per village;
(d) ``fleet_verify`` over every village.

The village app's migrations come from a temporary package through
MIGRATION_MODULES: the real 0001, 0002 adding ``--extra-tables`` tables (44
tables per village by default, the size the reference figures were taken at),
then 0003/0004 for (b)/(c); village.sql is re-rendered as a release would.
The repository's migrations are untouched.
Run: python infra/dev/localdb.py exec -- python bench/fleet.py --villages 1000
"""
import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdb import fresh_database

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"
PACKAGE = "bench_fleet_migrations"
INITIAL = 'import importlib\n\nMigration = importlib.import_module("tenant_apps.village.migrations.0001_initial").Migration\n'
ADD_COLUMN_AND_INDEX = '''from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("village", "{previous}")]
    operations = [
        migrations.AddField("villageprofile", "{column}", models.CharField(max_length=80, default="")),
        migrations.AddIndex("villageprofile", models.Index(fields=["{column}"], name="village_{column}_idx")),
    ]
'''


# Village schemas of realistic size: the reference figures were taken
# on villages of 44 tables, and migrate_schemas' cost per village grows with them.
EXTRA_TABLES = '''from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("village", "0001_initial")]
    operations = [
{models}
    ]
'''
EXTRA_MODEL = '''        migrations.CreateModel("BenchTable{n}", [
            ("id", models.BigAutoField(primary_key=True)),
            ("code", models.CharField(max_length=20, db_index=True)),
            ("name", models.CharField(max_length=100)),
            ("amount", models.DecimalField(max_digits=14, decimal_places=2, default=0)),
            ("note", models.TextField(blank=True)),
            ("active", models.BooleanField(default=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
        ]),'''


def write_migration(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(body)
    importlib.invalidate_caches()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--villages", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--standard-sample", type=int, default=30, help="villages migrated by migrate_schemas (c)")
    parser.add_argument("--extra-tables", type=int, default=42,
                        help="bench tables added to every village, for 44 tables in all (default 42)")
    args = parser.parse_args()
    if not REGIONS.exists():
        print(f"fleet bench needs {REGIONS} (the Kemendagri region list)", file=sys.stderr)
        return 2

    scratch = Path(tempfile.mkdtemp(prefix="balai-bench-fleet-"))
    package = scratch / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    write_migration(package, "0001_initial", INITIAL)
    write_migration(package, "0002_bench_tables", EXTRA_TABLES.format(
        models="\n".join(EXTRA_MODEL.format(n=n) for n in range(args.extra_tables))))
    sys.path.insert(0, str(scratch))
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database("bench_fleet"),
        "BALAI_BASE_DOMAIN": "localhost", "BALAI_VAR_DIR": str(scratch / "var"), "CELERY_BROKER_URL": "filesystem://",
        "DJANGO_SETTINGS_MODULE": "config.settings.base", "PYTHONPATH": str(scratch),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django
    from django.conf import settings

    settings.MIGRATION_MODULES = {"village": PACKAGE}
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shared_apps.accounts.models import User
    from shared_apps.fleet.services import fleet_run_execute, fleet_run_plan
    from shared_apps.fleet.verify import fleet_verify
    from shared_apps.fleet.versions import code_migrations, target_version
    from shared_apps.regions.services import regions_load
    from tenants.models import Village
    from tenants.provisioning import template
    from tenants.services import village_provision

    def release() -> None:
        """What deploying a release does: the code's migrations and village.sql rendered from them."""
        code_migrations.cache_clear()
        template.TEMPLATE_PATH = scratch / "village.sql"
        template.TEMPLATE_PATH.write_text(template.render_template_sql())
        template.template_sql.cache_clear()

    call_command("migrate", interactive=False, verbosity=0)
    release()
    regions_load(path=REGIONS)
    operator = User.objects.create_user(username="op@bench.test", email="op@bench.test", password=None)
    with REGIONS.open() as handle:
        codes = [line.split(",", 1)[0] for line in handle if line.rstrip().endswith(",desa_kelurahan")][: args.villages]
    started = time.perf_counter()
    for index, code in enumerate(codes, 1):
        village_provision(code=code, slug="d-" + code.replace(".", "-"), admin_email=operator.email)
        if index % 1000 == 0:
            print(f"  … {index} villages provisioned", file=sys.stderr, flush=True)
    provisioning = time.perf_counter() - started
    connection.close()
    n = len(codes)
    plan_options = {"canary": 5, "wave_size": 500, "workers": args.workers, "failure_threshold": 0.05}

    # (a) nothing to do.
    started = time.perf_counter()
    behind = Village.objects.villages().exclude(schema_version=target_version()).count()
    find_behind = time.perf_counter() - started
    started = time.perf_counter()
    assert fleet_run_plan(**plan_options) is None and behind == 0
    noop = time.perf_counter() - started

    # (b) add a column and an index with Balai's runner, over real workers.
    workers = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "--quiet", "worker", "--loglevel", "WARNING",
         "--concurrency", str(args.workers)], env=env, cwd=REPO,
    )
    try:
        write_migration(package, "0003_bench_motto", ADD_COLUMN_AND_INDEX.format(previous="0002_bench_tables", column="motto"))
        release()
        time.sleep(4)  # let the workers finish booting: (b) times the upgrade, not their start
        started = time.perf_counter()
        run = fleet_run_plan(**plan_options)
        planned = time.perf_counter() - started
        run = fleet_run_execute(run, poll=0.05)
        runner = time.perf_counter() - started
    finally:
        workers.terminate()
        workers.wait(timeout=30)
    done = run.villages.filter(state="done").count()

    # (d) drift check of every village against the template.
    started = time.perf_counter()
    report = fleet_verify()
    verify = time.perf_counter() - started

    # (c) the same kind of migration with django-tenants' standard executor.
    write_migration(package, "0004_bench_slogan", ADD_COLUMN_AND_INDEX.format(previous="0003_bench_motto", column="slogan"))
    sample = list(Village.objects.villages().order_by("id").values_list("schema_name", flat=True)[: args.standard_sample])
    started = time.perf_counter()
    for schema_name in sample:
        call_command("migrate_schemas", schema_name=schema_name, interactive=False, verbosity=0)
    standard = (time.perf_counter() - started) / max(len(sample), 1)

    per_village = runner / n
    tables = 2 + args.extra_tables
    print(f"fleet: villages {n} of {tables} tables (provisioned in {provisioning:.1f} s), workers {args.workers}")
    print(f"fleet: (a) find villages behind: one query, {find_behind * 1000:.1f} ms; no-op upgrade {noop * 1000:.0f} ms")
    print(f"fleet: (b) add column + index, balai runner: {runner:.1f} s for {n} villages ({done} done), "
          f"{per_village * 1000:.2f} ms per village (planning and rendering {planned * 1000:.0f} ms)")
    print(f"fleet: (c) same with migrate_schemas (standard), {len(sample)} villages: {standard * 1000:.0f} ms per village")
    print(f"fleet: (c)/(b) per village = {standard / per_village:.0f}x")
    print(f"fleet: (d) verify {report.checked} villages: {verify:.1f} s, {len(report.drifted)} differ from the template")
    return 0


if __name__ == "__main__":
    sys.exit(main())
