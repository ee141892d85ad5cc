"""Support access ("impersonation"): platform staff act inside one village as
one staff role, for a reason, for at most an hour, with a trail in the
platform audit log and in the village's own audit log.

Hand-over: sessions are per host (``VillageSessionGuardMiddleware``), so the
console never shares a cookie with a village. It hands the browser a signed
ticket naming the access and the village's schema, valid for two minutes and
redeemable once (a state-guarded UPDATE of ``ticket_redeemed_at``), which the
village host exchanges for its own session. ``SupportAccessMiddleware`` then
checks the access on every request and ends the session once it has expired
or been ended.
"""
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from shared_apps.accounts.roles import Role
from shared_apps.ops.audit import platform_audit_record
from shared_apps.ops.models import SupportAccess
from shared_apps.ops.roles import platform_role_has_permission
from tenant_apps.village.audit import audit_record
from tenants.models import Village

MAX_MINUTES = 60
TICKET_MAX_AGE_SECONDS = 120
_TICKET_SALT = "balai.ops.support-ticket"


class SupportAccessRefused(PermissionDenied):
    """A ticket or session that does not (or no longer) grant access here."""


def _village_audit(village: Village, *, actor, action: str, access: SupportAccess, reason: str = "") -> None:
    with tenant_context(village):
        audit_record(actor=actor, action=action, obj=access, reason=reason,
                     changes={"role": access.role, "expires_at": access.expires_at.isoformat()})


@transaction.atomic
def support_access_start(*, staff, village: Village, role: str, reason: str, minutes: int) -> SupportAccess:
    """Grant ``staff`` ``role`` in ``village`` for ``minutes``; audited in both logs."""
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Alasan wajib diisi.")]
    if role not in Role.values:
        errors["role"] = [_("Peran tidak dikenal.")]
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = [_("Durasi 1–%(max)d menit.") % {"max": MAX_MINUTES}]
    if village.status not in (Village.Status.ACTIVE, Village.Status.SUSPENDED):
        errors["village"] = [_("Desa ini tidak sedang dilayani.")]
    if errors:
        raise ValidationError(errors)
    if not platform_role_has_permission(staff.platform_role, "villages.impersonate"):
        raise PermissionDenied
    now = timezone.now()
    access = SupportAccess.objects.create(staff=staff, village=village, role=role, reason=reason,
                                          started_at=now, expires_at=now + timedelta(minutes=minutes))
    platform_audit_record(staff, "support.start", village=village, reason=reason,
                          details={"access_id": access.pk, "role": role, "minutes": minutes})
    _village_audit(village, actor=staff, action="support.start", access=access, reason=reason)
    return access


def support_ticket(access: SupportAccess) -> str:
    return signing.dumps({"access": access.pk, "schema": access.village.schema_name}, salt=_TICKET_SALT)


@transaction.atomic
def support_ticket_redeem(*, ticket: str, village: Village) -> SupportAccess:
    """The access a ticket names, once, on the village it was issued for."""
    try:
        payload = signing.loads(ticket, salt=_TICKET_SALT, max_age=TICKET_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise SupportAccessRefused(_("Tiket akses dukungan tidak sah atau kedaluwarsa.")) from None
    if payload.get("schema") != village.schema_name:
        raise SupportAccessRefused(_("Tiket ini untuk desa lain."))
    now = timezone.now()
    redeemed = SupportAccess.objects.filter(
        pk=payload.get("access"), village=village, ticket_redeemed_at__isnull=True,
        ended_at__isnull=True, expires_at__gt=now,
    ).update(ticket_redeemed_at=now)
    if redeemed != 1:
        raise SupportAccessRefused(_("Tiket akses dukungan sudah dipakai atau aksesnya sudah berakhir."))
    return SupportAccess.objects.select_related("staff", "village").get(pk=payload["access"])


@transaction.atomic
def support_access_end(*, access: SupportAccess, actor) -> bool:
    """End a live access early; False when it had already ended or expired."""
    now = timezone.now()
    ended = SupportAccess.objects.filter(pk=access.pk, ended_at__isnull=True, expires_at__gt=now
                                         ).update(ended_at=now)
    if not ended:
        return False
    access.ended_at = now
    platform_audit_record(actor, "support.end", village=access.village, details={"access_id": access.pk})
    _village_audit(access.village, actor=actor, action="support.end", access=access)
    return True


def support_access_for_session(*, access_id, user, village: Village) -> SupportAccess | None:
    """The live access a village session rides on, or None."""
    if not access_id:
        return None
    access = SupportAccess.objects.filter(pk=access_id, staff=user, village=village).first()
    return access if access is not None and access.ticket_redeemed_at and access.is_live() else None
