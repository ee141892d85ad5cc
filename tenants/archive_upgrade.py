"""Restoring an archive written at an older schema version.

There is no template for old versions, so the new schema is built at the
archive's version by Django's migration executor; the rows are loaded and
verified exactly as at the current version; then the missing migrations are
applied by the executor (the fleet's slow path, ``shared_apps.fleet.apply``),
all inside the restore's transaction. Django's introspection reads the
catalogue, so this path is slower than a restore at the current version and
grows with the number of villages; it is for the rare old archive. An archive
from a newer Balai (migrations this code does not have) is refused.
"""
import csv
import io

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from shared_apps.fleet.render import tenant_app_labels
from shared_apps.fleet.versions import code_migrations, version_of
from tenants.archive import ArchiveError, current_schema_version

Migration = tuple[str, str]


def archive_migrations(zip_file, manifest: dict) -> set[Migration]:
    """The migrations recorded in an older archive, when this code can rebuild and upgrade them."""
    entry = next((table for table in manifest["tables"] if table["name"] == "django_migrations"), None)
    if entry is None or entry["file"] not in zip_file.namelist():
        raise ArchiveError(_("Manifest arsip rusak: tidak ada riwayat migrasi."))
    with zip_file.open(entry["file"]) as raw:
        applied = {(row["app"], row["name"]) for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))}
    if version_of(applied) != manifest["schema_version"]:
        raise ArchiveError(_("Riwayat migrasi dalam arsip tidak sesuai dengan versi skemanya."))
    if not applied <= set(code_migrations()):
        raise ArchiveError(
            _("Arsip dibuat oleh Balai yang lebih baru (versi skema %(archive)s, Balai %(balai)s) daripada platform "
              "ini (%(current)s); pulihkan setelah platform ini diperbarui.")
            % {"archive": manifest["schema_version"], "balai": manifest.get("balai_version"),
               "current": current_schema_version()})
    return applied


def _targets(graph, applied: set[Migration]) -> list[Migration]:
    """The last migration of each app within ``applied``."""
    return sorted(node for node in applied
                  if not any(child.key in applied for child in graph.node_map[node].children if child.key[0] == node[0]))


def tables_at(applied: set[Migration]) -> list[str]:
    """Tables a village schema has after exactly ``applied`` (read from the migration files)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state(_targets(loader.graph, applied), at_end=True)
    tenant_apps = tenant_app_labels()
    tables = {model._meta.db_table for model in state.apps.get_models(include_auto_created=True)
              if model._meta.app_label in tenant_apps and model._meta.managed and not model._meta.proxy}
    return ["django_migrations", *sorted(tables)]


def _migrate(schema_name: str, targets=None, expected: set[Migration] | None = None) -> None:
    # Without public on the path the executor reads this schema's own django_migrations.
    connection.set_schema(schema_name, include_public=False)
    try:
        MigrationRecorder(connection).ensure_schema()
        executor = MigrationExecutor(connection)
        targets = targets if targets is not None else executor.loader.graph.leaf_nodes()
        plan = executor.migration_plan(targets)
        if expected is not None and {(m.app_label, m.name) for m, _backwards in plan} != expected:
            raise ArchiveError(_("Riwayat migrasi dalam arsip tidak dapat dibangun ulang oleh platform ini."))
        if not all(migration.atomic for migration, _backwards in plan):
            raise ArchiveError(_("Versi arsip ini butuh migrasi di luar transaksi; pulihkan di platform versi "
                                 "yang sama lalu perbarui desanya di sana."))
        executor.migrate(targets, plan=plan)
    finally:
        connection.set_schema_to_public()


def schema_build_at(schema_name: str, applied: set[Migration]) -> None:
    """A new schema at exactly the archive's migrations; call inside the restore's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
    loader = MigrationLoader(None, ignore_no_migrations=True)
    _migrate(schema_name, targets=_targets(loader.graph, applied), expected=applied)


def schema_upgrade(schema_name: str) -> None:
    """Apply the migrations the restored schema lacks; it ends at the current version."""
    _migrate(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema_name}"."django_migrations"')
        if version_of(cursor.fetchall()) != current_schema_version():
            raise ArchiveError(_("Desa hasil pemulihan tidak sampai ke versi skema platform ini."))
