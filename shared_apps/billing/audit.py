from shared_apps.billing.models import BillingAuditEntry


def billing_audit_record(*, village, actor, action: str, reason: str = "", details: dict | None = None):
    """One audit row; call inside the service's transaction. ``actor`` None means Balai itself."""
    return BillingAuditEntry.objects.create(
        village=village, actor=actor, actor_username=actor.get_username() if actor is not None else "system",
        action=action, reason=reason, details=details or {},
    )
