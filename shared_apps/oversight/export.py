"""A region's published figures as tables: the same tables for the page, CSV and XLSX.

Everything here comes from ``region_summary``, so it is already suppressed.
Spreadsheet cells are values, never formulas: text that a spreadsheet would
run (= + - @ …) gets a leading quote (``cell_text_safe``), and numbers are
written as numbers.
"""
import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.opensid_export import cell_text_safe


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    text_columns: int = 1  # leading columns of labels; the others are numbers


def _sex_columns(first: str) -> list[str]:
    return [first, _("Laki-laki"), _("Perempuan"), _("Jumlah")]


def _sex_rows(items: list[dict], label_key: str = "label") -> list[list]:
    return [[item[label_key], item["male"], item["female"], item["total"]] for item in items]


def _letters_table(letters: dict) -> Table:
    """One row per letter type code, one column per month, and a row for all types."""
    months = letters["months"]
    rows = [[letter_type["code"], letter_type["name"]] + [month["by_type"][letter_type["code"]] for month in months]
            + [letter_type["total"]] for letter_type in letters["types"]]
    rows.append(["", _("Semua jenis")] + [month["total"] for month in months] + [letters["total"]])
    return Table("letters", _("Surat terbit per jenis per bulan"),
                 [_("Kode"), _("Jenis surat")] + [month["month"] for month in months] + [_("Jumlah")], rows,
                 text_columns=2)


def _blank(value):
    return "" if value is None else value


def _times_table(key: str, title: str, received: str, done: str, figures: dict) -> Table:
    """Per month and over the months shown: received, done, average hours and days to done."""
    rows = [[month["month"], month["received"], month["done"], _blank(month["average_hours"]),
             _blank(month["average_days"])] for month in figures["months"]]
    total = figures["total"]
    rows.append([_("Jumlah"), total["received"], total["done"], _blank(total["average_hours"]),
                 _blank(total["average_days"])])
    return Table(key, title, [_("Bulan"), received, done, _("Rata-rata (jam)"), _("Rata-rata (hari)")], rows)


def summary_tables(summary: dict) -> list[Table]:
    population, quality = summary["population"], summary["data_quality"]
    kinds = list(codes.PopulationEvent)
    return [
        Table("villages", _("Desa"), [_("Keterangan"), _("Jumlah")], [
            [_("Desa memakai Balai"), summary["villages"]["on_balai"]],
            [_("di antaranya ditangguhkan"), summary["villages"]["suspended"]],
            [_("Desa dalam daftar Kemendagri"), summary["villages"]["total"]],
        ]),
        Table("sex", _("Penduduk menurut jenis kelamin"), [_("Keterangan"), _("Laki-laki"), _("Perempuan"), _("Jumlah")],
              [[_("Penduduk hidup"), population["by_sex"]["male"], population["by_sex"]["female"],
                population["by_sex"]["total"]]]),
        Table("age", _("Penduduk menurut kelompok umur"), _sex_columns(_("Kelompok umur")),
              _sex_rows(population["by_age_band"])),
        Table("religion", _("Penduduk menurut agama"), _sex_columns(_("Agama")), _sex_rows(summary["religion"])),
        Table("education", _("Penduduk menurut pendidikan dalam KK"), _sex_columns(_("Pendidikan")),
              _sex_rows(summary["education"])),
        Table("occupation", _("Penduduk menurut pekerjaan"), _sex_columns(_("Pekerjaan")),
              _sex_rows(summary["occupation"])),
        Table("events", _("Peristiwa kependudukan per bulan"), [_("Bulan")] + [str(kind.label) for kind in kinds],
              [[month["month"]] + [month["kinds"][kind.name.lower()]["total"] for kind in kinds]
               for month in summary["events"]]),
        _letters_table(summary["letters"]),
        _times_table("requests", _("Permohonan surat warga dan lama layanan"), _("Permohonan masuk"),
                     _("Surat siap diambil"), summary["requests"]),
        _times_table("complaints", _("Pengaduan dan lama penyelesaian"), _("Pengaduan masuk"), _("Selesai"),
                     summary["complaints"]),
        Table("quality", _("Kualitas data"), [_("Indikator"), _("Jumlah"), _("Persen")], [
            [_("Penduduk hidup"), quality["residents"], ""],
            [_("NIK dengan peringatan"), quality["nik_warning"], quality["nik_warning_percent"] or ""],
            [_("NIK dengan peringatan belum diperiksa"), quality["nik_warning_open"],
             quality["nik_warning_open_percent"] or ""],
            [_("NIK sementara"), quality["nik_temporary"], quality["nik_temporary_percent"] or ""],
        ]),
        Table("children", _("Wilayah di bawahnya"), [_("Kode"), _("Nama"), _("Desa memakai Balai"),
                                                      _("Desa dalam daftar"), _("Penduduk")],
              [[child["code"], child["name"], child["villages_on_balai"], child["villages_total"],
                child["population"] if child["population"] is not None else ""] for child in summary["children"]]),
    ]


def _safe(value):
    return cell_text_safe(value) if isinstance(value, str) else value


def _heading(summary: dict) -> list[str]:
    region = summary["region"]
    return [_("Wilayah"), region["code"], region["name"], _("Angka di bawah 5 ditulis <5; angka lain dibulatkan ke "
                                                            "kelipatan 5."), summary["refreshed_at"] or ""]


def export_csv(summary: dict) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([_safe(value) for value in _heading(summary)])
    for table in summary_tables(summary):
        writer.writerow([])
        writer.writerow([_safe(table.title)])
        writer.writerow([_safe(column) for column in table.columns])
        writer.writerows([[_safe(value) for value in row] for row in table.rows])
    return stream.getvalue().encode("utf-8-sig")  # with a BOM, so spreadsheet programs read UTF-8


def export_xlsx(summary: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(_("wilayah"))
    about.append([_safe(value) for value in _heading(summary)])
    for table in summary_tables(summary):
        sheet = workbook.create_sheet(table.key)
        sheet.append([_safe(table.title)])
        sheet.append([_safe(column) for column in table.columns])
        for row in table.rows:
            sheet.append([_safe(value) for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
