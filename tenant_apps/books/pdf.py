"""A book as a landscape PDF (A4 or F4): the heading on the first page, the
official header row repeated on every page, "Halaman X dari Y" at the foot.

Drawn straight on a ReportLab canvas, page by page, as rows stream from the
database: a platypus Table re-measures every remaining row each time it
splits at a page end, which grows with the square of a 20,000-row book. Here
each row is measured once, and the total page count is a form drawn on every
page and filled in at the end.
"""
import functools

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tenant_apps.books.book import Book, cell_text, header_rows, heading

PAPERS = {"a4": landscape(A4), "f4": landscape((215 * mm, 330 * mm))}
FONT, BOLD, SIZE, LEADING, PAD = "Helvetica", "Helvetica-Bold", 6.5, 7.6, 2
MARGIN = 10 * mm
MAX_LINES = 8  # a cell taller than this is cut with "…", so one row can never outgrow a page
_TOTAL_FORM = "page_total"


def _printable(text: str) -> str:
    # The standard PDF fonts know Windows-1252 only; other letters print as "?".
    return text if text.isascii() else text.encode("cp1252", "replace").decode("cp1252")


def _wrap(text: str, width: float, font: str = FONT, size: float = SIZE) -> list[str]:
    """Lines that fit ``width``; a word longer than the column is cut where it must."""
    text = _printable(text)
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return [text]
    lines = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while len(line) > 1 and stringWidth(line, font, size) > width:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def _fit(value: str, width: float, font: str = FONT) -> tuple[list[str], float]:
    """Lines and type size for a cell: smaller type (down to 4.5 pt) when one word
    is wider than the column, so words like PEREMPUAN are not cut in two."""
    text = _printable(value)
    if "\n" not in text and stringWidth(text, font, SIZE) <= width:
        return [text], SIZE
    widest = max((stringWidth(word, font, SIZE) for word in text.split()), default=0) or 1
    size = max(4.5, min(SIZE, 0.97 * SIZE * width / widest))
    return _wrap(text, width, font, size), size


class _Pages:
    """The canvas, the column grid and where the next row goes."""

    def __init__(self, book: Book, stream, paper: str):
        self.book, (self.width, self.height) = book, PAPERS[paper]
        self.canvas = Canvas(stream, pagesize=PAPERS[paper], pageCompression=1, title=book.title,
                             creator="Balai", lang="id")
        weights = [column.width for column in book.all_columns]
        scale = (self.width - 2 * MARGIN) / sum(weights)
        self.x = [MARGIN]
        for weight in weights:
            self.x.append(self.x[-1] + weight * scale)
        self.heading = heading(book)
        self.page_rows = 0
        # Labels, places and dates repeat down a column: measure each once per book.
        self.fit = functools.lru_cache(maxsize=4096)(_fit)

    def start_page(self) -> None:
        canvas, y = self.canvas, self.height - MARGIN
        lines = self.heading if canvas.getPageNumber() == 1 else [" · ".join(self.heading[2:])]
        for number, line in enumerate(lines):
            canvas.setFont(BOLD, 9 if len(lines) > 1 and number >= 3 else 8)
            y -= 11
            canvas.drawCentredString(self.width / 2, y, _printable(line))
        self.y = self.header(y - 8)
        self.text, self.grid, self.body_top, self.page_rows = canvas.beginText(), [], self.y, 0
        self.text.setFont(FONT, SIZE)

    def header(self, top: float) -> float:
        """Draw the header rows and the row of column numbers; returns the y under them."""
        canvas, rows = self.canvas, header_rows(self.book.all_columns)
        wrapped = [[(cell, *self._label(cell)) for cell in cells] for cells in rows]
        heights = [max((len(lines) * LEADING + 2 * PAD for cell, lines, _size in cells if cell.rowspan == 1),
                       default=LEADING + 2 * PAD) for cells in wrapped]
        for index, cells in enumerate(wrapped):  # a label spanning rows may need them taller
            for cell, lines, _size in cells:
                missing = len(lines) * LEADING + 2 * PAD - sum(heights[index:index + cell.rowspan])
                if missing > 0:
                    heights[index + cell.rowspan - 1] += missing
        tops = [top - sum(heights[:index]) for index in range(len(rows) + 1)]
        canvas.setLineWidth(0.4)
        for index, cells in enumerate(wrapped):
            for cell, lines, size in cells:
                canvas.setFont(BOLD, size)
                left, right = self.x[cell.column], self.x[cell.column + cell.colspan]
                bottom = tops[index + cell.rowspan]
                canvas.rect(left, bottom, right - left, tops[index] - bottom)
                y = (tops[index] + bottom) / 2 + (len(lines) * LEADING) / 2 - SIZE
                for line in lines:
                    canvas.drawCentredString((left + right) / 2, y, line)
                    y -= LEADING
        bottom = tops[-1] - (LEADING + 2 * PAD)
        canvas.setFont(FONT, SIZE)
        for index in range(len(self.x) - 1):
            canvas.rect(self.x[index], bottom, self.x[index + 1] - self.x[index], tops[-1] - bottom)
            canvas.drawCentredString((self.x[index] + self.x[index + 1]) / 2, bottom + PAD + 1, str(index + 1))
        return bottom

    def _label(self, cell) -> tuple[list[str], float]:
        return self.fit(cell.label, self.x[cell.column + cell.colspan] - self.x[cell.column] - 2 * PAD, BOLD)

    def add(self, row: list) -> None:
        cells = [self.fit(cell_text(value), self.x[index + 1] - self.x[index] - 2 * PAD)
                 for index, value in enumerate(row)]
        height = max(len(lines) for lines, _size in cells) * LEADING + 2 * PAD
        if self.y - height < MARGIN + 12 and self.page_rows:
            self.finish_page()
            self.canvas.showPage()
            self.start_page()
        for index, (lines, size) in enumerate(cells):
            y = self.y - PAD - SIZE
            if size != SIZE:
                self.text.setFont(FONT, size)
            for line in lines:
                x = self.x[index] + PAD
                if isinstance(row[index], int):  # numbers centred, as on the form
                    x = (self.x[index] + self.x[index + 1] - stringWidth(line, FONT, size)) / 2
                self.text.setTextOrigin(x, y)
                self.text.textOut(line)
                y -= LEADING
            if size != SIZE:
                self.text.setFont(FONT, SIZE)
        self.y -= height
        self.grid.append((self.x[0], self.y, self.x[-1], self.y))
        self.page_rows += 1

    def finish_page(self) -> None:
        canvas = self.canvas
        canvas.drawText(self.text)
        self.grid += [(x, self.body_top, x, self.y) for x in self.x]
        canvas.lines(self.grid)
        canvas.setFont(FONT, 7)
        label = _printable(_("Halaman %(page)s dari") % {"page": canvas.getPageNumber()}) + " "
        canvas.drawString(self.width - MARGIN - 70, MARGIN - 12, label)
        canvas.saveState()
        canvas.translate(self.width - MARGIN - 70 + stringWidth(label, FONT, 7), MARGIN - 12)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()

    def note(self, text: str) -> None:
        lines = _wrap(text, self.x[-1] - self.x[0])
        if self.y - 12 - 9 * len(lines) < MARGIN:
            self.finish_page()
            self.canvas.showPage()
            self.start_page()
        self.canvas.setFont(FONT, 7)
        y = self.y - 12
        for line in lines:
            self.canvas.drawString(self.x[0], y, line)
            y -= 9

    def close(self) -> None:
        self.finish_page()
        total = self.canvas.getPageNumber()
        self.canvas.showPage()
        self.canvas.beginForm(_TOTAL_FORM)
        self.canvas.setFont(FONT, 7)
        self.canvas.drawString(0, 0, str(total))
        self.canvas.endForm()
        self.canvas.save()


def book_pdf(book: Book, stream, *, paper: str = "a4") -> int:
    """Write ``book`` to ``stream``; returns the number of rows."""
    pages = _Pages(book, stream, paper)
    pages.start_page()
    count = 0
    for row in book.rows():
        pages.add(row)
        count += 1
    if book.note:
        pages.note(book.note)
    pages.close()
    return count
