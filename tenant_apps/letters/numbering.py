"""Letter numbers: a counter per year (per letter type, or one for all),
taken with one INSERT … ON CONFLICT … RETURNING, so two sessions issuing at
the same moment queue on the counter row and never get the same number."""
import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from tenant_apps.letters.models import LetterCounter, LetterSettings
from tenant_apps.letters.placeholders import placeholders_find, placeholders_render, placeholders_unknown
from tenant_apps.letters.values import NUMBER_KEYS, ROMAN

ALL_TYPES = "*"


def number_format_check(number_format: str, sequence: str) -> None:
    """A format that could give two letters the same number is refused."""
    unknown = placeholders_unknown(number_format, NUMBER_KEYS)
    if unknown:
        raise ValidationError({"number_format": [_("Kode tidak dikenal dalam format nomor: %(codes)s.")
                                                 % {"codes": ", ".join(unknown)}]})
    keys = {found.key for found in placeholders_find(number_format)}
    needed = {"nomor_surat", "tahun"} | ({"kode_surat"} if sequence == LetterSettings.Sequence.PER_TYPE else set())
    missing = sorted(needed - keys)
    if missing:
        raise ValidationError({"number_format": [
            _("Format nomor harus memuat %(codes)s, agar dua surat tidak pernah bernomor sama.")
            % {"codes": ", ".join(f"[{key}]" for key in missing)}]})


def sequence_next(*, scope: str, year: int) -> int:
    table = connection.ops.quote_name(LetterCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, scope, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (year, scope) DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [year, scope],
        )
        return cursor.fetchone()[0]


def number_render(number_format: str, *, type_code: str, sequence: int, village_code: str,
                  day: datetime.date) -> str:
    values = {"kode_surat": type_code, "kode_desa": village_code, "bulan_romawi": ROMAN[day.month - 1],
              "tahun": str(day.year)}

    def value_of(key: str, argument: str | None) -> str:
        if key == "nomor_surat":
            width = int(argument) if argument and argument.isascii() and argument.isdigit() else 0
            return str(sequence).zfill(min(width, 9))
        return values[key]

    return placeholders_render(number_format, value_of, escape=False, cased=False)
