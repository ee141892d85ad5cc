from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.debug import sensitive_post_parameters

from shared_apps.accounts.forms import TenantAuthenticationForm
from shared_apps.accounts.services import SESSION_TENANT_KEY
from shared_apps.ops.activity import village_activity_touch


@sensitive_post_parameters("password")
def sign_in(request):
    form = TenantAuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session.flush()  # nothing of an earlier session (a resident's, on a shared computer) carries over
        login(request, form.user)
        request.session[SESSION_TENANT_KEY] = request.tenant.schema_name
        if not request.tenant.is_public:
            village_activity_touch(village=request.tenant)  # the ops console's "last activity"
        target = request.POST.get("next") or request.GET.get("next") or "/"
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        return redirect(target)
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:login")
