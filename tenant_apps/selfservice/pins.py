"""Resident PINs and sign-in. PINs are hashed with Django's password hashers;
failures are throttled per NIK and per address (shared_apps.accounts.throttle);
every sign-in, failure, lockout and PIN change is audited in the village."""
import hashlib
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.throttle import (
    WINDOW_SECONDS, Counter, SignInLimits, client_address, counters_exceeded, counters_increment, sign_in_blocked,
    sign_in_failed, sign_in_succeeded,
)
from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.selfservice.models import ResidentAccount
from tenant_apps.village.audit import audit_record

# A PIN has a million values: few tries per NIK, more per address (a family
# or a village office shares one).
LIMITS = SignInLimits(scope="resident-sign-in", per_username=5, per_address=30)
PIN_LENGTH = 6


class ResidentActor:
    """The resident as an audit actor: no public user id, named by resident id only."""

    pk = None

    def __init__(self, resident_id: int | None):
        self.resident_id = resident_id

    def get_username(self) -> str:
        return f"warga#{self.resident_id}" if self.resident_id else "warga"


def _throttle_key(nik: str) -> str:
    # The cache key must not carry the NIK itself.
    return hashlib.sha256(nik.encode()).hexdigest()[:24]


def pin_check_strength(pin: str, resident: Resident) -> None:
    if len(pin) != PIN_LENGTH or not pin.isdigit():
        raise ValidationError({"new_pin": [_("PIN harus 6 angka.")]})
    if len(set(pin)) == 1 or pin in "0123456789012345" or pin in "9876543210987654":
        raise ValidationError({"new_pin": [_("PIN ini terlalu mudah ditebak; jangan pakai angka berurutan atau sama.")]})
    if pin == resident.birth_date.strftime("%d%m%y") or pin == resident.nik[6:12]:
        raise ValidationError({"new_pin": [_("Jangan pakai tanggal lahir sebagai PIN.")]})


@transaction.atomic
def resident_pin_reset(*, actor, resident: Resident) -> str:
    """A new random PIN for ``resident``, returned once for the operator to hand over."""
    if resident.basic_status != codes.BasicStatus.HIDUP:
        raise ValidationError({"nik": [_("Hanya penduduk yang masih tercatat hidup dan tinggal di desa yang dapat "
                                         "memakai layanan mandiri.")]})
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))
    account, created = ResidentAccount.objects.update_or_create(resident=resident, defaults={
        "pin_hash": make_password(pin), "pin_set_by_staff": True, "pin_set_at": timezone.now()})
    audit_record(actor=actor, action="selfservice.pin_set" if created else "selfservice.pin_reset", obj=account,
                 changes={"resident": resident.pk})
    return pin


@transaction.atomic
def resident_pin_change(*, resident: Resident, current_pin: str, new_pin: str) -> ResidentAccount:
    # A session left open on an office computer must not be a way to try every PIN.
    wrong_pins = [Counter(f"resident-pin-change:{resident.pk}", LIMITS.per_username, WINDOW_SECONDS)]
    if counters_exceeded(wrong_pins):
        raise ValidationError({"current_pin": [_("Terlalu banyak PIN lama yang salah. Coba lagi dalam 15 menit.")]})
    account = ResidentAccount.objects.select_for_update().get(resident=resident)
    if not check_password(current_pin, account.pin_hash):
        counters_increment(wrong_pins)
        raise ValidationError({"current_pin": [_("PIN lama salah.")]})
    pin_check_strength(new_pin, resident)
    account.pin_hash, account.pin_set_by_staff, account.pin_set_at = make_password(new_pin), False, timezone.now()
    account.save(update_fields=["pin_hash", "pin_set_by_staff", "pin_set_at"])
    audit_record(actor=ResidentActor(resident.pk), action="selfservice.pin_change", obj=account,
                 changes={"resident": resident.pk})
    return account


class SignInRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def resident_sign_in(*, request, nik: str, pin: str) -> ResidentAccount:
    """The account whose NIK and PIN match, or SignInRefused with one message
    for an unknown NIK, a wrong PIN and a resident who may not sign in."""
    key = _throttle_key(nik)
    address = client_address(request)
    if sign_in_blocked(request, key, LIMITS):
        raise SignInRefused(_("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."))
    account = (ResidentAccount.objects.select_related("resident")
               .filter(resident__nik=nik, resident__basic_status=codes.BasicStatus.HIDUP).first())
    # Hash even for an unknown NIK, so timing does not tell which NIKs exist here.
    if account is None:
        make_password(pin)
    matches = account is not None and check_password(pin, account.pin_hash)
    actor = ResidentActor(getattr(account, "resident_id", None))
    if account is None or not matches:
        # Recorded before refusing: the audit rows must survive the refusal.
        locked = sign_in_failed(request, key, LIMITS)
        with transaction.atomic():
            audit_obj = account or ResidentAccount()
            audit_record(actor=actor, action="selfservice.sign_in_failed", obj=audit_obj,
                         changes={"address": address, "known_nik": account is not None})
            if locked:
                audit_record(actor=actor, action="selfservice.lockout", obj=audit_obj, changes={"address": address})
        raise SignInRefused(_("NIK atau PIN salah."))
    sign_in_succeeded(request, key, LIMITS)
    with transaction.atomic():
        account.last_sign_in_at = timezone.now()
        account.save(update_fields=["last_sign_in_at"])
        audit_record(actor=actor, action="selfservice.sign_in", obj=account, changes={"address": address})
    return account
