"""Asking to join a village that is already on Balai, and its operators' answer.

The request waits unverified until its email is confirmed, then pending until
an operator of that village approves it with a role (the account and the
membership are created through the accounts services) or declines it. Only an
operator of the same village may decide; the decision is audited in the
village's own schema.
"""
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.accounts.roles import Role, role_has_permission
from shared_apps.accounts.selectors import membership_for
from shared_apps.accounts.services import staff_grant, user_create_prehashed
from shared_apps.signup.mail import mail_after_commit
from shared_apps.signup.models import AccessRequest
from shared_apps.signup.validation import collect, email_normalize, password_check, person_name_clean, phone_normalize
from tenant_apps.village.audit import audit_record
from tenants.models import Village

MESSAGE_MAX = 1000


def access_request_validate(*, village_code: str, name: str, email: str, phone: str, password: str,
                            message: str = "") -> dict:
    """The cleaned values, or a ``ValidationError`` with every field's errors at once."""
    errors: dict[str, list] = {}
    village = Village.objects.villages().filter(code=(village_code or "").strip()).first()
    if village is None:
        errors["village_code"] = [_("Desa ini belum memakai Balai; Anda bisa mendaftarkannya.")]
    name = collect(errors, "name", person_name_clean, name)
    email = collect(errors, "email", email_normalize, email)
    phone = collect(errors, "phone", phone_normalize, phone)
    collect(errors, "password", password_check, password, email=email or "", name=name or "")
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        errors["message"] = [_("Pesan paling panjang %(max)s karakter.") % {"max": MESSAGE_MAX}]
    if errors:
        raise ValidationError(errors)
    return {"village": village, "name": name, "email": email, "phone": phone, "message": message}


@transaction.atomic
def access_request_start(*, village_code: str, name: str, email: str, phone: str, password: str,
                         message: str = "") -> AccessRequest:
    """Record a request to join the village with ``village_code`` and mail its verification link."""
    clean = access_request_validate(village_code=village_code, name=name, email=email, phone=phone,
                                    password=password, message=message)
    # Hashed either way, so the time taken does not tell whether the email has an account.
    password_hash = make_password(password)
    has_account = User.objects.filter(email__iexact=clean["email"]).exists()
    request = AccessRequest.objects.create(**clean, password_hash="" if has_account else password_hash)
    mail_after_commit("access_verify", request)
    return request


@transaction.atomic
def access_request_confirm(*, access_request: AccessRequest) -> AccessRequest:
    """The email is verified: the village's operators are asked. Idempotent.

    A second request from the same email to the same village replaces the
    details of the one already waiting instead of queueing (and mailing) twice.
    """
    waiting = AccessRequest.objects.select_for_update().filter(
        village_id=access_request.village_id, email=access_request.email, status=AccessRequest.Status.PENDING,
    ).exclude(pk=access_request.pk).first()
    fresh = AccessRequest.objects.select_for_update().filter(
        pk=access_request.pk, status=AccessRequest.Status.UNVERIFIED).first()
    if fresh is not None and waiting is not None:
        for field in ("name", "phone", "message", "password_hash"):
            setattr(waiting, field, getattr(fresh, field))
        waiting.verified_at = timezone.now()
        waiting.save(update_fields=["name", "phone", "message", "password_hash", "verified_at"])
        fresh.delete()
        return waiting
    if fresh is not None:
        fresh.status, fresh.verified_at = AccessRequest.Status.PENDING, timezone.now()
        fresh.save(update_fields=["status", "verified_at"])
        mail_after_commit("access_pending", fresh)
    access_request.refresh_from_db()
    return access_request


def _lock_pending(*, actor: User, access_request: AccessRequest) -> AccessRequest:
    """The request, locked, if ``actor`` manages staff in its village and it is still pending."""
    membership = membership_for(user=actor, village=access_request.village)
    if membership is None or not role_has_permission(membership.role, "staff.manage"):
        raise PermissionDenied
    locked = AccessRequest.objects.select_for_update().select_related("village").get(pk=access_request.pk)
    if locked.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("Permintaan ini sudah diputuskan."), code="decided")
    return locked


@transaction.atomic
def access_request_approve(*, actor: User, access_request: AccessRequest, role: str) -> VillageMembership:
    if role not in Role.values:
        raise ValidationError({"role": [_("Pilih peran yang tersedia.")]})
    request = _lock_pending(actor=actor, access_request=access_request)
    user = User.objects.filter(email__iexact=request.email).first()
    if user is None:
        user = user_create_prehashed(email=request.email, full_name=request.name,
                                     password_hash=request.password_hash)
    membership = staff_grant(village=request.village, user=user, role=role)
    request.status, request.role, request.decided_by = AccessRequest.Status.APPROVED, role, actor
    request.decided_at, request.password_hash = timezone.now(), ""
    request.save(update_fields=["status", "role", "decided_by", "decided_at", "password_hash"])
    with tenant_context(request.village):
        audit_record(actor=actor, action="access_request_approve", obj=membership,
                     changes={"user_id": user.pk, "role": role})
    mail_after_commit("access_decided", request)
    return membership


@transaction.atomic
def access_request_decline(*, actor: User, access_request: AccessRequest) -> AccessRequest:
    request = _lock_pending(actor=actor, access_request=access_request)
    request.status, request.decided_by = AccessRequest.Status.DECLINED, actor
    request.decided_at, request.password_hash = timezone.now(), ""
    request.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    with tenant_context(request.village):
        audit_record(actor=actor, action="access_request_decline", obj=request, changes={})
    mail_after_commit("access_decided", request)
    return request


@transaction.atomic
def access_requests_purge(*, older_than) -> int:
    deleted, _by_model = AccessRequest.objects.filter(
        status=AccessRequest.Status.UNVERIFIED, created_at__lt=older_than
    ).delete()
    return deleted
