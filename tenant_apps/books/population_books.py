"""The population books of Permendagri 47/2016 (Buku Administrasi Penduduk, lampiran II).

Each book is a title, column headings and rows of plain values, so one
template shows them all and a download writes the same columns.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, PopulationEvent, Resident


@dataclass(frozen=True)
class Book:
    slug: str
    title: str
    columns: list
    rows: list


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _living():
    return Resident.objects.filter(basic_status=codes.BasicStatus.HIDUP).select_related("family", "rt__rw__dusun")


def buku_induk_penduduk() -> Book:
    columns = [_("NIK"), _("Nama lengkap"), _("Jenis kelamin"), _("Status perkawinan"), _("Tempat lahir"),
               _("Tanggal lahir"), _("Agama"), _("Pendidikan terakhir"), _("Pekerjaan"), _("Dapat membaca huruf"),
               _("Kewarganegaraan"), _("Alamat lengkap"), _("Kedudukan dalam keluarga"), _("Nomor KK")]
    rows = [[r.nik, r.name, r.get_sex_display(), r.get_marital_status_display(), r.birth_place, _date(r.birth_date),
             r.get_religion_display(), r.get_education_kk_display() or "", r.get_occupation_display() or "",
             "", r.get_citizenship_display(), r.address, r.get_family_relationship_display() or "",
             r.family.no_kk if r.family else ""] for r in _living().order_by("name")]
    return Book("induk", _("Buku Induk Penduduk"), columns, rows)


def buku_mutasi_penduduk(*, start: datetime.date, end: datetime.date) -> Book:
    columns = [_("Tanggal"), _("Peristiwa"), _("Nama"), _("NIK"), _("Jenis kelamin"), _("Keterangan")]
    events = (PopulationEvent.objects.filter(undone_at=None, occurred_on__range=(start, end))
              .select_related("resident").order_by("occurred_on", "id"))
    rows = [[_date(e.occurred_on), e.get_kind_display(), e.resident.name, e.resident.nik, e.resident.get_sex_display(),
             e.details.get("destination") or e.details.get("origin") or ""] for e in events]
    return Book("mutasi", _("Buku Mutasi Penduduk"), columns, rows)


def buku_rekapitulasi() -> Book:
    """Living residents per dusun: citizens and foreigners by sex, families."""
    columns = [_("Dusun"), _("WNI laki-laki"), _("WNI perempuan"), _("WNA laki-laki"), _("WNA perempuan"),
               _("Jumlah penduduk"), _("Jumlah KK")]
    wni, male = Q(citizenship=codes.Citizenship.WNI), Q(sex=codes.Sex.LAKI_LAKI)
    female = Q(sex=codes.Sex.PEREMPUAN)
    per_dusun = {row["rt__rw__dusun"]: row for row in _living().values("rt__rw__dusun").annotate(
        wni_m=Count("id", filter=wni & male), wni_f=Count("id", filter=wni & female),
        wna_m=Count("id", filter=~wni & male), wna_f=Count("id", filter=~wni & female), total=Count("id"),
        families=Count("family", distinct=True)).order_by()}
    names = dict(Dusun.objects.values_list("id", "name"))
    rows = [[names.get(dusun_id, _("Tanpa dusun")), row["wni_m"], row["wni_f"], row["wna_m"], row["wna_f"],
             row["total"], row["families"]] for dusun_id, row in sorted(per_dusun.items(), key=lambda i: str(names.get(i[0], "")))]
    return Book("rekapitulasi", _("Buku Rekapitulasi Jumlah Penduduk"), columns, rows)


def buku_penduduk_sementara() -> Book:
    columns = [_("Nama"), _("NIK"), _("Jenis kelamin"), _("Tempat, tanggal lahir"), _("Kewarganegaraan"),
               _("Nomor paspor/KITAS"), _("Alamat")]
    rows = [[r.name, r.nik, r.get_sex_display(), f"{r.birth_place}, {_date(r.birth_date)}", r.get_citizenship_display(),
             r.passport_no or r.kitas_no, r.current_address or r.address]
            for r in _living().filter(resident_status=codes.ResidentStatus.TIDAK_TETAP).order_by("name")]
    return Book("sementara", _("Buku Penduduk Sementara"), columns, rows)


def buku_ktp_kk() -> Book:
    columns = [_("Nomor KK"), _("NIK"), _("Nama"), _("Jenis kelamin"), _("Tanggal lahir"), _("KTP-el"),
               _("Status rekam"), _("Alamat")]
    rows = [[r.family.no_kk if r.family else "", r.nik, r.name, r.get_sex_display(), _date(r.birth_date),
             r.get_ktp_el_display() or "", r.get_ktp_recording_status_display() or "", r.address]
            for r in _living().order_by("family__no_kk", "family_relationship", "name")]
    return Book("ktp-kk", _("Buku KTP dan KK"), columns, rows)


BOOKS = {
    "induk": buku_induk_penduduk,
    "rekapitulasi": buku_rekapitulasi,
    "sementara": buku_penduduk_sementara,
    "ktp-kk": buku_ktp_kk,
}
