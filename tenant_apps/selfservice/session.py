"""The resident's session, kept apart from staff sessions.

A resident is not a public ``User``: the session holds the account id under
its own key, with the schema it was opened on and a fingerprint of the PIN
hash. It counts only on that village's host and only until the PIN changes
(a reset by the operator signs every device out).
"""
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from tenant_apps.population import codes
from tenant_apps.selfservice.models import ResidentAccount

SESSION_RESIDENT_KEY = "balai_resident"


def _fingerprint(account: ResidentAccount) -> str:
    return salted_hmac("balai.selfservice.session", account.pin_hash, algorithm="sha256").hexdigest()


def resident_session_open(request, account: ResidentAccount) -> None:
    # A fresh session: nothing of an earlier visitor (staff or resident) carries over.
    request.session.flush()
    request.session[SESSION_RESIDENT_KEY] = {
        "account": account.pk, "tenant": request.tenant.schema_name, "pin": _fingerprint(account)}


def resident_session_close(request) -> None:
    request.session.flush()


def request_resident_account(request) -> ResidentAccount | None:
    """The signed-in resident's account on this host, or None."""
    if not hasattr(request, "_resident_account"):
        request._resident_account = None
        data = request.session.get(SESSION_RESIDENT_KEY)
        if isinstance(data, dict) and data.get("tenant") == request.tenant.schema_name:
            account = (ResidentAccount.objects.select_related("resident", "resident__family")
                       .filter(pk=data.get("account"), resident__basic_status=codes.BasicStatus.HIDUP).first())
            if account is not None and constant_time_compare(data.get("pin", ""), _fingerprint(account)):
                request._resident_account = account
    return request._resident_account


class ResidentRequiredMixin:
    """Pages of the signed-in resident; others go to the resident sign-in."""

    def dispatch(self, request, *args, **kwargs):
        self.account = request_resident_account(request)
        if self.account is None:
            return redirect(f"{reverse('selfservice:sign-in')}?next={request.path}")
        self.resident = request.resident = self.account.resident  # the layout shows the resident's menu
        return super().dispatch(request, *args, **kwargs)
