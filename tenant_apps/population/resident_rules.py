"""The rules every write of a resident obeys, whoever writes: the forms and the
API one resident at a time (``services``), the OpenSID import thousands at a
time (``opensid_import``). Pure: the callers look up what the rules need.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.population.nik import TEMPORARY_PREFIX, check_nik_format, nik_warnings

# Fields a caller may set on a resident (everything but bookkeeping).
RESIDENT_FIELDS = [
    field.name for field in Resident._meta.get_fields()
    if getattr(field, "concrete", False) and field.name not in {
        "id", "nik_is_temporary", "nik_warnings", "nik_warnings_confirmed", "created_at", "updated_at", "mother",
    }
]

# The NIK is checked below; related rows arrive as model instances that the
# callers (forms, serializers, the import) already looked up, so full_clean
# need not query each one again.
CLEAN_EXCLUDE = ["nik", "rt", "family", "household", "mother"]


def nik_taken_message() -> str:
    return _("NIK ini sudah dipakai penduduk lain yang masih hidup.")


def resident_check(resident: Resident, *, nik_taken: bool) -> None:
    """Field rules, then the hard NIK rules, then the NIK warnings (recomputed on every change).

    ``resident.nik`` is a NIK, or a temporary number (or, for one not yet
    numbered, empty) with ``nik_is_temporary`` set. ``nik_taken``: another
    living resident holds this NIK. Raises ``ValidationError`` by field.
    """
    resident.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    if resident.nik_is_temporary and resident.nik and not resident.nik.startswith(TEMPORARY_PREFIX):
        resident.nik_is_temporary = False  # a real NIK replaces the temporary one
    if not resident.nik_is_temporary:
        try:
            check_nik_format(resident.nik)
        except ValidationError as exc:
            raise ValidationError({"nik": exc.messages}) from None
        if resident.nik.startswith(TEMPORARY_PREFIX):
            # Province codes run 11-94; a leading 0 is Balai's temporary numbering.
            raise ValidationError({"nik": [_("NIK tidak diawali angka 0.")]})
    if nik_taken and resident.basic_status == codes.BasicStatus.HIDUP:
        raise ValidationError({"nik": [nik_taken_message()]})
    warnings = [] if resident.nik_is_temporary else nik_warnings(
        resident.nik, birth_date=resident.birth_date, sex=resident.sex)
    if warnings != resident.nik_warnings:
        resident.nik_warnings, resident.nik_warnings_confirmed = warnings, False


def resident_values(resident: Resident) -> dict:
    """What a caller may set, as stored (related rows by id): the audit's before and after."""
    return model_to_dict(resident, fields=RESIDENT_FIELDS)


def _plain(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value  # coordinates


def audit_changes_new(values: dict) -> dict:
    """The audit's ``changes`` of a new resident: every value."""
    return {key: _plain(value) for key, value in values.items()}


def audit_changes_diff(before: dict, after: dict) -> dict:
    """The audit's ``changes`` of an update: ``"old → new"`` per changed field (empty: nothing changed)."""
    return {key: f"{before.get(key)} → {after[key]}" for key in after if before.get(key) != after[key]}
