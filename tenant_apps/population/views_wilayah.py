"""Wilayah pages: the dusun → RW → RT tree, one unit with its forms, its head."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from config.forms import add_service_errors, service_error_text
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population.view_helpers import can_change, picker_context
from tenant_apps.population.wilayah_forms import ResidentPickForm, UnitLabelForm
from tenant_apps.population.wilayah_selectors import UNIT_MODELS, unit_counts, wilayah_tree
from tenant_apps.population.wilayah_services import (
    dusun_create, rt_create, rw_create, unit_label, wilayah_delete, wilayah_rename, wilayah_set_head,
)

CHILD_KIND = {"dusun": "rw", "rw": "rt"}
CHILD_IDS = "id_child_%s"  # the add-a-part form shares the page with the rename form
HEAD_TITLE = {"dusun": gettext_lazy("Kepala dusun"), "rw": gettext_lazy("Ketua RW"), "rt": gettext_lazy("Ketua RT")}


def _unit(kind: str, pk: int):
    model = UNIT_MODELS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.select_related("head"), pk=pk)


class WilayahTreeView(VillagePermissionMixin, View):
    required = {"GET": "population.view", "POST": "population.change"}

    def get(self, request):
        return self._render(request, UnitLabelForm(kind="dusun"))

    def post(self, request):
        """Add a dusun."""
        form = UnitLabelForm(request.POST, kind="dusun")
        if form.is_valid():
            try:
                dusun = dusun_create(actor=request.user, name=form.cleaned_data["label"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Dusun %(name)s ditambahkan.") % {"name": dusun.name})
                return redirect("population:wilayah")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        tree, unassigned = wilayah_tree()
        return render(request, "population/wilayah_tree.html", {
            "tree": tree, "unassigned": unassigned, "form": form, "can_change": can_change(request),
        }, status=status)


class WilayahUnitView(VillagePermissionMixin, View):
    """One dusun, RW or RT: its counts, parts, head; rename, add a part, delete."""

    required = {"GET": "population.view", "POST": "population.change"}

    def get(self, request, kind, pk):
        return render_unit(request, kind, _unit(kind, pk))

    def post(self, request, kind, pk):
        """Add an RW to a dusun or an RT to an RW."""
        unit = _unit(kind, pk)
        child_kind = CHILD_KIND.get(kind)
        if child_kind is None:
            raise Http404
        form = UnitLabelForm(request.POST, kind=child_kind, auto_id=CHILD_IDS)
        if form.is_valid():
            try:
                if kind == "dusun":
                    rw_create(actor=request.user, dusun=unit, number=form.cleaned_data["label"])
                else:
                    rt_create(actor=request.user, rw=unit, number=form.cleaned_data["label"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(kind)s %(number)s ditambahkan.")
                                 % {"kind": child_kind.upper(), "number": form.cleaned_data["label"].strip()})
                return redirect("population:wilayah-unit", kind=kind, pk=pk)
        return render_unit(request, kind, unit, child_form=form, status=400)


class WilayahRenameView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, kind, pk):
        unit = _unit(kind, pk)
        form = UnitLabelForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                wilayah_rename(actor=request.user, unit=unit, label=form.cleaned_data["label"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Perubahan tersimpan."))
                return redirect("population:wilayah-unit", kind=kind, pk=pk)
        unit.refresh_from_db()  # the page shows the stored name, the form what was typed
        return render_unit(request, kind, unit, rename_form=form, status=400)


class WilayahDeleteView(VillagePermissionMixin, View):
    required = {"POST": "population.change"}

    def post(self, request, kind, pk):
        unit = _unit(kind, pk)
        parent = {"rw": ("dusun", getattr(unit, "dusun_id", None)), "rt": ("rw", getattr(unit, "rw_id", None))}.get(kind)
        name = str(unit)
        try:
            wilayah_delete(actor=request.user, unit=unit)
        except ValidationError as exc:
            messages.error(request, service_error_text(exc))
            return redirect("population:wilayah-unit", kind=kind, pk=pk)
        messages.success(request, _("%(unit)s dihapus.") % {"unit": name})
        if parent is None:
            return redirect("population:wilayah")
        return redirect("population:wilayah-unit", kind=parent[0], pk=parent[1])


class WilayahHeadView(VillagePermissionMixin, View):
    """Choose the head from a search of living residents, or leave the post empty."""

    required = {"POST": "population.change"}

    def post(self, request, kind, pk):
        unit = _unit(kind, pk)
        if request.POST.get("clear"):
            wilayah_set_head(actor=request.user, unit=unit, head=None)
            messages.success(request, _("%(title)s dikosongkan.") % {"title": HEAD_TITLE[kind]})
            return redirect("population:wilayah-unit", kind=kind, pk=pk)
        form = ResidentPickForm(request.POST)
        if form.is_valid():
            try:
                wilayah_set_head(actor=request.user, unit=unit, head=form.cleaned_data["resident"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(title)s: %(name)s.")
                                 % {"title": HEAD_TITLE[kind], "name": form.cleaned_data["resident"].name})
                return redirect("population:wilayah-unit", kind=kind, pk=pk)
        return render_unit(request, kind, unit, head_form=form, query=request.POST.get("q", ""), status=400)


def render_unit(request, kind, unit, *, rename_form=None, child_form=None, head_form=None, query=None, status=200):
    child_kind = CHILD_KIND.get(kind)
    children = {"dusun": lambda: unit.rws.select_related("head"), "rw": lambda: unit.rts.select_related("head")}
    parent = {"rw": lambda: ("dusun", unit.dusun), "rt": lambda: ("rw", unit.rw)}.get(kind, lambda: None)()
    query = request.GET.get("q", "") if query is None else query
    return render(request, "population/wilayah_unit.html", {
        "unit": unit, "kind": kind, "parent": parent, "counts": unit_counts(unit),
        "children": children[kind]() if child_kind else [], "child_kind": child_kind,
        "head_title": HEAD_TITLE[kind], "can_change": can_change(request),
        "rename_form": rename_form or UnitLabelForm(kind=kind, initial={"label": unit_label(unit)}),
        "child_form": child_form or (UnitLabelForm(kind=child_kind, auto_id=CHILD_IDS) if child_kind else None),
        "head_form": head_form, **picker_context(query),
    }, status=status)
