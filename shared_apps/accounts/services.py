import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import ApiToken, User, VillageMembership
from shared_apps.accounts.roles import Role

SESSION_TENANT_KEY = "balai_tenant"


@transaction.atomic
def staff_create(*, village, email: str, password: str, role: str) -> User:
    """A new user who works in ``village`` with ``role``; the email is the username."""
    email = User.objects.normalize_email(email).lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Peran tidak dikenal.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"admin_email": _("Email ini sudah terdaftar di Balai.")})
    user = User(username=email, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"admin_password": exc.messages}) from None
    user.set_password(password)
    user.save()
    VillageMembership.objects.create(user=user, village=village, role=role)
    return user


@transaction.atomic
def staff_grant(*, village, user: User, role: str) -> VillageMembership:
    if user.platform_role:
        raise ValidationError({"admin_email": _("Akun staf platform tidak dapat menjadi perangkat desa.")})
    membership, _created = VillageMembership.objects.update_or_create(
        user=user, village=village, defaults={"role": role, "is_active": True}
    )
    return membership


def api_token_issue(*, user: User, tenant) -> str:
    """A new token for ``user`` valid only on ``tenant``'s hosts. Returned once; stored as a digest."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        digest=ApiToken.digest_of(key), user=user, village=None if tenant.is_public else tenant
    )
    return key


def api_token_touch(*, token: ApiToken) -> None:
    # At most one write per token every five minutes, not one per request.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
