"""The registers of Buku Administrasi Penduduk (Permendagri 47/2016): B.1 Buku
Induk Penduduk, B.4 Buku Penduduk Sementara and B.5 Buku KTP dan KK, with the
columns of the official forms. Monthly books are in ``movement_books``.

Balai keeps no value for a few official columns (dapat membaca huruf, maksud
kedatangan, where and when a KTP was issued); they stay empty for the
village to fill in by hand, as on the paper form.
"""
from django.db.models import DateField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.books.book import Book, Column, Period
from tenant_apps.population import codes
from tenant_apps.population.events import ENTRIES, EXITS
from tenant_apps.population.models import PopulationEvent, Resident


def resident_address(resident: Resident) -> str:
    parts = [resident.address]
    if resident.rt_id is not None:
        rt = resident.rt
        parts.append(_("RT %(rt)s/RW %(rw)s Dusun %(dusun)s") % {"rt": rt.number, "rw": rt.rw.number,
                                                                   "dusun": rt.rw.dusun.name})
    return " ".join(part for part in parts if part)


class CodeLabels:
    """Labels of the code lists, translated once per book: Django's
    get_FOO_display translates and hashes every choice on every call, which
    was two thirds of the time to write a 20,000-row book."""

    def __init__(self):
        self._lists = {}

    def __call__(self, code_list, value) -> str:
        if value is None:
            return ""
        if code_list not in self._lists:
            self._lists[code_list] = {code: str(label) for code, label in code_list.choices}
        return self._lists[code_list].get(value, "")


def sex_letter(sex: int) -> str:
    return "L" if sex == codes.Sex.LAKI_LAKI else "P"


def _residents():
    return Resident.objects.select_related("family", "rt__rw__dusun")


def _living():
    return _residents().filter(basic_status=codes.BasicStatus.HIDUP)


def _events(*kinds):
    return PopulationEvent.objects.filter(resident=OuterRef("pk"), undone_at=None, kind__in=kinds)


def buku_induk_penduduk(entry, period: Period) -> Book:
    birth = _("Tempat & tanggal lahir")
    columns = (Column(_("Nama lengkap/panggilan"), width=2), Column(_("Jenis kelamin"), width=1.15),
               Column(_("Status perkawinan"), width=1.1), Column(_("Tempat lahir"), birth), Column(_("Tanggal"), birth, 1.05),
               Column(_("Agama")), Column(_("Pendidikan terakhir"), width=1.3), Column(_("Pekerjaan"), width=1.3),
               Column(_("Dapat membaca huruf"), width=0.8), Column(_("Kewarganegaraan"), width=0.9),
               Column(_("Alamat lengkap"), width=2.4), Column(_("Kedudukan dalam keluarga")),
               Column(_("NIK"), width=1.65), Column(_("Nomor KK"), width=1.65), Column(_("Keterangan")))

    label = CodeLabels()

    def row(r: Resident) -> list:
        return [r.name, label(codes.Sex, r.sex), label(codes.MaritalStatus, r.marital_status), r.birth_place,
                r.birth_date, label(codes.Religion, r.religion), label(codes.EducationInKK, r.education_kk),
                label(codes.Occupation, r.occupation), "", label(codes.Citizenship, r.citizenship),
                resident_address(r), label(codes.FamilyRelationship, r.family_relationship),
                r.nik, r.family.no_kk if r.family else "", ""]

    return Book(entry, period, columns, _living().order_by("name", "id"), row)


def buku_penduduk_sementara(entry, period: Period) -> Book:
    """Temporary residents (status tidak tetap) who were here, with when they came and left."""
    sex, citizenship = _("Jenis kelamin"), _("Kewarganegaraan")
    columns = (Column(_("Nama lengkap"), width=2), Column("L", sex, 0.4), Column("P", sex, 0.4),
               Column(_("Nomor identitas/tanda pengenal"), width=1.5), Column(_("Tempat dan tanggal lahir/umur"), width=1.5),
               Column(_("Pekerjaan"), width=1.2), Column(_("Kebangsaan"), citizenship), Column(_("Keturunan"), citizenship),
               Column(_("Datang dari"), width=1.4), Column(_("Maksud dan tujuan kedatangan"), width=1.2),
               Column(_("Nama dan alamat yang didatangi"), width=2), Column(_("Datang tanggal")),
               Column(_("Pergi tanggal")), Column(_("Keterangan")))
    arrival = _events(*ENTRIES).order_by("-occurred_on", "-id")
    leaving = _events(*EXITS).order_by("-occurred_on", "-id")
    records = (_residents().filter(resident_status=codes.ResidentStatus.TIDAK_TETAP, created_at__date__lte=period.end)
               .exclude(basic_status=codes.BasicStatus.TIDAK_VALID)
               .annotate(came_from=Subquery(arrival.annotate(origin=KT("details__origin")).values("origin")[:1]),
                         came_on=Subquery(arrival.values("occurred_on")[:1], output_field=DateField()),
                         left_on=Subquery(leaving.values("occurred_on")[:1], output_field=DateField()))
               .order_by("name", "id"))

    label = CodeLabels()

    def row(r: Resident) -> list:
        born = ", ".join(part for part in (r.birth_place, r.birth_date.strftime("%d-%m-%Y")) if part)
        return [r.name, "L" if r.sex == codes.Sex.LAKI_LAKI else "", "P" if r.sex == codes.Sex.PEREMPUAN else "",
                r.passport_no or r.kitas_no or r.nik, born, label(codes.Occupation, r.occupation),
                label(codes.Citizenship, r.citizenship), r.ethnicity, r.came_from or "", "", r.current_address or resident_address(r),
                r.came_on or timezone.localdate(r.created_at), r.left_on,
                "" if r.basic_status == codes.BasicStatus.HIDUP else label(codes.BasicStatus, r.basic_status)]

    return Book(entry, period, columns, records, row)


def buku_ktp_kk(entry, period: Period) -> Book:
    parents = _("Orang tua")
    columns = (Column(_("Nomor KK"), width=2.1), Column(_("Nama lengkap"), width=1.8), Column(_("NIK"), width=2.1),
               Column(_("Jenis kelamin"), width=0.75), Column(_("Tempat/tanggal lahir"), width=1.5),
               Column(_("Gol. darah"), width=0.6), Column(_("Agama")), Column(_("Pendidikan"), width=1.2),
               Column(_("Pekerjaan"), width=1.2), Column(_("Alamat"), width=1.8), Column(_("Status perkawinan")),
               Column(_("Tempat dan tanggal dikeluarkan"), width=1.1), Column(_("Status hubungan dalam keluarga")),
               Column(_("Kewarganegaraan"), width=1.2), Column(_("Ayah"), parents, 1.2), Column(_("Ibu"), parents, 1.2),
               Column(_("Tanggal mulai di desa"), width=1.35), Column(_("Keterangan")))
    first_entry = _events(*ENTRIES).order_by("occurred_on", "id")
    # Residents without a KK come last (PostgreSQL sorts NULL after every number).
    records = (_living().annotate(entered_on=Subquery(first_entry.values("occurred_on")[:1], output_field=DateField()))
               .order_by("family__no_kk", "family_relationship", "name", "id"))

    label = CodeLabels()

    def row(r: Resident) -> list:
        ktp = ", ".join(part for part in (label(codes.KtpEl, r.ktp_el),
                                          label(codes.KtpRecordingStatus, r.ktp_recording_status)) if part)
        born = ", ".join(part for part in (r.birth_place, r.birth_date.strftime("%d-%m-%Y")) if part)
        return [r.family.no_kk if r.family else "", r.name, r.nik, sex_letter(r.sex), born,
                label(codes.BloodType, r.blood_type), label(codes.Religion, r.religion),
                label(codes.EducationInKK, r.education_kk), label(codes.Occupation, r.occupation),
                resident_address(r), label(codes.MaritalStatus, r.marital_status), "",
                label(codes.FamilyRelationship, r.family_relationship), label(codes.Citizenship, r.citizenship),
                r.father_name, r.mother_name,
                r.entered_on or timezone.localdate(r.created_at), _("KTP-el: %(status)s") % {"status": ktp} if ktp else ""]

    return Book(entry, period, columns, records, row)
