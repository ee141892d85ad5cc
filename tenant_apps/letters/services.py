"""Writes of the letter service. Call inside the village's schema; every write
is audited in the same transaction."""
import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.roles import role_has_permission
from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.letters.models import Letter, LetterSettings, LetterType, Official
from tenant_apps.letters.numbering import ALL_TYPES, number_format_check, number_render, sequence_next
from tenant_apps.letters.pdf import html_to_pdf, qr_img
from tenant_apps.letters.placeholders import placeholders_render
from tenant_apps.letters.terbilang import terbilang
from tenant_apps.letters.values import (
    MARKUP, ROMAN, date_long, relatives_values, resident_values, subject_values, village_values,
)
from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.village.audit import audit_record
from tenant_apps.village.models import VillageProfile
from tenants.selectors import village_url

# Unambiguous letters and digits (no 0/O, 1/I/L): 12 of them are 60 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def letter_settings() -> LetterSettings:
    return LetterSettings.objects.get_or_create(pk=1)[0]


@transaction.atomic
def letter_settings_update(*, actor, number_format: str, sequence: str, verification_required: bool) -> LetterSettings:
    number_format_check(number_format, sequence)
    settings = LetterSettings.objects.select_for_update().get_or_create(pk=1)[0]
    settings.number_format, settings.sequence = number_format.strip(), sequence
    settings.verification_required = verification_required
    settings.save()
    audit_record(actor=actor, action="letters.settings", obj=settings, changes={
        "number_format": settings.number_format, "sequence": sequence, "verification_required": verification_required})
    return settings


def verification_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def name_masked(name: str) -> str:
    """"Siti Aminah" → "S*** A*****": enough to recognise one's own letter."""
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in name.split())


def _digits(value: str | None) -> bool:
    """Plain digits, at most 15 (``str.isdigit`` also takes "²", which ``int`` refuses)."""
    return bool(value) and value.isascii() and value.isdigit() and len(value) <= 15


def _check_fields(letter_type: LetterType, fields: dict) -> dict:
    declared = {field["name"]: field for field in letter_type.form_fields}
    unknown = sorted(set(fields) - set(declared))
    errors = [_("Isian tidak dikenal untuk surat ini: %(names)s.") % {"names": ", ".join(unknown)}] if unknown else []
    cleaned = {}
    for name, field in declared.items():
        value = str(fields.get(name, "") or "").strip()
        if field.get("required") and not value:
            errors.append(_("Isian “%(label)s” wajib diisi.") % {"label": field["label"]})
        if value and field.get("type") == "number" and not _digits(value):
            errors.append(_("Isian “%(label)s” harus berupa angka.") % {"label": field["label"]})
        if value and field.get("type") == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                errors.append(_("Isian “%(label)s” harus tanggal (TTTT-BB-HH).") % {"label": field["label"]})
        cleaned[name] = value
    if errors:
        raise ValidationError({"fields": errors})
    return cleaned


def _person_values(letter: Letter, day: datetime.date) -> dict[str, str]:
    if letter.resident is None:
        return subject_values(letter.subject) | {f"{key}_{who}": "" for who in ("ayah", "ibu", "pasangan")
                                                  for key in subject_values({})}
    return resident_values(letter.resident, day) | relatives_values(letter.resident, day)


def letter_body(letter: Letter, *, number: str, sequence: int | None, day: datetime.date, qr: str) -> str:
    """The template with every placeholder filled in (HTML)."""
    official = letter.official
    values = {
        **village_values(VillageProfile.objects.get()),
        **_person_values(letter, day),
        "nama_pamong": official.name, "jabatan_pamong": official.position, "nip_pamong": official.nip,
        "atas_nama": official.on_behalf_of,
        "format_nomor_surat": number, "kode_surat": letter.letter_type.code, "judul_surat": letter.letter_type.name,
        "tgl_surat": date_long(day), "bulan_romawi": ROMAN[day.month - 1],
        "tahun": str(day.year), "qr_code": qr, "kode_verifikasi": letter.verification_code,
        **{f"form_{name}": value for name, value in letter.fields.items()},
    }
    for field in letter.letter_type.form_fields:  # dates print as "5 Maret 2026"
        if field.get("type") == "date" and values.get(f"form_{field['name']}"):
            values[f"form_{field['name']}"] = date_long(datetime.date.fromisoformat(values[f"form_{field['name']}"]))

    def value_of(key: str, argument: str | None) -> str:
        if key == "nomor_surat":
            return str(sequence or "").zfill(min(int(argument), 9) if _digits(argument) else 0)
        if key == "terbilang":
            amount = values.get((argument or "").lower(), "")
            return terbilang(int(amount)) if _digits(amount) else ""
        return values.get(key, "")

    return placeholders_render(letter.letter_type.template, value_of, markup=MARKUP)


def _verification_url(code: str) -> str:
    return f"{village_url(connection.tenant)}surat/verifikasi/{code}/"


def letter_preview(*, letter_type: LetterType, resident: Resident | None, subject: dict, fields: dict,
                   official: Official) -> bytes:
    """The letter as it would print, unnumbered and marked as a preview."""
    letter = Letter(letter_type=letter_type, resident=resident, subject=subject or {}, official=official,
                    fields=_check_fields(letter_type, fields), verification_code="XXXX-XXXX-XXXX")
    body = letter_body(letter, number="…", sequence=None, day=timezone.localdate(), qr="")
    return html_to_pdf(body, paper=letter_type.paper, preview=True)


def _subject_check(letter_type: LetterType, resident: Resident | None, subject: dict) -> None:
    if resident is not None:
        # A letter may be about someone who died or moved (kematian, pindah), not about an entry made in error.
        if resident.basic_status == codes.BasicStatus.TIDAK_VALID:
            raise ValidationError({"resident": [_("Data penduduk ini ditandai tidak valid.")]})
    elif letter_type.needs_resident:
        raise ValidationError({"resident": [_("Surat ini untuk penduduk terdaftar: pilih penduduknya.")]})
    elif not str(subject.get("nama", "")).strip():
        raise ValidationError({"subject": [_("Isi nama orang yang dibuatkan surat.")]})


@transaction.atomic
def letter_issue(*, actor, role: str | None, letter_type: LetterType, official: Official, fields: dict,
                 resident: Resident | None = None, subject: dict | None = None) -> Letter:
    """A new letter: numbered and printed at once, or waiting for the kepala
    desa or sekretaris when the village checks letters and ``role`` may not."""
    subject = {key: str(value).strip() for key, value in (subject or {}).items() if key in subject_values({})}
    if not letter_type.active:
        raise ValidationError({"letter_type": [_("Jenis surat ini tidak aktif.")]})
    if not official.active:
        raise ValidationError({"official": [_("Penanda tangan ini tidak aktif.")]})
    _subject_check(letter_type, resident, subject)
    letter = Letter(
        letter_type=letter_type, resident=resident, subject=subject, official=official,
        fields=_check_fields(letter_type, fields), status=Letter.Status.AWAITING_VERIFICATION,
        verification_code=verification_code_new(),
        masked_name=name_masked(resident.name if resident else subject["nama"]),
        requested_by_id=getattr(actor, "pk", None), requested_by_username=actor.get_username() if actor else "system",
    )
    letter.save()
    audit_record(actor=actor, action="letter.create", obj=letter,
                 changes={"letter_type": letter_type.code, "resident": getattr(resident, "pk", None)})
    if letter_settings().verification_required and not role_has_permission(role or "", "letters.verify"):
        return letter
    return _finalize(actor, letter)


def _finalize(actor, letter: Letter) -> Letter:
    settings = letter_settings()
    day = timezone.localdate()
    scope = letter.letter_type.code if settings.sequence == LetterSettings.Sequence.PER_TYPE else ALL_TYPES
    village_code = VillageProfile.objects.values_list("code", flat=True).get().replace(".", "")
    while True:
        sequence = sequence_next(scope=scope, year=day.year)
        number = number_render(settings.number_format, type_code=letter.letter_type.code, sequence=sequence,
                               village_code=village_code, day=day)
        # After the numbering mode changed, a counter may trail numbers already given: skip them.
        if not Letter.objects.filter(number=number).exists():
            break
    body = letter_body(letter, number=number, sequence=sequence, day=day,
                       qr=qr_img(_verification_url(letter.verification_code)))
    letter.number, letter.sequence, letter.year, letter.issued_on = number, sequence, day.year, day
    letter.rendered_html, letter.pdf = body, html_to_pdf(body, paper=letter.letter_type.paper)
    letter.status, letter.issued_at = Letter.Status.ISSUED, timezone.now()
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        raise ValidationError({"number": [_("Nomor %(number)s sudah dipakai surat lain; periksa format nomor surat.")
                                          % {"number": number}]}) from None
    audit_record(actor=actor, action="letter.issue", obj=letter, changes={"number": number})
    rollup_mark_changed()  # letters issued per month: regional rollups pick the village up on their next run
    return letter


@transaction.atomic
def letter_verify(*, actor, role: str, letter: Letter) -> Letter:
    """The kepala desa or sekretaris approves a waiting letter: it is numbered and printed."""
    if not role_has_permission(role, "letters.verify"):
        raise ValidationError({"letter": [_("Hanya kepala desa atau sekretaris yang memeriksa surat.")]})
    letter = Letter.objects.select_for_update().select_related("letter_type", "official").get(pk=letter.pk)
    if letter.status != Letter.Status.AWAITING_VERIFICATION:
        raise ValidationError({"letter": [_("Surat ini tidak sedang menunggu pemeriksaan.")]})
    letter.verified_by_username = actor.get_username()
    return _finalize(actor, letter)


@transaction.atomic
def letter_revoke(*, actor, letter: Letter, reason: str) -> Letter:
    """Withdraw a letter: its verification page says so from now on."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pencabutan.")]})
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status == Letter.Status.REVOKED:
        raise ValidationError({"letter": [_("Surat ini sudah dicabut.")]})
    letter.status, letter.revoked_at, letter.revoke_reason = Letter.Status.REVOKED, timezone.now(), reason.strip()
    letter.save(update_fields=["status", "revoked_at", "revoke_reason"])
    audit_record(actor=actor, action="letter.revoke", obj=letter, changes={"number": letter.number},
                 reason=letter.revoke_reason)
    rollup_mark_changed()  # a revoked letter no longer counts as issued
    return letter


@transaction.atomic
def official_save(*, actor, data: dict, official: Official | None = None) -> Official:
    official = official or Official()
    for key in ("name", "position", "nip", "on_behalf_of", "active"):
        if key in data:
            setattr(official, key, data[key].strip() if isinstance(data[key], str) else data[key])
    if not official.name or not official.position:
        raise ValidationError({"name": [_("Isi nama dan jabatan penanda tangan.")]})
    official.save()
    audit_record(actor=actor, action="official.save", obj=official,
                 changes={"name": official.name, "position": official.position, "active": official.active})
    return official
