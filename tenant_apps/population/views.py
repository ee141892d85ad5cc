from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population.forms import FORM_SECTIONS, AreaFilterForm, ImportUploadForm, ResidentFilterForm, ResidentForm
from tenant_apps.population.import_jobs import import_job_commit_checked, import_job_create, import_job_progress
from tenant_apps.population.models import ImportJob, Resident
from tenant_apps.population.opensid_excel import OpenSIDFileError, check_file_size
from tenant_apps.population.nik import warning_labels
from tenant_apps.population.selectors import CATEGORIES, residents_search, statistics
from tenant_apps.population.services import resident_confirm_nik_warnings, resident_register, resident_update
from tenant_apps.population.view_helpers import page_of


class ResidentListView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        filters = ResidentFilterForm(request.GET or None)
        queryset = residents_search(**filters.arguments())
        page, query = page_of(request, queryset)
        return render(request, "population/resident_list.html", {"filters": filters, "page": page, "query": query})


class ResidentFormView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk=None):
        resident = get_object_or_404(Resident, pk=pk) if pk else None
        return render(request, "population/resident_form.html",
                      {"form": ResidentForm(instance=resident), "resident": resident})

    def post(self, request, pk=None):
        resident = get_object_or_404(Resident, pk=pk) if pk else None
        form = ResidentForm(request.POST, instance=resident)
        if form.is_valid():
            try:
                if resident is None:
                    resident = resident_register(actor=request.user, data=form.changes())
                else:
                    resident = resident_update(actor=request.user, resident=resident, data=form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Data penduduk tersimpan."))
                return redirect("population:resident", pk=resident.pk)
        return render(request, "population/resident_form.html", {"form": form, "resident": resident}, status=400)


def _resident_facts(resident: Resident) -> list[tuple[str, list[tuple[str, object]]]]:
    """Every field of the form, by section, with display labels for codes."""
    sections = []
    for title, names in FORM_SECTIONS:
        rows = []
        for name in names:
            field = Resident._meta.get_field(name)
            value = getattr(resident, f"get_{name}_display")() if field.choices else getattr(resident, name)
            rows.append((field.verbose_name, value))
        sections.append((title, rows))
    return sections


class ResidentDetailView(VillagePermissionMixin, View):
    required = {"GET": "population.view", "POST": "population.change"}

    def get(self, request, pk):
        resident = get_object_or_404(Resident.objects.select_related("family", "rt__rw__dusun"), pk=pk)
        labels = warning_labels()
        return render(request, "population/resident_detail.html", {
            "resident": resident, "warnings": [labels[code] for code in resident.nik_warnings],
            "facts": _resident_facts(resident),
            "events": resident.events.order_by("-occurred_on"),
        })

    def post(self, request, pk):
        """Confirm the NIK warnings: the operator checked the NIK against the KK or KTP."""
        resident_confirm_nik_warnings(actor=request.user, resident=get_object_or_404(Resident, pk=pk))
        messages.success(request, _("Peringatan NIK dikonfirmasi."))
        return redirect("population:resident", pk=pk)


class DataQualityView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        labels = warning_labels()
        pending = (Resident.objects.exclude(nik_warnings=[]).filter(nik_warnings_confirmed=False)
                   .order_by("name").values("id", "name", "nik", "nik_warnings"))
        rows = [{**row, "warnings": [labels[code] for code in row["nik_warnings"]]} for row in pending[:500]]
        return render(request, "population/data_quality.html", {"rows": rows, "count": pending.count()})


class StatisticsPageView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request, category="sex"):
        if category not in CATEGORIES:
            raise Http404(_("Kategori statistik tidak dikenal."))
        area = AreaFilterForm(request.GET or None)
        data = statistics(category, **area.arguments())
        # Bars scaled to the largest group; each split into its men and women.
        peak = max((row["total"] for row in data["rows"]), default=0) or 1
        for row in data["rows"]:
            row["male_bar"], row["female_bar"] = (round(100 * row[sex] / peak, 1) for sex in ("male", "female"))
        return render(request, "population/statistics.html", {
            "category": category, "title": CATEGORIES[category], "categories": CATEGORIES, "data": data,
            "area": area, "query": request.GET.urlencode(),
        })


class ImportUploadView(VillagePermissionMixin, View):
    """Step 1 of the import wizard: upload a file for a dry run."""

    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request):
        jobs = ImportJob.objects.defer("content").order_by("-created_at")[:10]  # files can be 20 MB each
        return render(request, "population/import_upload.html", {"form": ImportUploadForm(), "jobs": jobs})

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_file_size(upload.size)  # before reading it into memory
                job = import_job_create(actor=request.user, file_name=upload.name, content=upload.read(), commit=False)
            except OpenSIDFileError as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("population:import-job", pk=job.pk)
        return render(request, "population/import_upload.html", {"form": form, "jobs": []}, status=400)


class ImportJobView(VillagePermissionMixin, View):
    """Step 2: progress and the report; after a clean dry run, step 3: import it."""

    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.defer("content").annotate(
            has_file=ExpressionWrapper(~Q(content=b""), output_field=BooleanField())), pk=pk)
        return render(request, "population/import_job.html", {
            "job": job, "progress": import_job_progress(job),
            "can_commit": not job.commit and job.status == ImportJob.Status.DONE and not job.summary.get("errors")
            and job.has_file,
        })

    def post(self, request, pk):
        try:
            job = import_job_commit_checked(actor=request.user, job=get_object_or_404(ImportJob, pk=pk))
        except OpenSIDFileError as exc:
            messages.error(request, exc.message)
            return redirect("population:import-job", pk=pk)
        return redirect("population:import-job", pk=job.pk)
