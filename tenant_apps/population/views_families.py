"""Family (KK) pages: list, new KK, a family with its members, add a member,
change the head or a relationship, split the KK, move the whole family."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from config.forms import add_service_errors, service_error_text
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population import codes
from tenant_apps.population.family_forms import (
    FamilyCreateForm, FamilyFilterForm, FamilyMemberAddForm, FamilyMoveForm, FamilyRelationshipForm, FamilySetHeadForm,
    FamilySplitForm,
)
from tenant_apps.population.family_services import (
    family_add_member, family_move, family_remove_member, family_set_head, family_set_relationship, family_split,
)
from tenant_apps.population.models import Family, Resident
from tenant_apps.population.selectors import families_search
from tenant_apps.population.services import family_create
from tenant_apps.population.view_helpers import can_change, page_of, picker_context
from tenant_apps.population.wilayah_selectors import area_filter


def _family(pk: int) -> Family:
    return get_object_or_404(Family.objects.select_related("head", "rt__rw__dusun"), pk=pk)


class FamilyListView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        filters = FamilyFilterForm(request.GET or None)
        values = filters.cleaned_data if filters.is_valid() else {}
        queryset = families_search(search=values.get("search", ""), **area_filter(values.get("area", "")))
        page, query = page_of(request, queryset)
        return render(request, "population/family_list.html", {
            "filters": filters, "page": page, "query": query, "can_change": can_change(request)})


class FamilyCreateView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request):
        return _render_form(request, FamilyCreateForm(), None)

    def post(self, request):
        form = FamilyCreateForm(request.POST)
        if form.is_valid():
            try:
                family = family_create(actor=request.user, no_kk=form.cleaned_data["no_kk"].strip(),
                                       rt=form.cleaned_data["rt"], address=form.cleaned_data["address"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("KK %(no_kk)s dibuat; tambahkan anggotanya.") % {"no_kk": family.no_kk})
                return redirect("population:family", pk=family.pk)
        return _render_form(request, form, None, status=400)


class FamilyDetailView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request, pk):
        return render_family(request, _family(pk))


class FamilyMemberAddView(VillagePermissionMixin, View):
    """Add an existing (living) resident, found by name or NIK, to the KK."""

    required = {"POST": "population.change"}

    def post(self, request, pk):
        family = _family(pk)
        form = FamilyMemberAddForm(request.POST)
        if form.is_valid():
            resident = form.cleaned_data["resident"]
            try:
                family_add_member(actor=request.user, family=family, resident=resident,
                                  relationship=form.cleaned_data["relationship"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s masuk KK ini.") % {"name": resident.name})
                return redirect("population:family", pk=pk)
        return render_family(request, family, add_form=form, query=request.POST.get("q", ""), status=400)


class FamilyMemberView(VillagePermissionMixin, View):
    """One member: change the relationship, or take them out of the KK."""

    required = {"POST": "population.change"}

    def post(self, request, pk, resident_pk):
        family = _family(pk)
        resident = get_object_or_404(Resident, pk=resident_pk, family=family)
        try:
            if request.POST.get("action") == "remove":
                family_remove_member(actor=request.user, family=family, resident=resident)
                messages.success(request, _("%(name)s dikeluarkan dari KK ini.") % {"name": resident.name})
            else:
                form = FamilyRelationshipForm(request.POST)
                if not form.is_valid():
                    raise ValidationError({"relationship": [_("Pilih hubungan dalam keluarga.")]})
                family_set_relationship(actor=request.user, family=family, resident=resident,
                                        relationship=form.cleaned_data["relationship"])
                messages.success(request, _("Hubungan %(name)s dalam keluarga tersimpan.") % {"name": resident.name})
        except ValidationError as exc:
            messages.error(request, service_error_text(exc))
        return redirect("population:family", pk=pk)


class FamilySetHeadView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, pk):
        family = _family(pk)
        form = FamilySetHeadForm(request.POST, family=family)
        if form.is_valid():
            try:
                family_set_head(actor=request.user, family=family, head=form.cleaned_data["head"],
                                former_head_relationship=form.cleaned_data["former_head_relationship"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kepala keluarga sekarang %(name)s.") % {"name": form.cleaned_data["head"].name})
                return redirect("population:family", pk=pk)
        return render_family(request, family, head_form=form, status=400)


class FamilySplitView(VillagePermissionMixin, View):
    """Pecah KK: chosen members leave for a new KK with one of them at its head."""

    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk):
        family = _family(pk)
        return _render_form(request, FamilySplitForm(family=family), family)

    def post(self, request, pk):
        family = _family(pk)
        form = FamilySplitForm(request.POST, family=family)
        if form.is_valid():
            try:
                new_family = family_split(actor=request.user, family=family, members=list(form.cleaned_data["members"]),
                                          new_no_kk=form.cleaned_data["no_kk"].strip(), head=form.cleaned_data["head"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("KK dipecah: KK baru %(no_kk)s.") % {"no_kk": new_family.no_kk})
                return redirect("population:family", pk=new_family.pk)
        return _render_form(request, form, family, status=400)


class FamilyMoveView(VillagePermissionMixin, View):
    """The whole family moves to another RT (and address) in the village."""

    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk):
        family = _family(pk)
        form = FamilyMoveForm(initial={"rt": family.rt_id, "address": family.address})
        return _render_form(request, form, family)

    def post(self, request, pk):
        family = _family(pk)
        form = FamilyMoveForm(request.POST)
        if form.is_valid():
            try:
                family_move(actor=request.user, family=family, rt=form.cleaned_data["rt"],
                            address=form.cleaned_data["address"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Seluruh anggota KK pindah ke %(rt)s.") % {"rt": family.rt})
                return redirect("population:family", pk=pk)
        return _render_form(request, form, family, status=400)


FORM_TEXTS = {
    FamilyCreateForm: (gettext_lazy("KK baru"), "", gettext_lazy("Buat KK")),
    FamilySplitForm: (gettext_lazy("Pecah KK %(no_kk)s"), gettext_lazy(
        "Anggota yang dipilih pindah ke KK baru di alamat yang sama; kepala KK lama tetap di KK lama."),
        gettext_lazy("Pecah KK")),
    FamilyMoveForm: (gettext_lazy("Pindahkan KK %(no_kk)s"), gettext_lazy(
        "Seluruh anggota KK ikut pindah ke RT dan alamat baru di desa ini."), gettext_lazy("Pindahkan")),
}


def _render_form(request, form, family: Family | None, status=200):
    title, intro, submit = FORM_TEXTS[type(form)]
    return render(request, "population/registry_form.html", {
        "form": form, "title": title % {"no_kk": family.no_kk} if family else title, "intro": intro, "submit": submit,
        "back_url": reverse("population:family", args=[family.pk]) if family else reverse("population:families"),
        "back_label": _("Kembali ke KK") if family else _("Daftar keluarga"),
    }, status=status)


def render_family(request, family: Family, *, add_form=None, head_form=None, query=None, status=200):
    # Living members first, the head on top, then by relationship and age.
    members = family.members.select_related("rt__rw__dusun").annotate(gone=Case(
        When(basic_status=codes.BasicStatus.HIDUP, then=Value(0)), default=Value(1), output_field=IntegerField(),
    )).order_by("gone", "family_relationship", "birth_date")
    query = request.GET.get("q", "") if query is None else query
    return render(request, "population/family_detail.html", {
        "family": family, "members": members, "can_change": can_change(request),
        "add_form": add_form or FamilyMemberAddForm(), "head_form": head_form or FamilySetHeadForm(family=family),
        "relationship_choices": FamilyRelationshipForm.base_fields["relationship"].choices,
        **picker_context(query, exclude=Q(family=family)),
    }, status=status)
