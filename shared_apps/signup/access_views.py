"""Access requests: the form on the control plane, its verification, and the
operators' page on the village's own host."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from config.forms import add_service_errors
from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.signup.abuse import is_bot, submit_refused, verification_mailed
from shared_apps.signup.access import (
    access_request_approve, access_request_confirm, access_request_decline, access_request_start,
    access_request_validate,
)
from shared_apps.signup.forms import AccessRequestForm, DecisionForm
from shared_apps.signup.links import ACCESS, LinkExpired, LinkInvalid, verification_public_id, verification_url
from shared_apps.signup.models import AccessRequest
from shared_apps.signup.selectors import access_request_by_public_id, access_requests_pending, village_hit
from shared_apps.signup.views import form_values, link_problem, remember_sent


@sensitive_post_parameters("password", "password_again")
def access_form(request, code):
    hit = village_hit(code)
    if hit is None or not hit.on_balai:
        return render(request, "signup/unknown_village.html", {"code": code, "hit": hit}, status=404)
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        if is_bot(request):
            remember_sent(request, email=request.POST.get("email", ""), kind=ACCESS)
            return redirect("signup:check-email")
        refused = submit_refused(request, request.POST.get("email", ""))
        valid = form.is_valid()
        values = form_values(form, ("name", "email", "phone", "password", "message"))
        try:
            if not valid or refused:
                access_request_validate(village_code=hit.code, **values)  # every message at once
                access_request = None
            else:
                access_request = access_request_start(village_code=hit.code, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if access_request is not None:
                verification_mailed(access_request.email)
                remember_sent(request, email=access_request.email, kind=ACCESS,
                              link=verification_url(ACCESS, access_request.public_id))
                return redirect("signup:check-email")
        if refused:
            form.add_error(None, refused)
        form.forget_rejected_passwords()
    return render(request, "signup/access_form.html", {"hit": hit, "form": form})


def access_verify(request, token):
    start_url = reverse("signup:search")
    try:
        access_request = access_request_by_public_id(verification_public_id(ACCESS, token))
    except LinkExpired:
        return link_problem(request, expired=True, start_url=start_url)
    except LinkInvalid:
        access_request = None
    if access_request is None:
        return link_problem(request, expired=False, start_url=start_url)
    if request.method == "POST":
        access_request = access_request_confirm(access_request=access_request)
    return render(request, "signup/access_verify.html", {"access_request": access_request})


def _pending_for(request, public_id) -> AccessRequest:
    """A pending request of this host's village; the same 404 for missing, decided and another village's."""
    access_request = access_request_by_public_id(public_id)
    if access_request is None or access_request.village_id != request.tenant.pk \
            or access_request.status != AccessRequest.Status.PENDING:
        raise Http404
    return access_request


class AccessRequestListView(VillagePermissionMixin, View):
    """Operators of this village: pending access requests, approve with a role or decline."""

    required = {"GET": "staff.manage", "POST": "staff.manage"}

    def get(self, request, public_id=None):
        return self._render(request, forms={})

    def _render(self, request, *, forms: dict):
        rows = [(row, forms.get(row.pk) or DecisionForm(prefix=str(row.public_id)))
                for row in access_requests_pending(village=request.tenant)]
        return render(request, "signup/access_requests.html", {"rows": rows})

    def post(self, request, public_id):
        access_request = _pending_for(request, public_id)
        form = DecisionForm(request.POST, prefix=str(access_request.public_id))
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    access_request_approve(actor=request.user, access_request=access_request,
                                           role=form.cleaned_data["role"])
                    messages.success(request, _("%(name)s sekarang dapat masuk sebagai %(role)s.") % {
                        "name": access_request.name, "role": dict(form.fields["role"].choices)[form.cleaned_data["role"]]})
                else:
                    access_request_decline(actor=request.user, access_request=access_request)
                    messages.success(request, _("Permintaan %(name)s ditolak.") % {"name": access_request.name})
                return redirect("access:requests")
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self._render(request, forms={access_request.pk: form})
