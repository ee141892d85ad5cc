"""The books of movement (Permendagri 47/2016): B.2 Buku Mutasi Penduduk, B.3
Buku Rekapitulasi Jumlah Penduduk (per dusun, per month) and the monthly
population report (laporan kependudukan bulanan). The monthly figures all
come from ``population.reports.month_presences``, so they reconcile the same way.
"""
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from tenant_apps.books.book import Book, Column, Period
from tenant_apps.books.population_books import CodeLabels
from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, PopulationEvent
from tenant_apps.population.reports import LINES, month_presences, monthly_report

Kind = codes.PopulationEvent


def buku_mutasi_penduduk(entry, period: Period) -> Book:
    """Every event of the period (undone ones left out): additions, then reductions, by date."""
    birth, added, reduced = _("Tempat & tanggal lahir"), _("Penambahan"), _("Pengurangan")
    columns = (Column(_("Nama lengkap/panggilan"), width=2), Column(_("Tempat lahir"), birth),
               Column(_("Tanggal"), birth), Column(_("Jenis kelamin")), Column(_("Kewarganegaraan")),
               Column(_("Datang dari"), added, 1.5), Column(_("Tanggal"), added), Column(_("Pindah ke"), reduced, 1.5),
               Column(_("Tanggal"), reduced), Column(_("Meninggal"), reduced, 1.2), Column(_("Tanggal"), reduced),
               Column(_("Keterangan"), width=1.2))
    records = (PopulationEvent.objects.filter(undone_at=None, occurred_on__range=(period.start, period.end))
               .select_related("resident").order_by("occurred_on", "id"))

    label = CodeLabels()

    def row(event: PopulationEvent) -> list:
        resident, day, details = event.resident, event.occurred_on, event.details
        came = [details.get("origin", ""), day] if event.kind in (Kind.LAHIR, Kind.PINDAH_MASUK) else ["", None]
        moved = [details.get("destination", ""), day] if event.kind in (Kind.PINDAH_KELUAR, Kind.HILANG, Kind.PERGI) \
            else ["", None]
        died = [details.get("place", ""), day] if event.kind == Kind.MATI else ["", None]
        return [resident.name, resident.birth_place, resident.birth_date, label(codes.Sex, resident.sex),
                label(codes.Citizenship, resident.citizenship), *came, *moved, *died, label(Kind, event.kind)]

    return Book(entry, period, columns, records, row)


def _people(*groups: str) -> list[Column]:
    return [Column(sex, (*groups, nation), 0.4) for nation in ("WNA", "WNI") for sex in ("L", "P")]


def _families(group: str) -> list[Column]:
    """Heads of family, the other members, and both (the official form's "jiwa")."""
    return [Column(_("Jumlah KK"), group, 0.65), Column(_("Jumlah anggota keluarga"), group, 0.7),
            Column(_("Jumlah jiwa"), group, 0.65)]


def buku_rekapitulasi(entry, period: Period) -> Book:
    """Per dusun: residents at the start of the month by citizenship and sex, with
    families (heads of family) and their members; births and arrivals; deaths and
    departures; and the end of the month. Lines the official form has no column
    for (registered without an event, missing, left) are named in Keterangan."""
    start, added, reduced, end = (_("Jumlah penduduk awal bulan"), _("Tambahan bulan ini"),
                                  _("Pengurangan bulan ini"), _("Jumlah penduduk akhir bulan"))
    columns = (Column(_("Nama dusun/lingkungan"), width=1.6), *_people(start), *_families(start),
               *_people(added, _("Lahir")), *_people(added, _("Datang")), *_people(reduced, _("Meninggal")),
               *_people(reduced, _("Pindah")), *_people(end), *_families(end), Column(_("Keterangan"), width=1.6))
    counts = defaultdict(Counter)
    for presence in month_presences(year=period.start.year, month=period.start.month):
        nation = "WNI" if presence.citizenship == codes.Citizenship.WNI else "WNA"
        sex = "L" if presence.sex == codes.Sex.LAKI_LAKI else "P"
        head = presence.family_relationship == codes.FamilyRelationship.KEPALA_KELUARGA
        for line in presence.lines:
            counts[presence.dusun_id][line, nation, sex] += 1
            counts[presence.dusun_id][line, "head" if head else "member"] += 1
    names = dict(Dusun.objects.values_list("id", "name"))
    records = [(name, counts[dusun_id]) for dusun_id, name in sorted(names.items(), key=lambda item: item[1])]
    if None in counts:
        records.append((_("Tanpa dusun"), counts[None]))
    others = {"registered": _("didaftarkan"), "missing": _("hilang"), "left": _("pergi")}

    def people(count: Counter, line: str) -> list[int]:
        return [count[line, nation, sex] for nation in ("WNA", "WNI") for sex in ("L", "P")]

    def row(record) -> list:
        name, count = record
        note = ", ".join(f"{label} {count[line, 'member'] + count[line, 'head']}"
                         for line, label in others.items() if count[line, "member"] + count[line, "head"])
        return [name, *people(count, "start"), count["start", "head"], count["start", "member"],
                count["start", "head"] + count["start", "member"], *people(count, "births"),
                *people(count, "moved_in"), *people(count, "deaths"), *people(count, "moved_out"),
                *people(count, "end"), count["end", "head"], count["end", "member"],
                count["end", "head"] + count["end", "member"], note]

    return Book(entry, period, tuple(columns), records, row)


def _line_labels() -> dict[str, str]:
    return {
        "start": _("Penduduk awal bulan"), "births": _("Lahir"), "moved_in": _("Pindah datang"),
        "registered": _("Didaftarkan tanpa peristiwa (entri data, impor)"), "deaths": _("Meninggal"),
        "moved_out": _("Pindah keluar"), "missing": _("Hilang"), "left": _("Pergi"), "end": _("Penduduk akhir bulan"),
    }


def laporan_bulanan(entry, period: Period) -> Book:
    """The monthly report by sex; its lines reconcile (see ``population.reports``)."""
    columns = (Column(_("Rincian"), width=4), Column(_("Laki-laki")), Column(_("Perempuan")), Column(_("Jumlah")))
    report = monthly_report(year=period.start.year, month=period.start.month)
    labels = _line_labels()
    records = [(labels[line], report[line]) for line in LINES]
    note = _("Penduduk akhir bulan = penduduk awal bulan + lahir + pindah datang + didaftarkan − meninggal − "
             "pindah keluar − hilang − pergi.")

    def row(record) -> list:
        label, figures = record
        return [label, figures["male"], figures["female"], figures["total"]]

    return Book(entry, period, columns, records, row, note=note)
