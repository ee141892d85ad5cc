from tenant_apps.village.models import AuditEntry


def audit_record(*, actor, action: str, obj, changes: dict | None = None, reason: str = "") -> AuditEntry:
    """One audit row; call inside the service's transaction, in the village's schema."""
    return AuditEntry.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_username=actor.get_username() if actor is not None else "system",
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "pk", None),
        changes=changes or {},
        reason=reason,
    )
