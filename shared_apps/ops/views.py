"""The ops console on the base domain: sign-in, villages, their lifecycle,
support access, and the platform audit log."""
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from shared_apps.accounts.services import SESSION_TENANT_KEY
from shared_apps.ops.forms import (AuditFilterForm, LifecycleForm, OpsSignInForm, SupportStartForm,
                                   VillageFilterForm)
from shared_apps.ops.guard import OpsPermissionMixin, ops_has_permission
from shared_apps.ops.selectors import (AuditFilter, VillageFilter, audit_actions, audit_search, village_by_slug,
                                       village_filter_choices, village_search, village_usage)
from shared_apps.ops.support import support_access_start, support_ticket
from tenants import lifecycle
from tenants.selectors import village_url

PAGE_SIZE = 50
# The audit log only grows: counting every matching row would cost more each
# month, so its pages count at most this many (the page says "more than").
AUDIT_COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list[:AUDIT_COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > AUDIT_COUNT_CAP


@sensitive_post_parameters("password", "code")
def sign_in(request):
    if not request.tenant.is_public:
        raise Http404
    form = OpsSignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        otp_login(request, form.device)
        request.session[SESSION_TENANT_KEY] = request.tenant.schema_name
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "ops:villages"
        return redirect(target)
    return render(request, "ops/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("ops:login")


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class VillageListView(OpsPermissionMixin, View):
    required = {"GET": "villages.view"}

    def get(self, request):
        choices = village_filter_choices()
        form = VillageFilterForm(request.GET, choices=choices)
        chosen = VillageFilter(**form.cleaned_data) if form.is_valid() else VillageFilter()
        page = Paginator(village_search(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "ops/village_list.html",
                      {"form": form, "page": page, "query": _query_without_page(request),
                       "region_options": choices["regions"]})


def _village_or_404(slug):
    village = village_by_slug(slug)
    if village is None:
        raise Http404
    return village


def _village_page(request, village, *, lifecycle_form=None, support_form=None, status=200):
    return render(request, "ops/village_detail.html", {
        "village": village,
        "url": village_url(village),
        "usage": village_usage(village),
        "lifecycle_form": lifecycle_form or LifecycleForm(),
        "support_form": support_form or SupportStartForm(),
        "audit": audit_search(AuditFilter(village=village.slug))[:20],
        # Buttons shown only to roles that may use them (the views check again).
        "can": {name.split(".")[1]: ops_has_permission(request.user, name)
                for name in ("villages.suspend", "villages.archive", "villages.impersonate")},
    }, status=status)


class VillageDetailView(OpsPermissionMixin, View):
    required = {"GET": "villages.view"}

    def get(self, request, slug):
        return _village_page(request, _village_or_404(slug))


class VillageLifecycleView(OpsPermissionMixin, View):
    """Suspend, resume or archive; ``action`` and ``required`` are set per URL."""

    action = ""
    services = {"suspend": lifecycle.village_suspend, "resume": lifecycle.village_resume,
                "archive": lifecycle.village_archive}
    done = {"suspend": _("Desa ditangguhkan."), "resume": _("Desa diaktifkan kembali."),
            "archive": _("Desa diarsipkan; data tetap tersimpan.")}

    def post(self, request, slug):
        village = _village_or_404(slug)
        form = LifecycleForm({**request.POST.dict(), "action": self.action})
        if form.is_valid():
            try:
                self.services[self.action](village, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                for messages_ in exc.message_dict.values():
                    form.add_error(None, messages_)
            else:
                messages.success(request, self.done[self.action])
                return redirect("ops:village", slug=village.slug)
        return _village_page(request, village, lifecycle_form=form, status=400)


class SupportStartView(OpsPermissionMixin, View):
    required = {"POST": "villages.impersonate"}

    def post(self, request, slug):
        village = _village_or_404(slug)
        form = SupportStartForm(request.POST)
        if form.is_valid():
            try:
                access = support_access_start(staff=request.user, village=village, **form.cleaned_data)
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                # The browser carries a one-time ticket to the village host (shared_apps.ops.support).
                return render(request, "ops/support_handover.html", {
                    "access": access, "ticket": support_ticket(access),
                    "action": f"{village_url(village)}dukungan/masuk/",
                })
        return _village_page(request, village, support_form=form, status=400)


class AuditLogView(OpsPermissionMixin, View):
    required = {"GET": "audit.view"}

    def get(self, request):
        form = AuditFilterForm(request.GET)
        chosen = AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()
        page = CappedPaginator(audit_search(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, "ops/audit_log.html", {
            "form": form, "page": page, "actions": audit_actions(), "query": _query_without_page(request),
            "count_cap": AUDIT_COUNT_CAP,
        })
