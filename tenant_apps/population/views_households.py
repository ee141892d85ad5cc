"""Household (rumah tangga) pages: list, new household with its head, members, head."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors, service_error_text
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population.family_forms import HouseholdCreateForm, HouseholdFilterForm, HouseholdSetHeadForm
from tenant_apps.population.household_services import (
    household_add_member, household_create, household_remove_member, household_set_head,
)
from tenant_apps.population.models import Household, Resident
from tenant_apps.population.selectors import households_search
from tenant_apps.population.view_helpers import can_change, page_of, picker_context
from tenant_apps.population.wilayah_forms import ResidentPickForm


def _household(pk: int) -> Household:
    return get_object_or_404(Household.objects.select_related("head"), pk=pk)


class HouseholdListView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        filters = HouseholdFilterForm(request.GET or None)
        search = filters.cleaned_data["search"] if filters.is_valid() else ""
        page, query = page_of(request, households_search(search=search))
        return render(request, "population/household_list.html", {
            "filters": filters, "page": page, "query": query, "can_change": can_change(request)})


class HouseholdCreateView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request):
        return render(request, "population/household_new.html", {
            "form": HouseholdCreateForm(), **picker_context(request.GET.get("q", ""))})

    def post(self, request):
        form = HouseholdCreateForm(request.POST)
        if form.is_valid():
            try:
                household = household_create(actor=request.user, number=form.cleaned_data["number"],
                                             head=form.cleaned_data["resident"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Rumah tangga %(number)s dibuat.") % {"number": household.number})
                return redirect("population:household", pk=household.pk)
        return render(request, "population/household_new.html", {
            "form": form, **picker_context(request.POST.get("q", ""))}, status=400)


class HouseholdDetailView(VillagePermissionMixin, View):
    """Members and head; POST adds a member found by name or NIK."""

    required = {"GET": "population.view", "POST": "population.change"}

    def get(self, request, pk):
        return _render(request, _household(pk))

    def post(self, request, pk):
        household = _household(pk)
        form = ResidentPickForm(request.POST)
        if form.is_valid():
            try:
                household_add_member(actor=request.user, household=household, resident=form.cleaned_data["resident"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s masuk rumah tangga ini.") % {"name": form.cleaned_data["resident"].name})
                return redirect("population:household", pk=pk)
        return _render(request, household, add_form=form, query=request.POST.get("q", ""), status=400)


class HouseholdRemoveView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, pk, resident_pk):
        household = _household(pk)
        resident = get_object_or_404(Resident, pk=resident_pk, household=household)
        try:
            household_remove_member(actor=request.user, household=household, resident=resident)
        except ValidationError as exc:
            messages.error(request, service_error_text(exc))
        else:
            messages.success(request, _("%(name)s dikeluarkan dari rumah tangga ini.") % {"name": resident.name})
        return redirect("population:household", pk=pk)


class HouseholdSetHeadView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, pk):
        household = _household(pk)
        form = HouseholdSetHeadForm(request.POST, household=household)
        if form.is_valid():
            try:
                household_set_head(actor=request.user, household=household, head=form.cleaned_data["head"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kepala rumah tangga sekarang %(name)s.")
                                 % {"name": form.cleaned_data["head"].name})
                return redirect("population:household", pk=pk)
        return _render(request, household, head_form=form, status=400)


def _render(request, household: Household, *, add_form=None, head_form=None, query=None, status=200):
    query = request.GET.get("q", "") if query is None else query
    return render(request, "population/household_detail.html", {
        "household": household, "members": household.members.select_related("family").order_by(
            "household_relationship", "name"),
        "can_change": can_change(request), "add_form": add_form or ResidentPickForm(),
        "head_form": head_form or HouseholdSetHeadForm(household=household),
        **picker_context(query, exclude=Q(household=household)),
    }, status=status)
