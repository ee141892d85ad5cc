"""Applying a run's steps to one village, in one transaction.

This is the one place fleet code enters a village schema. Every path:
takes the village's fleet lock (a transaction-level advisory lock, so two runs
never touch one village), checks that the village is still at the version the
steps were rendered for, applies them, records the migrations in the
village's own ``django_migrations`` and the new version in the control plane,
and commits all of it at once. A crash at any point leaves the village at the
old version or at the new one, never between.
"""
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from shared_apps.fleet.render import MigrationStep

# First key of the two-int advisory lock space used for "a village is being upgraded".
FLEET_LOCK_CLASS = 7310


class VillageBusy(Exception):
    """Another run holds this village's fleet lock."""


class VillageNotAtExpectedVersion(Exception):
    """The village moved (another run, a hand-made change) since the run was planned."""


def _lock_and_guard(cursor, *, village_id: int, expected_version: str, target_version: str) -> bool:
    """Returns False when the village is already at the target (nothing to do).

    synchronous_commit is off for the village's transaction: a server crash may
    lose the last commits, but a village's DDL and its version records are
    one transaction, lost or kept together, and the guard makes a redo safe.
    """
    cursor.execute(
        'SELECT pg_try_advisory_xact_lock(%s, %s), schema_version FROM "public"."tenants_village" WHERE id = %s',
        [FLEET_LOCK_CLASS, village_id, village_id],
    )
    locked, version = cursor.fetchone()
    if not locked:
        raise VillageBusy
    cursor.execute("SET LOCAL synchronous_commit = off")
    if version == target_version:
        return False
    if version != expected_version:
        raise VillageNotAtExpectedVersion(f"at {version or 'unknown'}, expected {expected_version}")
    return True


def _record(cursor, *, village_id: int, schema_name: str, steps: list[MigrationStep], target_version: str) -> None:
    """The village's django_migrations rows and its version in the control plane, in one statement."""
    update = 'UPDATE "public"."tenants_village" SET schema_version = %s WHERE id = %s'
    if not steps:
        cursor.execute(update, [target_version, village_id])
        return
    rows = ", ".join(["(%s, %s, now())"] * len(steps))
    cursor.execute(
        f'WITH recorded AS (INSERT INTO "{schema_name}"."django_migrations" (app, name, applied) VALUES {rows}) {update}',
        [value for step in steps for value in (step.app, step.name)] + [target_version, village_id],
    )


def village_upgrade_rendered(
    *, village_id: int, schema_name: str, steps: list[MigrationStep], expected_version: str,
    target_version: str, lock_timeout_ms: int,
) -> bool:
    """Fast path: every step has SQL. Returns False if the village was already done."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if not _lock_and_guard(cursor, village_id=village_id, expected_version=expected_version,
                                   target_version=target_version):
                return False
            script = "\n".join(step.sql for step in steps if step.sql)
            cursor.execute(f'SET LOCAL search_path = "{schema_name}"; SET LOCAL lock_timeout = {int(lock_timeout_ms)};\n'
                           + script)
            _record(cursor, village_id=village_id, schema_name=schema_name, steps=steps, target_version=target_version)
    finally:
        # SET LOCAL ended with the transaction; make the next cursor send the session's path.
        connection.search_path_set_schemas = None
        connection.schemas_touched.add(schema_name)
    return True


def village_upgrade_with_executor(
    *, village_id: int, schema_name: str, expected_version: str, target_version: str, lock_timeout_ms: int,
) -> bool:
    """Slow path, for runs with a step that cannot be rendered ahead: Django's
    executor inside the village, still one transaction (atomic migrations only)."""
    connection.set_schema(schema_name, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        connection.set_schema(schema_name)
        targets = executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if not all(migration.atomic for migration, _ in plan):
            raise NotImplementedError("non-atomic migrations cannot be applied by the fleet runner; see fleet/README.md")
        with transaction.atomic(), connection.cursor() as cursor:
            if not _lock_and_guard(cursor, village_id=village_id, expected_version=expected_version,
                                   target_version=target_version):
                return False
            cursor.execute(f"SET LOCAL lock_timeout = {int(lock_timeout_ms)}")
            executor.migrate(targets, plan=plan)
            _record(cursor, village_id=village_id, schema_name=schema_name, steps=[], target_version=target_version)
    finally:
        connection.set_schema_to_public()
    return True
