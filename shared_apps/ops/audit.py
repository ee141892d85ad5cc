"""The platform audit log: ``platform_audit_record`` is the one way to write it."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shared_apps.ops.models import PlatformAuditEntry

# An action code is "<entity>.<verb>", e.g. "village.suspend", "impersonation.start".
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Keys that would carry a person's data; the log is read by every ops user.
_PERSONAL_KEYS = {"nik", "no_kk", "kk", "nama", "name", "alamat", "address", "tanggal_lahir", "birth_date",
                  "phone", "telepon", "email"}
_SIXTEEN_DIGITS = re.compile(r"\b\d{16}\b")


def _check_details(details: dict, path: str = "") -> None:
    for key, value in details.items():
        if str(key).lower() in _PERSONAL_KEYS:
            raise ValueError(f"platform audit details must not hold personal data (key {path}{key!r})")
        if isinstance(value, dict):
            _check_details(value, f"{path}{key}.")
        elif isinstance(value, str) and _SIXTEEN_DIGITS.search(value):
            raise ValueError(f"platform audit details must not hold a NIK or No. KK (key {path}{key!r})")


def platform_audit_record(actor, action: str, *, village=None, reason: str = "", details: dict | None = None
                          ) -> PlatformAuditEntry:
    """Append one row to the platform audit log.

    Call it inside the service's transaction, so the row exists exactly when
    the act does. ``actor`` is the signed-in user (None for the system itself);
    ``village`` a ``tenants.Village`` or None; ``details`` a small JSON-able dict
    of ids, codes and counts — never names, NIK, addresses or other personal data.
    """
    if not _ACTION.match(action or ""):
        raise ValueError(f"action code {action!r} is not of the form 'entity.verb'")
    if village is not None and getattr(village, "is_public", False):
        raise ValidationError("the control plane's tenant is not a village")
    if _SIXTEEN_DIGITS.search(reason or ""):
        # Reasons are typed by people ("warga … minta koreksi") and read by every ops user.
        raise ValidationError({"reason": _("Alasan tidak boleh memuat NIK atau nomor KK (16 angka); "
                                           "tuliskan tanpa nomor itu.")})
    details = details or {}
    _check_details(details)
    return PlatformAuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_email=actor.email if actor is not None and actor.is_authenticated else "system",
        action=action,
        village=village,
        reason=reason.strip(),
        details=details,
    )
