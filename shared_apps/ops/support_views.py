"""Support access on a village host: redeem the console's ticket, and end it."""
from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shared_apps.accounts.services import SESSION_TENANT_KEY
from shared_apps.ops.middleware import SUPPORT_SESSION_KEY
from shared_apps.ops.support import SupportAccessRefused, support_access_end, support_ticket_redeem


def console_url(path: str) -> str:
    port = settings.BALAI_URL_PORT
    default_port = {"http": 80, "https": 443}.get(settings.BALAI_URL_SCHEME)
    suffix = f":{port}" if port and port != default_port else ""
    return f"{settings.BALAI_URL_SCHEME}://{settings.BALAI_BASE_DOMAIN}{suffix}{path}"


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
    return redirect(console_url(reverse("ops:village", urlconf="config.urls_public", kwargs={"slug": slug})))
