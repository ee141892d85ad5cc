"""Group (kelompok) pages: list, new group, details, members and their roles."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from config.forms import add_service_errors, service_error_text
from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.population.group_forms import GroupFilterForm, GroupForm, GroupMemberAddForm, GroupRoleForm
from tenant_apps.population.group_services import (
    group_add_member, group_create, group_remove_member, group_set_role, group_update,
)
from tenant_apps.population.models import Group, GroupMembership
from tenant_apps.population.selectors import group_categories, groups_search
from tenant_apps.population.view_helpers import can_change, page_of, picker_context


class GroupListView(VillagePermissionMixin, View):
    required = {"GET": "population.view"}

    def get(self, request):
        filters = GroupFilterForm(request.GET or None, categories=group_categories())
        values = filters.cleaned_data if filters.is_valid() else {}
        page, query = page_of(request, groups_search(search=values.get("search", ""), category=values.get("category", "")))
        return render(request, "population/group_list.html", {
            "filters": filters, "page": page, "query": query, "can_change": can_change(request)})


def _render_form(request, form, group=None, status=200):
    return render(request, "population/registry_form.html", {
        "form": form, "title": _("Ubah kelompok %(name)s") % {"name": group.name} if group else _("Kelompok baru"),
        "submit": _("Simpan"), "back_label": _("Kembali"),
        "back_url": reverse("population:group", args=[group.pk]) if group else reverse("population:groups"),
    }, status=status)


class GroupCreateView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request):
        return _render_form(request, GroupForm())

    def post(self, request):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kelompok %(name)s dibuat; tambahkan anggotanya.") % {"name": group.name})
                return redirect("population:group", pk=group.pk)
        return _render_form(request, form, status=400)


class GroupEditView(VillagePermissionMixin, View):
    required = {"GET": "population.change", "POST": "population.change"}

    def get(self, request, pk):
        group = get_object_or_404(Group, pk=pk)
        return _render_form(request, GroupForm(initial={
            "name": group.name, "category": group.category, "description": group.description}), group)

    def post(self, request, pk):
        group = get_object_or_404(Group, pk=pk)
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group_update(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Perubahan tersimpan."))
                return redirect("population:group", pk=pk)
        group.refresh_from_db()
        return _render_form(request, form, group, status=400)


class GroupDetailView(VillagePermissionMixin, View):
    """Members with their roles; POST adds a member found by name or NIK."""

    required = {"GET": "population.view", "POST": "population.change"}

    def get(self, request, pk):
        return _render(request, get_object_or_404(Group, pk=pk))

    def post(self, request, pk):
        group = get_object_or_404(Group, pk=pk)
        form = GroupMemberAddForm(request.POST)
        if form.is_valid():
            try:
                group_add_member(actor=request.user, group=group, resident=form.cleaned_data["resident"],
                                 role=form.cleaned_data["role"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s masuk kelompok ini.") % {"name": form.cleaned_data["resident"].name})
                return redirect("population:group", pk=pk)
        return _render(request, group, add_form=form, query=request.POST.get("q", ""), status=400)


class GroupMemberView(VillagePermissionMixin, View):
    """One member: change the role, or remove them from the group."""

    required = {"POST": "population.change"}

    def post(self, request, pk, membership_pk):
        membership = get_object_or_404(GroupMembership.objects.select_related("group", "resident"),
                                       pk=membership_pk, group_id=pk)
        name = membership.resident.name
        try:
            if request.POST.get("action") == "remove":
                group_remove_member(actor=request.user, membership=membership)
                messages.success(request, _("%(name)s dikeluarkan dari kelompok.") % {"name": name})
            else:
                form = GroupRoleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError({"role": [_("Pilih jabatan: ketua, sekretaris, bendahara atau anggota.")]})
                group_set_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
                messages.success(request, _("Jabatan %(name)s tersimpan.") % {"name": name})
        except ValidationError as exc:
            messages.error(request, service_error_text(exc))
        return redirect("population:group", pk=pk)


def _render(request, group: Group, *, add_form=None, query=None, status=200):
    query = request.GET.get("q", "") if query is None else query
    memberships = group.memberships.select_related("resident__rt__rw__dusun").order_by("resident__name")
    order = {role: index for index, role in enumerate(GroupMembership.Role.values)}
    page, page_query = page_of(request, sorted(memberships, key=lambda m: order.get(m.role, len(order))), 100)
    return render(request, "population/group_detail.html", {
        "group": group, "page": page, "query": page_query,
        "roles": GroupMembership.Role.choices, "can_change": can_change(request),
        "add_form": add_form or GroupMemberAddForm(), **picker_context(query, exclude=Q(group_memberships__group=group)),
    }, status=status)
