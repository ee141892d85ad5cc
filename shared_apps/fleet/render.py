"""Rendering a run's migrations to SQL once, inside a village at the starting version.

django-tenants' router turns tenant-app operations into no-ops in public, so
the SQL is collected with the connection in a real village schema. The SQL
carries no schema name: each village applies it under its own search_path.
"""
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@dataclass(frozen=True)
class MigrationStep:
    app: str
    name: str
    # None: cannot be rendered ahead (RunPython, non-atomic, …); Django's executor applies it.
    sql: str | None

    def as_json(self) -> dict:
        return asdict(self)


def tenant_app_labels() -> set[str]:
    from django.apps import apps

    return {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}


def render_steps(schema_name: str) -> list[MigrationStep]:
    """The migrations ``schema_name`` lacks, in order, each with its SQL."""
    tenant_apps = tenant_app_labels()
    steps: list[MigrationStep] = []
    # Without public on the path the loader reads this village's django_migrations.
    connection.set_schema(schema_name, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        connection.set_schema(schema_name)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # The state of everything the village has applied, not only of the first
        # pending migration's ancestors: pending migrations of unrelated apps
        # (a shared app's, say) need their own models in the state.
        applied = [node for node in executor.loader.applied_migrations if node in executor.loader.graph.nodes]
        state = executor.loader.project_state(applied, at_end=True)
        for migration, _backwards in plan:
            with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
                state = migration.apply(state, editor, collect_sql=True)
            if migration.app_label not in tenant_apps:
                # Shared apps' operations never touch a village schema; the row is recorded all the same.
                steps.append(MigrationStep(migration.app_label, migration.name, ""))
                continue
            renderable = migration.atomic and all(op.reduces_to_sql for op in migration.operations)
            sql = "\n".join(line for line in editor.collected_sql if not line.startswith("--"))
            steps.append(MigrationStep(migration.app_label, migration.name, sql if renderable else None))
    finally:
        connection.set_schema_to_public()
    return steps
