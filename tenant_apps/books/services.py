from tenant_apps.books.book import Book
from tenant_apps.books.pdf import book_pdf
from tenant_apps.books.xlsx import book_xlsx
from tenant_apps.village.audit import audit_record

WRITERS = {"xlsx": book_xlsx, "pdf": book_pdf}


def book_download(*, actor, book: Book, file_format: str, paper: str, stream) -> int:
    """Write ``book`` as .xlsx or .pdf to ``stream`` and audit who took a copy
    (a book holds the personal data of every resident). Returns the row count."""
    rows = WRITERS[file_format](book, stream, paper=paper)
    audit_record(actor=actor, action="book.download", obj=book, changes={
        "book": book.entry.slug, "format": file_format, "period": [book.period.start.isoformat(),
                                                                   book.period.end.isoformat()], "rows": rows})
    return rows
