"""Letter types: saving a template checks its placeholders; types move between
villages as JSON; the shipped types are installed in every new village."""
import functools
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenant_apps.letters.models import LetterType
from tenant_apps.letters.placeholders import placeholders_unknown
from tenant_apps.letters.values import known_keys
from tenant_apps.village.audit import audit_record

SHIPPED = Path(__file__).parent / "shipped"
CODE = re.compile(r"^[A-Z0-9][A-Z0-9.-]{0,9}$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FIELD_TYPES = {"text", "number", "date"}
EDITABLE = ("code", "name", "template", "paper", "form_fields", "needs_resident", "active")


def _clean_form_fields(value) -> list[dict]:
    if not isinstance(value, list):
        raise ValidationError({"form_fields": [_("Isian tambahan harus berupa daftar.")]})
    cleaned, seen = [], set()
    for field in value:
        name = str(field.get("name", "")) if isinstance(field, dict) else ""
        if not FIELD_NAME.match(name):
            raise ValidationError({"form_fields": [
                _("Nama isian “%(name)s” tidak sah: huruf kecil, angka dan garis bawah, diawali huruf.")
                % {"name": name}]})
        if name in seen:
            raise ValidationError({"form_fields": [_("Isian “%(name)s” disebut dua kali.") % {"name": name}]})
        seen.add(name)
        kind = field.get("type", "text")
        if kind not in FIELD_TYPES:
            raise ValidationError({"form_fields": [_("Jenis isian “%(type)s” tidak dikenal.") % {"type": kind}]})
        cleaned.append({"name": name, "label": str(field.get("label") or name).strip()[:80], "type": kind,
                        "required": bool(field.get("required", False))})
    return cleaned


def letter_type_clean(data: dict) -> dict:
    """Checked values of a letter type; an unknown placeholder is an error now, not a blank in print."""
    code = str(data.get("code", "")).strip().upper()
    if not CODE.match(code):
        raise ValidationError({"code": [_("Kode surat: huruf besar, angka, titik atau tanda hubung, maks. 10 (mis. S-01).")]})
    name = str(data.get("name", "")).strip()
    if not name:
        raise ValidationError({"name": [_("Isi nama jenis surat.")]})
    template = str(data.get("template", "")).strip()
    if not template:
        raise ValidationError({"template": [_("Templat surat kosong.")]})
    form_fields = _clean_form_fields(data.get("form_fields", []))
    unknown = placeholders_unknown(template, known_keys(form_fields))
    if unknown:
        raise ValidationError({"template": [_("Kode isian tidak dikenal: %(codes)s. Periksa ejaannya, atau tambahkan "
                                              "isian tambahan untuk [form_…].") % {"codes": ", ".join(unknown)}]})
    paper = data.get("paper", LetterType.Paper.F4)
    if paper not in LetterType.Paper.values:
        raise ValidationError({"paper": [_("Ukuran kertas: F4 atau A4.")]})
    return {"code": code, "name": name[:120], "template": template, "paper": paper, "form_fields": form_fields,
            "needs_resident": bool(data.get("needs_resident", True)), "active": bool(data.get("active", True))}


@transaction.atomic
def letter_type_save(*, actor, data: dict, letter_type: LetterType | None = None) -> LetterType:
    values = letter_type_clean(data)
    taken = LetterType.objects.filter(code=values["code"]).exclude(pk=getattr(letter_type, "pk", None))
    if taken.exists():
        raise ValidationError({"code": [_("Kode surat ini sudah dipakai jenis surat lain.")]})
    if letter_type is not None and letter_type.code != values["code"] and letter_type.letters.exists():
        raise ValidationError({"code": [_("Kode jenis surat yang sudah dipakai surat terbit tidak bisa diubah.")]})
    letter_type = letter_type or LetterType()
    before = {key: getattr(letter_type, key) for key in EDITABLE} if letter_type.pk else {}
    for key, value in values.items():
        setattr(letter_type, key, value)
    letter_type.save()
    changed = sorted(key for key in EDITABLE if before.get(key) != values[key])
    audit_record(actor=actor, action="letter_type.save", obj=letter_type, changes={"code": letter_type.code,
                                                                                   "changed": changed})
    return letter_type


def letter_types_export(letter_types) -> str:
    return json.dumps({"balai_letter_types": 1, "types": [
        {key: getattr(letter_type, key) for key in EDITABLE} for letter_type in letter_types]},
        ensure_ascii=False, indent=2)


@transaction.atomic
def letter_types_import(*, actor, content: bytes | str) -> dict[str, int]:
    """Add or update types from an export, by code: all or nothing."""
    try:
        payload = json.loads(content)
        types = payload["types"] if payload.get("balai_letter_types") == 1 else None
    except (ValueError, TypeError, AttributeError, KeyError):
        types = None
    if not isinstance(types, list):
        raise ValidationError({"file": [_("Berkas ini bukan ekspor jenis surat Balai (JSON).")]})
    cleaned = []
    for index, data in enumerate(types, start=1):
        try:
            cleaned.append(letter_type_clean(data if isinstance(data, dict) else {}))
        except ValidationError as exc:
            messages = [message for errors in exc.message_dict.values() for message in errors]
            raise ValidationError({"file": [_("Jenis surat ke-%(index)s: %(error)s") % {
                "index": index, "error": " ".join(messages)}]}) from None
    counts = {"added": 0, "updated": 0}
    for values in cleaned:
        existing = LetterType.objects.filter(code=values["code"]).first()
        letter_type_save(actor=actor, data=values, letter_type=existing)
        counts["updated" if existing else "added"] += 1
    return counts


def _shipped_template(body_file: str) -> str:
    """A shipped type's whole template: the shared letterhead and the person's
    table, its own paragraphs, the shared closing and signature. The village
    gets (and edits) the whole text; the parts are shared only here."""
    parts = ("_kop.html", "_person.html", body_file, "_sign.html")
    return "".join((SHIPPED / name).read_text(encoding="utf-8") for name in parts)


@functools.cache
def shipped_type_names() -> dict[str, str]:
    """Code → name of the types Balai ships (what regional figures call a code, whatever a village renamed)."""
    names = {}
    for path in sorted(SHIPPED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        names[data["code"]] = data["name"]
    return names


def letter_types_install_shipped(*, actor=None) -> int:
    """The types Balai ships that the village lacks (by code). Idempotent.

    Without an actor this is the village's starting state, written at
    provisioning like its profile, and not audited; staff who install them
    later are audited for each type."""
    added = 0
    for path in sorted(SHIPPED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["template"] = _shipped_template(data.pop("template_file"))
        if LetterType.objects.filter(code=data["code"]).exists():
            continue
        if actor is None:
            LetterType.objects.create(**letter_type_clean(data))
        else:
            letter_type_save(actor=actor, data=data)
        added += 1
    return added
