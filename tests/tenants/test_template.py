"""The village schema template must stay exactly what the migrations build."""
from django.core.management import call_command
import pytest
from django.db import connection, transaction

from tenants.provisioning.template import TEMPLATE_PATH, render_template_sql, template_sql

STRUCTURE = """
SELECT 'column', c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = %(schema)s AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
UNION ALL
SELECT 'constraint', c.relname || ' ' || con.conname || ' ' || replace(pg_get_constraintdef(con.oid), n.nspname || '.', '')
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s
UNION ALL
SELECT 'index', replace(indexdef, %(schema)s || '.', '') FROM pg_indexes WHERE schemaname = %(schema)s
UNION ALL
SELECT 'relation', relname || ' ' || relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %(schema)s
ORDER BY 1, 2
"""


def _structure(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(STRUCTURE, {"schema": schema})
        return cursor.fetchall()


def test_committed_template_matches_the_migrations(db):
    rendered = render_template_sql()
    assert render_template_sql() == rendered, "rendering is not deterministic: a data migration writes varying values"
    # If this fails, a migration changed a village table: run
    # `balai village template --write` and commit village.sql with it.
    assert rendered == template_sql(), f"{TEMPLATE_PATH} is out of step with the migrations"


@pytest.mark.django_db(transaction=True)
def test_unusual_migrations_render_whole_and_replay(settings):
    settings.MIGRATION_MODULES = {"village": "tests.tenants.migrations_unusual"}
    rendered = render_template_sql()
    assert "-- a comment first\nCREATE TABLE village_extra" in rendered
    assert "DO $$ BEGIN PERFORM 1; END $$;" in rendered
    assert "INSERT INTO village_extra VALUES (1, '100% siap');" in rendered
    assert 'CREATE INDEX "village_profile_phone_idx"' in rendered and "CONCURRENTLY" not in rendered
    assert "('village', '0003_concurrent_index', now())" in rendered
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute('CREATE SCHEMA "replayed"')
            cursor.execute('SET LOCAL search_path = "replayed"')
            cursor.execute(rendered)
            cursor.execute("SELECT note FROM village_extra")
            assert cursor.fetchone() == ("100% siap",)
    finally:
        connection.search_path_set_schemas = None
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA IF EXISTS "replayed" CASCADE')


def test_template_builds_the_same_schema_as_running_the_migrations(sukamaju):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "migrated_for_comparison"')
    call_command("migrate_schemas", schema_name="migrated_for_comparison", interactive=False, verbosity=0)
    connection.set_schema_to_public()

    from_template = _structure(sukamaju.schema_name)
    from_migrations = _structure("migrated_for_comparison")
    assert from_template == from_migrations
    assert ("relation", "village_villageprofile r") in from_template


def test_village_schema_is_self_contained(sukamaju):
    """No foreign key leaves the village schema (ARCHITECTURE.md: Citus, export, restore)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT con.conname FROM pg_constraint con
               JOIN pg_class src ON src.oid = con.conrelid JOIN pg_class dst ON dst.oid = con.confrelid
               WHERE con.contype = 'f' AND src.relnamespace = %s::regnamespace
                 AND dst.relnamespace <> src.relnamespace""",
            [sukamaju.schema_name],
        )
        assert cursor.fetchall() == []


def test_village_schema_stays_within_the_relation_budget(sukamaju):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace", [sukamaju.schema_name])
        assert cursor.fetchone()[0] <= 150


def test_every_primary_key_is_bigint(sukamaju):
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, format_type(a.atttypid, a.atttypmod) FROM pg_index i
               JOIN pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
               WHERE i.indisprimary AND c.relnamespace = %s::regnamespace""",
            [sukamaju.schema_name],
        )
        assert {type_ for _table, type_ in cursor.fetchall()} == {"bigint"}
