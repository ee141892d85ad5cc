"""What every book is: official columns, a period, and rows made from records.

A book is built once (``catalogue.book_build``) and read by three writers: the
page (a page of rows at a time), the XLSX and the PDF (every row, streamed
from the database in chunks). None of them knows a book's columns; they all
draw the same ``header_rows`` and ``Book.rows``.
"""
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import dateformat
from django.utils.translation import gettext as _

from tenant_apps.village.selectors import profile_get

CHUNK = 2000  # records fetched per round trip when a whole book is written


@dataclass(frozen=True)
class Column:
    label: str
    # The headings over a run of columns, outermost first: "Tempat & tanggal
    # lahir", or ("Tambahan bulan ini", "Lahir", "WNA") over "L".
    group: str | tuple[str, ...] = ()
    width: float = 1.0  # relative width in the PDF and the XLSX

    @property
    def groups(self) -> tuple[str, ...]:
        return (self.group,) if isinstance(self.group, str) else self.group


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str


@dataclass(frozen=True)
class Entry:
    """A book in the catalogue: what it is called and which period it covers."""

    slug: str
    code: str  # the book's number in Permendagri 47/2016, e.g. "B.1" ("" for a report)
    title: str
    period_kind: str  # "snapshot" (as of today), "month", or "range" (from … to …)
    build: Callable[["Entry", Period], "Book"]


@dataclass(frozen=True)
class Book:
    entry: Entry
    period: Period
    columns: tuple[Column, ...]  # after "Nomor urut", which every book has first
    records: QuerySet | list
    row: Callable[[Any], list]  # one record → its cells: str, int, date or None
    note: str = ""  # shown under the table (e.g. how the figures reconcile)

    @property
    def title(self) -> str:
        return str(self.entry.title)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return (Column(_("Nomor urut"), width=0.6), *self.columns)

    def rows(self, records: Iterable | None = None, start: int = 1) -> Iterator[list]:
        """Numbered rows; every record when ``records`` is None, streamed in chunks."""
        if records is None:
            records = self.records.iterator(chunk_size=CHUNK) if isinstance(self.records, QuerySet) else self.records
        for number, record in enumerate(records, start):
            yield [number, *self.row(record)]


@dataclass(frozen=True)
class HeaderCell:
    label: str
    column: int  # 0-based index of the first column it covers
    colspan: int = 1
    rowspan: int = 1


def header_rows(columns: tuple[Column, ...]) -> list[list[HeaderCell]]:
    """The header as the official forms draw it: each group over its run of
    columns, and each column's own label spanning down to the last header row."""
    depth = max(len(column.groups) for column in columns) + 1
    rows: list[list[HeaderCell]] = [[] for _level in range(depth)]
    for index, column in enumerate(columns):
        path = column.groups
        for level, label in enumerate(path):
            previous = rows[level][-1] if rows[level] else None
            if (previous is not None and previous.column + previous.colspan == index
                    and columns[previous.column].groups[:level + 1] == path[:level + 1]):
                rows[level][-1] = HeaderCell(label, previous.column, colspan=previous.colspan + 1)
            else:
                rows[level].append(HeaderCell(label, index))
        rows[len(path)].append(HeaderCell(column.label, index, rowspan=depth - len(path)))
    return rows


def heading(book: Book) -> list[str]:
    """The lines above a book: the government it belongs to, the book, its period."""
    profile = profile_get()
    return [
        _("PEMERINTAH %(kabupaten)s") % {"kabupaten": profile.kabupaten.upper()},
        _("KECAMATAN %(kecamatan)s") % {"kecamatan": profile.kecamatan.upper()},
        _("DESA %(desa)s") % {"desa": profile.name.upper()},
        f"{book.entry.code} {book.title.upper()}".strip(),
        book.period.label,
    ]


def cell_text(value) -> str:
    """How a cell reads on the page and in the PDF (the XLSX keeps numbers and dates typed)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def month_label(day: datetime.date) -> str:
    return dateformat.format(day, "F Y")


def snapshot_period(today: datetime.date) -> Period:
    return Period(today, today, _("Keadaan per %(date)s") % {"date": dateformat.format(today, "j F Y")})
