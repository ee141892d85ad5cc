"""Flags tenant-app migration operations that are risky across a fleet.

Each village runs the migration in its own short transaction under a lock
timeout, but an operation that rewrites a table or scans it under an
exclusive lock still blocks that village for as long as its biggest table
takes. Initial migrations (new tables) are exempt. See README.md here.
"""
from dataclasses import dataclass

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from shared_apps.fleet.render import tenant_app_labels

# Operation → why it is risky.
RISKY = {
    migrations.AlterField: "may rewrite the table (type change) or scan it (NOT NULL) under an exclusive lock",
    migrations.AddIndex: "CREATE INDEX blocks writes while it builds; build big indexes in a separate step",
    migrations.AddConstraint: "validating a constraint scans the table under lock; add it NOT VALID, validate later",
    migrations.RenameField: "old code still running during the rollout breaks; add, copy, then remove instead",
    migrations.RenameModel: "old code still running during the rollout breaks; add, copy, then remove instead",
    migrations.RunSQL: "cannot be checked; make sure it takes no long lock",
    migrations.RunPython: "runs per village through Django's executor (the slow path); keep it small",
}


@dataclass(frozen=True)
class Finding:
    app: str
    migration: str
    operation: str
    reason: str

    def __str__(self):
        return f"{self.app}.{self.migration}: {self.operation}: {self.reason}"


def _not_null_without_default(operation) -> bool:
    if not isinstance(operation, migrations.AddField):
        return False
    field = operation.field
    return not field.null and not field.has_default() and not field.has_db_default()


def risky_migrations(loader: MigrationLoader | None = None) -> list[Finding]:
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    tenant_labels = tenant_app_labels()
    findings = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in tenant_labels or migration.initial:
            continue
        for operation in migration.operations:
            reason = next((why for kind, why in RISKY.items() if isinstance(operation, kind)), None)
            if reason is None and _not_null_without_default(operation):
                reason = "a NOT NULL column without a default fails on villages with rows"
            if reason:
                findings.append(Finding(app, name, operation.describe(), reason))
    return findings
