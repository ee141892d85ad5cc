"""Platform staff accounts: created with a role and a TOTP device, shown once."""
import base64
import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.accounts.models import User
from shared_apps.ops.audit import platform_audit_record
from shared_apps.ops.roles import PlatformRole


@dataclass(frozen=True)
class StaffCreated:
    user: User
    password: str
    totp_secret: str  # base32, for typing into an authenticator app
    totp_uri: str  # otpauth:// provisioning URI, for a QR code


@transaction.atomic
def platform_staff_create(*, email: str, role: str, password: str | None = None, actor=None) -> StaffCreated:
    """A new platform staff account with one confirmed TOTP device.

    The password (generated when not given) and the TOTP secret are returned
    to be shown once; only the password's hash and the device key are kept.
    A platform staff account is never village staff, so the email must be new.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if role not in PlatformRole.values:
        raise ValidationError({"role": _("Peran platform tidak dikenal: pilih %(roles)s.")
                               % {"roles": ", ".join(PlatformRole.values)}})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Email ini sudah terdaftar di Balai.")})
    user = User(username=email, email=email, platform_role=role)
    password = password or secrets.token_urlsafe(15)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    platform_audit_record(actor, "staff.create", details={"staff_id": user.pk, "role": role})
    return StaffCreated(user=user, password=password, totp_secret=base64.b32encode(device.bin_key).decode(),
                        totp_uri=device.config_url)
