import pytest
from django.db import DatabaseError, connection, transaction

from shared_apps.ops.audit import platform_audit_record
from shared_apps.ops.models import AppendOnlyError, PlatformAuditEntry


def test_a_record_keeps_who_what_which_village_why_and_when(sukamaju, platform_staff):
    entry = platform_audit_record(platform_staff, "village.suspend", village=sukamaju, reason=" Tunggakan ",
                                  details={"from": "active", "to": "suspended"})
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_email, entry.action, entry.village, entry.reason) == (
        platform_staff, "ops@balai.test", "village.suspend", sukamaju, "Tunggakan")
    assert entry.details == {"from": "active", "to": "suspended"}
    assert entry.created_at is not None


def test_the_application_cannot_update_or_delete_a_row(db, platform_staff):
    entry = platform_audit_record(platform_staff, "staff.create", details={"role": "ops-admin"})
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PlatformAuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        PlatformAuditEntry.objects.all().delete()


@pytest.mark.parametrize("statement", [
    "UPDATE ops_platformauditentry SET reason = 'rewritten'",
    "DELETE FROM ops_platformauditentry",
])
def test_the_database_refuses_update_and_delete_from_raw_sql(db, platform_staff, statement):
    platform_audit_record(platform_staff, "staff.create")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert PlatformAuditEntry.objects.get().reason == ""


@pytest.mark.parametrize("details", [
    {"nik": "x"}, {"village": {"nama": "Budi"}}, {"note": "NIK 5201140101900001 salah"},
])
def test_personal_data_is_refused_in_details(db, platform_staff, details):
    with pytest.raises(ValueError, match="personal data|NIK"):
        platform_audit_record(platform_staff, "village.export", details=details)
    assert not PlatformAuditEntry.objects.exists()


def test_action_codes_are_entity_dot_verb(db, platform_staff):
    with pytest.raises(ValueError, match="entity.verb"):
        platform_audit_record(platform_staff, "Suspend village")
