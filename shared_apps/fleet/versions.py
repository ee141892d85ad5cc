"""What version a village schema is at, known in the control plane.

A version is a short fingerprint of the set of migrations recorded in a
village's ``django_migrations``. ``Village.schema_version`` holds it, so the
villages behind the code are one indexed query away, without asking a village.
"""
import hashlib
from functools import cache

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tenants.models import Village


def version_of(migrations) -> str:
    names = sorted(f"{app}.{name}" for app, name in migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


@cache
def code_migrations() -> tuple[tuple[str, str], ...]:
    """Every migration the deployed code has (read from the files, not the database)."""
    return tuple(sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes))


def target_version() -> str:
    return version_of(code_migrations())


def schema_migrations(schema_name: str) -> list[tuple[str, str]]:
    """The migrations recorded in one village schema (schema-qualified; no search_path)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema_name}"."django_migrations"')
        return cursor.fetchall()


def villages_census() -> int:
    """Record the version of villages that have none yet (created before versions
    were tracked). One query per such village, once. Returns how many were recorded."""
    unknown = list(Village.objects.villages().filter(schema_version="").values_list("pk", "schema_name"))
    for pk, schema_name in unknown:
        Village.objects.filter(pk=pk).update(schema_version=version_of(schema_migrations(schema_name)))
    return len(unknown)
