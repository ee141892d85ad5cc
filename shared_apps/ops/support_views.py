"""Support access on a village host: redeem the console's ticket, and end it."""
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shared_apps.accounts.services import SESSION_TENANT_KEY
from shared_apps.ops.middleware import SUPPORT_SESSION_KEY
from shared_apps.ops.support import SupportAccessRefused, support_access_end, support_ticket_redeem
from tenants.selectors import control_plane_url


# The ticket arrives by a cross-site POST from the console; the signed,
# single-use, two-minute ticket bound to this village is the proof, not a CSRF token.
@csrf_exempt
@require_POST
def support_enter(request):
    if request.tenant.is_public:
        raise Http404
    try:
        access = support_ticket_redeem(ticket=request.POST.get("ticket", ""), village=request.tenant)
    except SupportAccessRefused as exc:
        return render(request, "ops/support_refused.html", {"message": str(exc)}, status=403)
    login(request, access.staff, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_TENANT_KEY] = request.tenant.schema_name
    request.session[SUPPORT_SESSION_KEY] = access.pk
    request.session.set_expiry(access.expires_at)
    return redirect("village:dashboard")


@require_POST
def support_leave(request):
    access = getattr(request, "support_access", None)
    if access is not None:
        support_access_end(access=access, actor=request.user)
    logout(request)
    slug = request.tenant.slug
    return redirect(control_plane_url(reverse("ops:village", urlconf="config.urls_public", kwargs={"slug": slug})))
