"""The village's audit trail: who changed what, and when.

Services build entries with ``audit_entry`` and write them in their own
transaction: one with ``audit_record``, many at once (a bulk import) with
``audit_record_many``.
"""
from tenant_apps.village.models import AuditEntry
from tenants.db.copy import copy_insert


def audit_entry(*, actor, action: str, obj=None, object_type: str = "", object_id: int | None = None,
                changes: dict | None = None, reason: str = "") -> AuditEntry:
    """An unsaved entry about ``obj``, or about ``object_type``/``object_id`` when
    the subject is no saved row (an imported file)."""
    return AuditEntry(
        actor_id=getattr(actor, "pk", None),
        actor_username=actor.get_username() if actor is not None else "system",
        action=action,
        object_type=type(obj).__name__ if obj is not None else object_type,
        object_id=getattr(obj, "pk", None) if obj is not None else object_id,
        changes=changes or {},
        reason=reason,
    )


def audit_record(*, actor, action: str, obj=None, object_type: str = "", object_id: int | None = None,
                 changes: dict | None = None, reason: str = "") -> AuditEntry:
    """One audit row; call inside the service's transaction, in the village's schema."""
    record = audit_entry(actor=actor, action=action, obj=obj, object_type=object_type, object_id=object_id,
                         changes=changes, reason=reason)
    record.save()
    return record


def audit_record_many(entries: list[AuditEntry]) -> None:
    """Entries built with ``audit_entry``, written in one statement."""
    copy_insert(entries)
