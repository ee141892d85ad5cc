"""A village's status after provisioning: suspend, resume, archive.

These services are the one way ``Village.status`` moves once a village is
active. Each needs a reason, writes the platform audit log in the same
transaction, and is guarded by a state-checked ``UPDATE`` so two ops users
acting at once cannot both succeed. An archived village is no longer served
(tenants.routing answers 410) and is never deleted: its schema stays for
export and restore.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.ops.audit import platform_audit_record
from tenants.models import Domain, Village
from tenants.routing import routing_forget

S = Village.Status
# action → (statuses it may start from, status it ends in)
_TRANSITIONS = {
    "suspend": ({S.ACTIVE}, S.SUSPENDED),
    "resume": ({S.SUSPENDED}, S.ACTIVE),
    "archive": ({S.ACTIVE, S.SUSPENDED}, S.ARCHIVED),
}

_PAST = {"suspend": gettext_lazy("ditangguhkan"), "resume": gettext_lazy("diaktifkan kembali"),
         "archive": gettext_lazy("diarsipkan")}


def _transition(village: Village, *, action: str, actor, reason: str) -> Village:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    sources, target = _TRANSITIONS[action]
    current = Village.objects.select_for_update().get(pk=village.pk)
    if current.is_public or current.status not in sources:
        raise ValidationError({"status": _("Desa berstatus “%(status)s” tidak dapat %(done)s.")
                               % {"status": current.get_status_display(), "done": _PAST[action]}})
    Village.objects.filter(pk=current.pk, status=current.status).update(status=target, updated_at=timezone.now())
    platform_audit_record(actor, f"village.{action}", village=current, reason=reason,
                          details={"from": current.status, "to": target})
    hosts = list(Domain.objects.filter(tenant=current).values_list("domain", flat=True))
    # This process sees the change at once (forgotten now for this connection's
    # own requests, and again after commit in case another thread re-read the
    # old row meanwhile); other processes within BALAI_ROUTING_CACHE_SECONDS.
    routing_forget(hosts)
    transaction.on_commit(lambda: routing_forget(hosts))
    village.status = target
    return village


@transaction.atomic
def village_suspend(village: Village, *, actor, reason: str) -> Village:
    """Suspend an active village (billing's middleware then serves it read-only)."""
    return _transition(village, action="suspend", actor=actor, reason=reason)


@transaction.atomic
def village_resume(village: Village, *, actor, reason: str) -> Village:
    return _transition(village, action="resume", actor=actor, reason=reason)


@transaction.atomic
def village_archive(village: Village, *, actor, reason: str) -> Village:
    """Stop serving a village for good; its schema and rows are kept."""
    return _transition(village, action="archive", actor=actor, reason=reason)
