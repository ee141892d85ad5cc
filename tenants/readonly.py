"""A suspended village is read-only: staff can read and export, not write.

Keyed on ``Village.status == SUSPENDED`` whoever suspended it (billing for
non-payment, or ops). Requests that only read pass; so do signing in and out
(reading needs a session), choosing a language and the village's billing pages
(paying is how a village comes back). Every other write is refused with 423
Locked and a clear Indonesian message: JSON for the API, a page otherwise.
Nothing is deleted. Pages show the notice through ``village_notice``.
"""
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from tenants.models import Village

_READS = {"GET", "HEAD", "OPTIONS"}
# Support staff enter and leave a suspended village too: their access is audited and must be endable.
WRITES_ALLOWED_WHEN_SUSPENDED = {"accounts:login", "accounts:logout", "set_language", "api-token",
                                 "support:enter", "support:leave"}
NAMESPACES_ALLOWED_WHEN_SUSPENDED = {"billing"}


def suspended_message() -> str:
    return _("Desa ini ditangguhkan: data tetap aman dan dapat dibaca serta diunduh, tetapi tidak dapat diubah. "
             "Lunasi tagihan Balai di menu Langganan atau hubungi tim Balai.")


def _write_allowed(request) -> bool:
    try:
        match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return True  # a 404 changes nothing
    return match.view_name in WRITES_ALLOWED_WHEN_SUSPENDED or match.namespace in NAMESPACES_ALLOWED_WHEN_SUSPENDED


class SuspendedVillageReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        village = getattr(request, "tenant", None)
        if (village is None or village.is_public or village.status != Village.Status.SUSPENDED
                or request.method in _READS or _write_allowed(request)):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": suspended_message(), "code": "village_suspended"}, status=423)
        body = render_to_string("tenants/read_only.html", {"village": village, "message": suspended_message()},
                                request=request)
        return HttpResponse(body, status=423)


def village_notice(request) -> dict:
    """Template context: the suspension notice on every page of a suspended village."""
    village = getattr(request, "tenant", None)
    if village is None or village.is_public or village.status != Village.Status.SUSPENDED:
        return {}
    return {"village_notice": suspended_message()}
