"""A book as an .xlsx workbook: heading, the official header (grouped columns
merged as on the form, a row of column numbers), then every row.

Written with openpyxl's write-only mode, which sends rows to a temporary file
as they come, so a book of any size is never held in memory whole. Text goes
through ``cell_text_safe``: a name or address can never run as a formula.
"""
import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tenant_apps.books.book import Book, header_rows, heading
from tenant_apps.village.spreadsheet import cell_text_safe

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
PAPER_SIZES = {"a4": 9, "f4": 14}  # Excel's paper codes: 9 is A4, 14 is Folio (8.5 x 13 in, i.e. F4)


def _value(value):
    if isinstance(value, str):
        return cell_text_safe(value)
    return value


def book_xlsx(book: Book, stream, *, paper: str = "a4") -> int:
    """Write ``book`` to ``stream``; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(book.entry.slug)
    columns = book.all_columns
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = round(6 + 9 * column.width, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES[paper]
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = _("Halaman &P dari &N")
    last = get_column_letter(len(columns))

    def styled(value, *, bold=False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=_value(value))
        cell.font, cell.alignment, cell.border = Font(bold=bold), _CENTRE, _BOX
        return cell

    lines = heading(book)
    for number, line in enumerate(lines, 1):
        cell = WriteOnlyCell(sheet, value=_value(line))
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
        sheet.append([cell])
        sheet.merged_cells.add(f"A{number}:{last}{number}")
    sheet.append([])
    first_header = len(lines) + 2
    headers = header_rows(columns)
    for offset, cells in enumerate(headers):
        row_number = first_header + offset
        values = [styled(None) for _column in columns]
        for cell in cells:
            values[cell.column] = styled(cell.label, bold=True)
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merged_cells.add(f"{get_column_letter(cell.column + 1)}{row_number}:"
                                       f"{get_column_letter(cell.column + cell.colspan)}{row_number + cell.rowspan - 1}")
        sheet.append(values)
    sheet.append([styled(number) for number in range(1, len(columns) + 1)])
    header_end = first_header + len(headers)
    sheet.print_title_rows = f"{first_header}:{header_end}"
    sheet.freeze_panes = f"B{header_end + 1}"
    count = 0
    for row in book.rows():
        values = []
        for value in row:
            if isinstance(value, datetime.date):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "dd-mm-yyyy"
            values.append(_value(value))
        sheet.append(values)
        count += 1
    if book.note:
        sheet.append([])
        sheet.append([_value(book.note)])
    workbook.save(stream)
    return count
