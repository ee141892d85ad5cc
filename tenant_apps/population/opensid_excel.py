"""OpenSID's 43-column population spreadsheet: reading and checking.

Pure: a workbook in, a list of ``ImportRow`` out, each with its resident data,
per-row errors (which block the import) and warnings (which do not). The only
database access is read-only (region list for NIK warnings). Writing is
``opensid_import.population_import``; export is ``opensid_export``.

Safety: the file must be an .xlsx (a zip) of at most ``MAX_BYTES`` and
``MAX_ROWS`` data rows; openpyxl reads it in read-only mode and, because
defusedxml is installed, refuses XML entity bombs. Formula cells are refused:
an import must store what the operator sees, not what a formula computed.
"""
import datetime
import functools
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from tenant_apps.population import codes
from tenant_apps.population.nik import check_nik_format, nik_warnings, warning_labels

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
STOP_MARK = "###"

# (column, resident field or a pseudo-field starting with "_", kind, code list)
# kinds: text, code, date, decimal. Pseudo-fields feed families and wilayah.
COLUMNS: list[tuple[str, str, str, type | None]] = [
    ("alamat", "address", "text", None),
    ("dusun", "_dusun", "text", None),
    ("rw", "_rw", "text", None),
    ("rt", "_rt", "text", None),
    ("nama", "name", "text", None),
    ("no_kk", "_no_kk", "text", None),
    ("nik", "nik", "text", None),
    ("sex", "sex", "code", codes.Sex),
    ("tempatlahir", "birth_place", "text", None),
    ("tanggallahir", "birth_date", "date", None),
    ("agama_id", "religion", "code", codes.Religion),
    ("pendidikan_kk_id", "education_kk", "code", codes.EducationInKK),
    ("pendidikan_sedang_id", "education_current", "code", codes.CurrentEducation),
    ("pekerjaan_id", "occupation", "code", codes.Occupation),
    ("status_kawin", "marital_status", "code", codes.MaritalStatus),
    ("kk_level", "family_relationship", "code", codes.FamilyRelationship),
    ("warganegara_id", "citizenship", "code", codes.Citizenship),
    ("ayah_nik", "father_nik", "text", None),
    ("nama_ayah", "father_name", "text", None),
    ("ibu_nik", "mother_nik", "text", None),
    ("nama_ibu", "mother_name", "text", None),
    ("golongan_darah_id", "blood_type", "code", codes.BloodType),
    ("akta_lahir", "birth_certificate_no", "text", None),
    ("dokumen_pasport", "passport_no", "text", None),
    ("tanggal_akhir_paspor", "passport_expiry", "date", None),
    ("dokumen_kitas", "kitas_no", "text", None),
    ("akta_perkawinan", "marriage_certificate_no", "text", None),
    ("tanggalperkawinan", "marriage_date", "date", None),
    ("akta_perceraian", "divorce_certificate_no", "text", None),
    ("tanggalperceraian", "divorce_date", "date", None),
    ("cacat_id", "disability", "code", codes.Disability),
    ("cara_kb_id", "contraception", "code", codes.Contraception),
    ("hamil", "pregnancy", "code", codes.Pregnancy),
    ("ktp_el", "ktp_el", "code", codes.KtpEl),
    ("status_rekam", "ktp_recording_status", "code", codes.KtpRecordingStatus),
    ("alamat_sekarang", "current_address", "text", None),
    ("status_dasar", "basic_status", "code", codes.BasicStatus),
    ("suku", "ethnicity", "text", None),
    ("tag_id_card", "tag_id_card", "text", None),
    ("id_asuransi", "insurance", "code", codes.Insurance),
    ("no_asuransi", "insurance_no", "text", None),
    ("lat", "latitude", "decimal", None),
    ("lng", "longitude", "decimal", None),
]
HEADER = [column for column, *_ in COLUMNS]
REQUIRED = {"nama", "sex", "tanggallahir", "agama_id", "status_kawin"}
# Left empty, these take the model's default, as OpenSID's import does.
DEFAULTS = {"citizenship": codes.Citizenship.WNI, "basic_status": codes.BasicStatus.HIDUP}
_TEXT_DATE = [(re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), (1, 2, 3)),
              (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), (3, 2, 1))]


class OpenSIDFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportRow:
    line: int  # the spreadsheet's row number, as the operator sees it
    data: dict = field(default_factory=dict)  # Resident fields the file gives
    defaults: dict = field(default_factory=dict)  # what a new resident takes for columns left empty
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    no_kk: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outcome: str = ""  # new, updated, unchanged (set by population_import)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a NIK or RT typed as a number
    text = str(value).strip()
    # Balai's export escapes text that a spreadsheet would run as a formula with
    # one leading quote (see village.spreadsheet); take exactly one off.
    return text[1:] if text.startswith("'") else text


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern, (y, m, d) in _TEXT_DATE:
        match = pattern.fullmatch(text.split(" ")[0])
        if match:
            try:
                return datetime.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                break
    raise ValueError(text)


@functools.cache
def _max_length(target: str) -> int | None:
    from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw

    model, name = {"_dusun": (Dusun, "name"), "_rw": (Rw, "number"), "_rt": (Rt, "number"),
                   "_no_kk": (Family, "no_kk")}.get(target, (Resident, target))
    return getattr(model._meta.get_field(name), "max_length", None)


def _cell(row: ImportRow, column: str, kind: str, choices, value, target: str = ""):
    if kind == "text":
        text = _text(value)
        limit = _max_length(target) if target else None
        if limit and len(text) > limit:
            row.errors.append(_("Kolom %(column)s: paling banyak %(limit)s karakter.") % {"column": column, "limit": limit})
            return None
        return text
    if kind == "date":
        try:
            return _date(value)
        except ValueError:
            row.errors.append(_("Kolom %(column)s: tanggal “%(value)s” tidak dapat dibaca "
                                "(pakai TTTT-BB-HH atau HH-BB-TTTT).") % {"column": column, "value": value})
            return None
    if kind == "decimal":
        text = _text(value)
        try:
            return Decimal(text).quantize(Decimal("0.000001")) if text else None
        except InvalidOperation:
            row.errors.append(_("Kolom %(column)s: “%(value)s” bukan angka.") % {"column": column, "value": text})
            return None
    text = _text(value)
    # OpenSID writes 0 for "not filled" in its optional code columns.
    if not text or (text in {"0", "0.0"} and column not in REQUIRED):
        return None
    code = codes.code_for_label(choices, value if isinstance(value, int | float) else text)
    if code is None:
        row.errors.append(_("Kolom %(column)s: kode atau nama “%(value)s” tidak dikenal.")
                          % {"column": column, "value": text})
    return code


def _is_formula(value) -> bool:
    # Read with data_only=False, a formula cell's value is its formula: "=…", or an object for array/table formulas.
    return isinstance(value, str) and value.startswith("=") or isinstance(value, ArrayFormula | DataTableFormula)


def _parse_row(line: int, values: tuple, positions: dict[str, int]) -> ImportRow:
    row = ImportRow(line=line)
    for column, target, kind, choices in COLUMNS:
        position = positions[column]
        value = values[position] if position < len(values) else None
        if _is_formula(value):
            row.errors.append(_("Kolom %(column)s: rumus (formula) tidak diterima; isikan nilainya.")
                              % {"column": column})
            continue
        reported = len(row.errors)
        value = _cell(row, column, kind, choices, value, target)
        # An unreadable value has had its own message; "empty" would mislead.
        if column in REQUIRED and value in (None, "") and len(row.errors) == reported:
            row.errors.append(_("Kolom %(column)s wajib diisi.") % {"column": column})
        if target.startswith("_"):
            setattr(row, target[1:], value)
        elif value not in (None, "") or target not in DEFAULTS:
            row.data[target] = value
    # Only for a new resident: an empty status must never bring a matched (dead) resident back.
    row.defaults = {target: default for target, default in DEFAULTS.items() if target not in row.data}
    if row.rw or row.rt:
        row.rw, row.rt = row.rw or "-", row.rt or "-"
        if not row.dusun:
            row.errors.append(_("Kolom dusun wajib diisi bila RW atau RT diisi."))
    _check_nik(row)
    return row


def is_temporary_nik(nik: str) -> bool:
    return len(nik) == 16 and nik.isdigit() and nik.startswith("0")


def _check_nik(row: ImportRow) -> None:
    nik = row.data.get("nik", "")
    if not nik or is_temporary_nik(nik):
        return
    try:
        check_nik_format(nik)
    except ValidationError as exc:
        row.errors.extend(_("Kolom nik: %(message)s") % {"message": message} for message in exc.messages)
        return
    if row.data.get("birth_date") and row.data.get("sex"):
        labels = warning_labels()
        row.warnings.extend(labels[key] for key in nik_warnings(nik, birth_date=row.data["birth_date"],
                                                                sex=row.data["sex"]))


def check_file_size(size: int) -> None:
    """Refuse a file over MAX_BYTES (call it before reading an upload into memory)."""
    if size > MAX_BYTES:
        raise OpenSIDFileError(_("Berkas terlalu besar (paling besar %(mb)d MB).") % {"mb": MAX_BYTES // 2**20})


def _open(file):
    check_file_size(_size(file))
    from openpyxl import load_workbook

    try:
        if not zipfile.is_zipfile(file):
            raise zipfile.BadZipFile
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        raise OpenSIDFileError(_("Berkas bukan Excel .xlsx yang dapat dibaca. Simpan ulang sebagai .xlsx "
                                 "(format OpenSID).")) from None


def _size(file) -> int:
    position = file.tell()
    file.seek(0, 2)
    size = file.tell()
    file.seek(position)
    return size


def workbook_read(file) -> list[ImportRow]:
    """Every data row of the first sheet of ``file`` (a binary file object), checked.

    Raises ``OpenSIDFileError`` for problems with the file as a whole.
    """
    workbook = _open(file)
    try:
        sheet = workbook.worksheets[0]
        # Files written by other tools often carry a wrong <dimension>, which
        # read-only mode would trust and so drop rows.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        names = [_text(value).lower() for value in next(rows, ())]
        missing = [column for column in HEADER if column not in names]
        if missing:
            unknown = [name for name in names if name and name not in HEADER]
            message = _("Kolom tidak ditemukan: %(missing)s.") % {"missing": ", ".join(missing)}
            if unknown:
                message += " " + _("Kolom tidak dikenal (salah nama?): %(unknown)s.") % {"unknown": ", ".join(unknown)}
            raise OpenSIDFileError(message)
        positions = {name: names.index(name) for name in HEADER}
        result = []
        for line, values in enumerate(rows, start=2):
            first = _text(values[0]) if values else ""
            if first == STOP_MARK:
                break
            if all(value in (None, "") for value in values):
                continue
            if len(result) >= MAX_ROWS:
                raise OpenSIDFileError(_("Terlalu banyak baris (paling banyak %(rows)d).") % {"rows": MAX_ROWS})
            result.append(_parse_row(line, values, positions))
    finally:
        workbook.close()
    _check_duplicate_niks(result)
    return result


def _check_duplicate_niks(rows: list[ImportRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        nik = row.data.get("nik")
        if not nik:
            continue
        if nik in first_line:
            row.errors.append(_("NIK %(nik)s sudah ada di baris %(line)d berkas ini.")
                              % {"nik": nik, "line": first_line[nik]})
        else:
            first_line[nik] = row.line
