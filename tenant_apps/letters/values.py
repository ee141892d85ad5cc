"""What each placeholder stands for: the catalogue shown to template editors,
and the values of one letter. Letters are always written in Indonesian."""
import datetime

from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.village.models import VillageProfile

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

VILLAGE = {
    "nama_desa": _("nama desa"), "kode_desa": _("kode desa (Kemendagri)"), "sebutan_desa": _("Desa atau Kelurahan"),
    "sebutan_kepala_desa": _("Kepala Desa atau Lurah"), "nama_kecamatan": _("nama kecamatan"),
    "kode_kecamatan": _("kode kecamatan"), "nama_kabupaten": _("nama kabupaten/kota"),
    "kode_kabupaten": _("kode kabupaten/kota"), "nama_provinsi": _("nama provinsi"), "kode_provinsi": _("kode provinsi"),
    "alamat_desa": _("alamat kantor desa"), "kode_pos": _("kode pos"), "telepon_desa": _("telepon kantor desa"),
    "email_desa": _("email desa"),
}
PERSON = {
    "nik": _("NIK"), "no_kk": _("nomor KK"), "nama": _("nama"), "tempatlahir": _("tempat lahir"),
    "tanggallahir": _("tanggal lahir"), "ttl": _("tempat, tanggal lahir"), "usia": _("usia"),
    "jenis_kelamin": _("jenis kelamin"), "agama": _("agama"), "status_kawin": _("status perkawinan"),
    "pekerjaan": _("pekerjaan"), "pendidikan_kk": _("pendidikan dalam KK"), "warga_negara": _("kewarganegaraan"),
    "alamat": _("alamat lengkap"), "dusun": _("dusun"), "rw": _("RW"), "rt": _("RT"),
    "gol_darah": _("golongan darah"), "hubungan": _("hubungan dalam keluarga"), "kepala_kk": _("nama kepala keluarga"),
}
RELATIVES = {"ayah": _("ayah"), "ibu": _("ibu"), "pasangan": _("suami/istri")}
SIGNER = {"nama_pamong": _("nama penanda tangan"), "jabatan_pamong": _("jabatan penanda tangan"),
          "nip_pamong": _("NIP penanda tangan"), "atas_nama": _("a.n. (atas nama), bila ada")}
LETTER = {
    "format_nomor_surat": _("nomor surat lengkap"), "nomor_surat": _("nomor urut ([nomor_surat, 3] = 001)"),
    "kode_surat": _("kode jenis surat"), "judul_surat": _("nama jenis surat"), "tgl_surat": _("tanggal surat"),
    "bulan_romawi": _("bulan surat, angka Romawi"), "tahun": _("tahun surat"), "qr_code": _("kode QR verifikasi"),
    "kode_verifikasi": _("kode verifikasi"), "terbilang": _("[terbilang, form_x]: angka isian x dalam kata"),
}
# The number format uses these only (it is rendered before the letter exists).
NUMBER_KEYS = {"kode_surat", "nomor_surat", "kode_desa", "bulan_romawi", "tahun"}
MARKUP = frozenset({"qr_code"})


def catalogue() -> dict[str, dict[str, str]]:
    """Every code, grouped, for the template editor's help."""
    relatives = {f"{key}_{who}": f"{label} {name}" for who, name in RELATIVES.items() for key, label in PERSON.items()}
    return {str(_("Desa")): VILLAGE, str(_("Penduduk")): {**PERSON, **relatives}, str(_("Penanda tangan")): SIGNER,
            str(_("Surat")): LETTER}


def known_keys(form_fields: list[dict]) -> set[str]:
    keys = {key for group in catalogue().values() for key in group}
    return keys | {f"form_{field['name']}" for field in form_fields}


def date_long(day: datetime.date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def village_values(profile: VillageProfile) -> dict[str, str]:
    parts = profile.code.split(".")
    kelurahan = len(parts) == 4 and parts[3].startswith("1")  # Kemendagri: 1xxx kelurahan, 2xxx desa
    return {
        "nama_desa": profile.name, "kode_desa": profile.code.replace(".", ""),
        "sebutan_desa": "Kelurahan" if kelurahan else "Desa",
        "sebutan_kepala_desa": "Lurah" if kelurahan else "Kepala Desa",
        "nama_kecamatan": profile.kecamatan, "kode_kecamatan": ".".join(parts[:3]),
        "nama_kabupaten": profile.kabupaten, "kode_kabupaten": ".".join(parts[:2]),
        "nama_provinsi": profile.provinsi, "kode_provinsi": parts[0],
        "alamat_desa": profile.office_address, "kode_pos": profile.postal_code, "telepon_desa": profile.phone,
        "email_desa": profile.email,
    }


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def resident_values(resident: Resident, on: datetime.date) -> dict[str, str]:
    rt = resident.rt
    place = [resident.address] if resident.address else []
    if rt is not None:
        place += [f"RT {rt.number} RW {rt.rw.number}", f"Dusun {rt.rw.dusun.name}"]
    family = resident.family
    return {
        "nik": "" if resident.nik_is_temporary else resident.nik, "no_kk": family.no_kk if family else "",
        "nama": resident.name, "tempatlahir": resident.birth_place, "tanggallahir": date_long(resident.birth_date),
        "ttl": ", ".join(filter(None, [resident.birth_place, date_long(resident.birth_date)])),
        "usia": f"{_age(resident.birth_date, on)} tahun", "jenis_kelamin": resident.get_sex_display(),
        "agama": resident.get_religion_display(), "status_kawin": resident.get_marital_status_display(),
        "pekerjaan": resident.get_occupation_display() or "", "pendidikan_kk": resident.get_education_kk_display() or "",
        "warga_negara": resident.get_citizenship_display(), "alamat": ", ".join(place),
        "dusun": rt.rw.dusun.name if rt else "", "rw": rt.rw.number if rt else "", "rt": rt.number if rt else "",
        "gol_darah": resident.get_blood_type_display() or "",
        "hubungan": resident.get_family_relationship_display() or "",
        "kepala_kk": family.head.name if family and family.head else "",
    }


def _living(nik: str) -> Resident | None:
    if not nik:
        return None
    return (Resident.objects.select_related("rt__rw__dusun", "family__head")
            .filter(nik=nik, basic_status=codes.BasicStatus.HIDUP).first())


def _spouse(resident: Resident) -> Resident | None:
    if resident.family_id is None or resident.marital_status != codes.MaritalStatus.KAWIN:
        return None
    couple = [codes.FamilyRelationship.KEPALA_KELUARGA, codes.FamilyRelationship.SUAMI, codes.FamilyRelationship.ISTRI]
    return (Resident.objects.select_related("rt__rw__dusun", "family__head")
            .filter(family_id=resident.family_id, family_relationship__in=couple, marital_status=codes.MaritalStatus.KAWIN,
                    basic_status=codes.BasicStatus.HIDUP).exclude(pk=resident.pk).exclude(sex=resident.sex).first())


def relatives_values(resident: Resident, on: datetime.date) -> dict[str, str]:
    """``nama_ayah``, ``nik_ibu``, ``ttl_pasangan``…: from the relative's record when
    registered here, else what the resident's own record says of them."""
    mother = resident.mother or _living(resident.mother_nik)
    people = {"ayah": (_living(resident.father_nik), resident.father_name, resident.father_nik),
              "ibu": (mother, resident.mother_name, resident.mother_nik),
              "pasangan": (_spouse(resident), "", "")}
    values = {}
    for who, (person, name, nik) in people.items():
        own = resident_values(person, on) if person else {**dict.fromkeys(PERSON, ""), "nama": name, "nik": nik}
        values.update({f"{key}_{who}": value for key, value in own.items()})
    return values


def subject_values(subject: dict) -> dict[str, str]:
    """A non-resident, as entered: the person codes, the rest empty."""
    return {key: str(subject.get(key, "")) for key in PERSON}
