"""Export the registry in OpenSID's 43-column format (.xlsx or CSV).

The output reads back through ``opensid_excel.workbook_read`` unchanged, so
export → import round-trips exactly: codes are written as OpenSID's numbers,
dates as date cells (ISO text in CSV), NIK and No. KK as text.

Formula safety: text cells go through ``village.spreadsheet.cell_text_safe``
(one leading quote on text a spreadsheet would run, which the importer takes
off again). Numbers (codes, coordinates) are written as numbers.
"""
import csv
import io

from tenant_apps.population.models import Resident
from tenant_apps.population.opensid_excel import COLUMNS, HEADER
from tenant_apps.village.spreadsheet import cell_text_safe


def _values(resident: Resident) -> list:
    wilayah = {"_dusun": "", "_rw": "", "_rt": ""}
    if resident.rt is not None:
        wilayah = {"_dusun": resident.rt.rw.dusun.name, "_rw": resident.rt.rw.number, "_rt": resident.rt.number}
    values = []
    for _column, target, kind, _choices in COLUMNS:
        if target == "_no_kk":
            value = resident.family.no_kk if resident.family is not None else ""
        elif target in wilayah:
            value = wilayah[target]
        else:
            value = getattr(resident, target)
        if kind == "text":
            value = cell_text_safe(value or "")
        elif kind == "code" and value is not None:
            value = int(value)
        elif kind == "decimal" and value is not None:
            value = float(value)  # 9 significant digits: exact through a float
        values.append(value)
    return values


def _residents():
    return (Resident.objects.select_related("family", "rt__rw__dusun")
            .order_by("family__no_kk", "family_relationship", "id").iterator(chunk_size=2000))


def population_export_xlsx(stream) -> int:
    """Write every resident of the current village to ``stream``; returns the count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("penduduk")
    sheet.append(HEADER)
    count = 0
    for resident in _residents():
        row = _values(resident)
        for index, (_column, _target, kind, _choices) in enumerate(COLUMNS):
            if kind == "date" and row[index] is not None:
                cell = WriteOnlyCell(sheet, value=row[index])
                cell.number_format = "yyyy-mm-dd"
                row[index] = cell
        sheet.append(row)
        count += 1
    workbook.save(stream)
    return count


def population_export_csv(stream: io.TextIOBase) -> int:
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    count = 0
    for resident in _residents():
        writer.writerow(["" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                         for value in _values(resident)])
        count += 1
    return count
