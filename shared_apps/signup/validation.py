"""Checks on what a person types at signup, shared by signups and access requests.

Each raises ``ValidationError`` with a message that says how to fix the input.
None of them tells whether an email has an account (no enumeration).
"""
import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.billing.selectors import plan_list_for_signup
from shared_apps.regions.models import Region
from shared_apps.regions.selectors import region_get
from tenants.models import Village
from tenants.validators import check_slug_format

_PHONE_NOISE = re.compile(r"[\s\-().]")
NAME_MAX = 150


def phone_normalize(raw: str) -> str:
    """An Indonesian phone number as ``+62…``; accepts 08…, 628… and +628…."""
    number = _PHONE_NOISE.sub("", raw or "")
    for prefix in ("+62", "62", "0"):
        if number.startswith(prefix):
            number = number[len(prefix):]
            break
    else:
        number = ""
    if not (number.isdigit() and 8 <= len(number) <= 13 and number[0] != "0"):
        raise ValidationError(
            _("Nomor telepon tidak valid. Tulis seperti 0812 3456 7890 atau +62 812 3456 7890."), code="phone"
        )
    return "+62" + number


def email_normalize(raw: str) -> str:
    email = (raw or "").strip().lower()
    validate_email(email)
    return email


def person_name_clean(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not 2 <= len(name) <= NAME_MAX:
        raise ValidationError(_("Nama harus 2–%(max)s karakter.") % {"max": NAME_MAX}, code="name")
    return name


def password_check(password: str, *, email: str, name: str) -> None:
    """Django's validators, against a user made of what was typed (never a stored one)."""
    validate_password(password, User(username=email, email=email, first_name=name))


def region_for_signup(code: str) -> Region:
    region = region_get((code or "").strip())
    if region is None or region.level != Region.Level.DESA_KELURAHAN:
        raise ValidationError(_("Desa/kelurahan dengan kode ini tidak ada dalam daftar Kemendagri. "
                                "Cari lagi desa Anda dengan nama atau kodenya."), code="unknown_village")
    return region


def village_code_free(code: str) -> None:
    if Village.objects.filter(code=code).exists():
        raise ValidationError(_("Desa ini sudah memakai Balai. Anda bisa meminta akses kepada operatornya."),
                              code="taken")


def slug_check(slug: str) -> str:
    """The subdomain, lower-cased, if it is well-formed, not reserved and free."""
    slug = (slug or "").strip().lower()
    check_slug_format(slug)
    if Village.objects.filter(slug=slug).exists():
        raise ValidationError(_("Subdomain “%(slug)s” sudah dipakai desa lain. Pilih yang lain.") % {"slug": slug},
                              code="taken")
    return slug


def plan_for_signup(code: str) -> str:
    if not plan_list_for_signup().filter(code=code).exists():
        raise ValidationError(_("Pilih salah satu paket yang ditawarkan."), code="plan")
    return code


def collect(errors: dict, field: str, check, *args, **kwargs):
    """Run ``check``; on ValidationError keep its messages under ``field`` and return None."""
    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return None
