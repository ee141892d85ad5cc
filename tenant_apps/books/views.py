import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.books.catalogue import CATALOGUE, book_build
from tenant_apps.books.forms import PERIOD_FORMS
from tenant_apps.books.pdf import PAPERS
from tenant_apps.books.services import book_download

ROWS_PER_PAGE = 100
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}


class BookIndexView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        return render(request, "books/index.html", {"entries": CATALOGUE.values()})


def _book_or_form(request, slug):
    """The book for the period asked in the query string, or the form with its errors."""
    if slug not in CATALOGUE:
        raise Http404
    entry = CATALOGUE[slug]
    form = PERIOD_FORMS[entry.period_kind](request.GET)
    if form.is_bound and not form.is_valid():
        return entry, form, None
    return entry, form, book_build(slug, form.period())


def _invalid(request, entry, form, message=""):
    return render(request, "books/book.html", {"entry": entry, "form": form, "book": None, "message": message},
                  status=400)


class BookView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request, slug):
        entry, form, book = _book_or_form(request, slug)
        if book is None:
            return _invalid(request, entry, form)
        page = Paginator(book.records, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "books/book.html", {
            "entry": entry, "form": form, "book": book, "page": page, "query": query.urlencode(),
            "rows": list(book.rows(page.object_list, start=page.start_index())),
        })


class BookDownloadView(VillagePermissionMixin, View):
    """The whole book as .xlsx or .pdf, for the same period as the page."""

    required = {"GET": "population.view"}

    def get(self, request, slug, file_format):
        entry, form, book = _book_or_form(request, slug)
        if book is None:
            return _invalid(request, entry, form)
        paper = request.GET.get("kertas", "a4")
        if paper not in PAPERS:
            return _invalid(request, entry, form, _("Ukuran kertas tidak dikenal; pilih A4 atau F4."))
        # Past a few megabytes the file goes to disk, not memory.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        book_download(actor=request.user, book=book, file_format=file_format, paper=paper, stream=spool)
        spool.seek(0)
        name = f"{entry.slug}-{request.tenant.slug}-{book.period.start:%Y%m%d}-{book.period.end:%Y%m%d}.{file_format}"
        return FileResponse(spool, as_attachment=True, filename=name, content_type=CONTENT_TYPES[file_format])
