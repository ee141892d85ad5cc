from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

import pytest

from shared_apps.fleet.lint import risky_migrations
from shared_apps.fleet.verify import fleet_verify


def test_fresh_villages_match_the_template(sukamaju, senggigi):
    report = fleet_verify()
    assert (report.checked, report.behind, report.drifted) == (2, 0, [])


def test_a_hand_made_change_is_listed_as_drift(sukamaju, senggigi, capsys):
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE INDEX tangan ON "{senggigi.schema_name}".village_villageprofile (phone)')
    assert fleet_verify().drifted == [("52.01.14.2006", "senggigi")]
    with pytest.raises(CommandError) as caught:
        call_command("fleet", "verify")
    assert caught.value.returncode == 1
    assert "drift 52.01.14.2006 senggigi" in capsys.readouterr().out


def test_a_changed_column_type_is_drift(sukamaju):
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{sukamaju.schema_name}".village_villageprofile ALTER COLUMN phone TYPE varchar(40)')
    assert fleet_verify().drifted == [("52.04.02.2008", "sukamaju")]


def test_project_tenant_migrations_are_fleet_safe(db):
    assert risky_migrations() == []


def test_risky_operations_are_flagged(settings):
    settings.MIGRATION_MODULES = {"village": "tests.fleet.migrations_check_kecamatan"}
    findings = risky_migrations(MigrationLoader(None, ignore_no_migrations=True))
    assert [(f.migration, f.operation) for f in findings] == [("0002_kecamatan_not_lunyuk", "Raw SQL operation")]
    settings.MIGRATION_MODULES = {"village": "tests.fleet.migrations_add_motto"}
    findings = risky_migrations(MigrationLoader(None, ignore_no_migrations=True))
    assert [f.migration for f in findings] == ["0002_profile_motto"]
    assert "CREATE INDEX blocks writes" in findings[0].reason
