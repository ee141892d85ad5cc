import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.books.population_books import BOOKS, buku_mutasi_penduduk


class BookIndexView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        return render(request, "books/index.html", {"slugs": [*BOOKS, "mutasi"]})


class BookView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request, slug):
        if slug == "mutasi":
            today = timezone.localdate()
            try:
                start = datetime.date.fromisoformat(request.GET.get("dari") or today.replace(day=1).isoformat())
                end = datetime.date.fromisoformat(request.GET.get("sampai") or today.isoformat())
            except ValueError:
                start, end = today.replace(day=1), today
            book = buku_mutasi_penduduk(start=start, end=end)
        elif slug in BOOKS:
            book = BOOKS[slug]()
        else:
            raise Http404
        return render(request, "books/book.html", {"book": book})
