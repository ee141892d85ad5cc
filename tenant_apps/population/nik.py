"""NIK and No. KK checks.

Hard errors (the value is unusable): not 16 digits; a NIK already held by a
living resident of the village. Warnings (real NIKs have real anomalies, so an
operator sees and may confirm them): the region prefix is not a known
kecamatan, or the DDMMYY part does not match the birth date (day + 40 for women).
"""
import datetime
import re
import time

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from shared_apps.regions.models import Region
from tenant_apps.population import codes

SIXTEEN_DIGITS = re.compile(r"\d{16}")
WARNING_REGION = "region_unknown"
WARNING_BIRTH_DATE = "birth_date_mismatch"
TEMPORARY_PREFIX = "0"


def check_nik_format(nik: str) -> None:
    if not SIXTEEN_DIGITS.fullmatch(nik or ""):
        raise ValidationError(_("NIK harus 16 angka."), code="format")


def check_no_kk_format(no_kk: str) -> None:
    if not SIXTEEN_DIGITS.fullmatch(no_kk or ""):
        raise ValidationError(_("Nomor KK harus 16 angka."), code="format")


_KNOWN_KECAMATAN: set[str] = set()
# "Unknown" is remembered briefly only: the region list may grow in another
# process, and an import of thousands of rows must not ask once per row.
_UNKNOWN_KECAMATAN: dict[str, float] = {}
UNKNOWN_REMEMBERED_SECONDS = 60.0


def _kecamatan_exists(code: str) -> bool:
    if code in _KNOWN_KECAMATAN:
        return True
    if time.monotonic() - _UNKNOWN_KECAMATAN.get(code, -UNKNOWN_REMEMBERED_SECONDS) < UNKNOWN_REMEMBERED_SECONDS:
        return False
    if Region.objects.filter(code=code, level=Region.Level.KECAMATAN).exists():
        _KNOWN_KECAMATAN.add(code)
        _UNKNOWN_KECAMATAN.pop(code, None)
        return True
    _UNKNOWN_KECAMATAN[code] = time.monotonic()
    return False


def kecamatan_exists_forget() -> None:
    """Forget the remembered regions (after the region list is re-loaded)."""
    _KNOWN_KECAMATAN.clear()
    _UNKNOWN_KECAMATAN.clear()


def nik_warnings(nik: str, *, birth_date: datetime.date, sex: int) -> list[str]:
    """Structure findings for a well-formed, non-temporary NIK."""
    warnings = []
    region_code = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if not _kecamatan_exists(region_code):
        warnings.append(WARNING_REGION)
    day = birth_date.day + (40 if sex == codes.Sex.PEREMPUAN else 0)
    if nik[6:12] != f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}":
        warnings.append(WARNING_BIRTH_DATE)
    return warnings


def warning_labels() -> dict[str, str]:
    return {
        WARNING_REGION: _("Kode wilayah NIK (6 angka pertama) tidak ada dalam daftar kecamatan Kemendagri."),
        WARNING_BIRTH_DATE: _("Tanggal lahir dalam NIK tidak sama dengan tanggal lahir (perempuan: tanggal + 40)."),
    }


def temporary_niks_next(village_code: str, count: int = 1) -> list[str]:
    """``count`` new OpenSID temporary numbers: ``0`` + the 10-digit village code + a 5-digit counter.

    The counter lives on the village profile and only goes up (one UPDATE …
    RETURNING, which serialises concurrent registrations on the profile row):
    a number once handed out is never handed out again, even after its holder
    gets a real NIK, so an old export can never match someone else.
    """
    with connection.cursor() as cursor:
        cursor.execute("UPDATE village_villageprofile SET temporary_nik_counter = temporary_nik_counter + %s "
                       "RETURNING temporary_nik_counter", [count])
        last = cursor.fetchone()[0]
    prefix = f"{TEMPORARY_PREFIX}{village_code.replace('.', '')}"
    return [f"{prefix}{counter:05d}" for counter in range(last - count + 1, last + 1)]
