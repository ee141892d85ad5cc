"""Pages that record population events: birth, move in, and the exits
(death, move out, missing, leave) of one resident; and undoing one."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors, service_error_text
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population import codes
from tenant_apps.population.events import population_event_entry, population_event_exit, population_event_undo
from tenant_apps.population.forms import BirthForm, ExitEventForm, MoveInForm, UndoEventForm
from tenant_apps.population.models import PopulationEvent, Resident


class BirthView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}
    template = "population/birth_form.html"

    def get(self, request):
        return render(request, self.template, {"form": BirthForm()})

    def post(self, request):
        form = BirthForm(request.POST)
        if form.is_valid():
            try:
                event = population_event_entry(actor=request.user, kind=codes.PopulationEvent.LAHIR,
                                               occurred_on=form.cleaned_data["occurred_on"], data=form.resident_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kelahiran tercatat."))
                return redirect("population:resident", pk=event.resident_id)
        return render(request, self.template, {"form": form}, status=400)


class MoveInView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}
    template = "population/resident_form.html"

    def get(self, request):
        return render(request, self.template, {"form": MoveInForm(), "title": _("Penduduk datang")})

    def post(self, request):
        form = MoveInForm(request.POST)
        if form.is_valid():
            try:
                event = population_event_entry(
                    actor=request.user, kind=codes.PopulationEvent.PINDAH_MASUK,
                    occurred_on=form.cleaned_data["occurred_on"], data=form.changes(),
                    details={"origin": form.cleaned_data["origin"]})
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kedatangan tercatat."))
                return redirect("population:resident", pk=event.resident_id)
        return render(request, self.template, {"form": form, "title": _("Penduduk datang")}, status=400)


class ExitEventView(VillagePermissionMixin, View):
    """Record a death, move out, missing or leave for one resident."""

    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk):
        resident = get_object_or_404(Resident, pk=pk)
        return render(request, "population/event_form.html", {"resident": resident, "form": ExitEventForm()})

    def post(self, request, pk):
        resident = get_object_or_404(Resident, pk=pk)
        form = ExitEventForm(request.POST)
        if form.is_valid():
            try:
                population_event_exit(actor=request.user, resident=resident, kind=form.cleaned_data["kind"],
                                      occurred_on=form.cleaned_data["occurred_on"], details=form.details())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Peristiwa tercatat."))
                return redirect("population:resident", pk=pk)
        return render(request, "population/event_form.html", {"resident": resident, "form": form}, status=400)


class UndoEventView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, pk, event_pk):
        event = get_object_or_404(PopulationEvent, pk=event_pk, resident_id=pk)
        form = UndoEventForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError({"reason": [_("Tuliskan alasan pembatalan.")]})
            population_event_undo(actor=request.user, event=event, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, _("Peristiwa dibatalkan."))
        return redirect("population:resident", pk=pk)
