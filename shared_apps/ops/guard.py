"""Who may use the ops console: platform staff who signed in with their second
factor, and whose role grants the view's ``required[method]``."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from shared_apps.ops.roles import platform_role_has_permission

_READS_LIKE_GET = {"HEAD", "OPTIONS"}


def is_platform_staff_verified(user) -> bool:
    """Signed in, platform staff, and the session passed the TOTP check
    (django-otp's OTPMiddleware sets ``is_verified``)."""
    return bool(user.is_authenticated and user.platform_role and user.is_active
                and getattr(user, "is_verified", lambda: False)())


def ops_has_permission(user, permission: str) -> bool:
    return is_platform_staff_verified(user) and platform_role_has_permission(user.platform_role, permission)


def _check(request, required: dict[str, str]):
    """None when allowed; otherwise the response (to the ops sign-in) or an exception."""
    if not request.tenant.is_public:
        raise Http404  # the console lives on the base domain only
    if not is_platform_staff_verified(request.user):
        return redirect_to_login(request.get_full_path(), reverse("ops:login"))
    method = "GET" if request.method in _READS_LIKE_GET else request.method
    permission = required.get(method) or required.get("*")
    if permission is None or not platform_role_has_permission(request.user.platform_role, permission):
        raise PermissionDenied
    return None


class OpsPermissionMixin:
    """Pages of the console: ``required = {"GET": "villages.view", "POST": "villages.suspend"}``."""

    required: dict[str, str] = {}

    def dispatch(self, request, *args, **kwargs):
        refused = _check(request, self.required)
        return refused or super().dispatch(request, *args, **kwargs)


def ops_permission_required(permission: str):
    """Function views: one permission for every method they answer."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return _check(request, {"*": permission}) or view(request, *args, **kwargs)
        return wrapped
    return decorator
