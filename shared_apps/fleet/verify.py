"""Drift check: does every village schema look exactly like the template?

One pass over the catalogue fingerprints every village schema at once
(a per-village catalogue query would cost a scan of pg_class each time). The
template's fingerprint comes from a scratch schema built from village.sql in a
transaction that is rolled back.
"""
from dataclasses import dataclass

from django.db import connection, transaction

from shared_apps.fleet.versions import target_version
from tenants.models import Village
from tenants.provisioning.template import template_sql

SCRATCH = "balai_verify_template"
# Structure of each schema as sorted lines, schema names stripped, hashed.
FINGERPRINTS = r"""
WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY(%(schemas)s)),
items AS (
    SELECT c.relnamespace AS ns, 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END AS item
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
    SELECT c.relnamespace, 'constraint ' || c.relname || ' ' || con.conname || ' '
           || replace(pg_get_constraintdef(con.oid), ns.nspname || '.', '')
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
    SELECT c.relnamespace, 'index ' || replace(pg_get_indexdef(i.indexrelid), ns.nspname || '.', '')
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
    SELECT c.relnamespace, 'relation ' || c.relname || ' ' || c.relkind::text
    FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns)
)
SELECT ns.nspname, md5(string_agg(items.item, E'\n' ORDER BY items.item))
FROM ns LEFT JOIN items ON items.ns = ns.oid GROUP BY ns.nspname
"""


@dataclass(frozen=True)
class VerifyReport:
    version: str
    checked: int
    behind: int
    drifted: list[tuple[str, str]]  # (code, slug)


def schema_fingerprints(schemas: list[str]) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINTS, {"schemas": schemas})
        return dict(cursor.fetchall())


def fleet_verify() -> VerifyReport:
    """Villages at the code's version whose schema differs from the template's."""
    target = target_version()
    villages = list(Village.objects.villages().exclude(status=Village.Status.PROVISIONING)
                    .values_list("schema_name", "code", "slug", "schema_version"))
    current = [(schema, code, slug) for schema, code, slug, version in villages if version == target]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{SCRATCH}"')
            cursor.execute(f'SET LOCAL search_path = "{SCRATCH}"')
            cursor.execute(template_sql())
        connection.search_path_set_schemas = None
        fingerprints = schema_fingerprints([SCRATCH] + [schema for schema, _code, _slug in current])
        transaction.set_rollback(True)
    expected = fingerprints.pop(SCRATCH)
    drifted = [(code, slug) for schema, code, slug in current if fingerprints.get(schema) != expected]
    return VerifyReport(version=target, checked=len(current), behind=len(villages) - len(current), drifted=drifted)
