from django.conf import settings
from django.contrib.auth import logout

from shared_apps.accounts.models import VillageMembership
from shared_apps.accounts.selectors import request_membership_assume
from shared_apps.ops.support import support_access_for_session

SUPPORT_SESSION_KEY = "balai_support_access"


class SupportAccessMiddleware:
    """On a village host, a platform staff session is valid only while its
    support access is live; it then acts with the access's role.

    Runs after ``VillageSessionGuardMiddleware``. Village staff sessions and
    cookie-less requests are not touched (no extra query).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.support_access = None
        tenant = getattr(request, "tenant", None)
        if (settings.SESSION_COOKIE_NAME in request.COOKIES and tenant is not None and not tenant.is_public
                and request.user.is_authenticated and request.user.platform_role):
            access = support_access_for_session(access_id=request.session.get(SUPPORT_SESSION_KEY),
                                                user=request.user, village=tenant)
            if access is None:
                logout(request)  # expired, ended, or never granted here: the session is over
            else:
                request.support_access = access
                request_membership_assume(
                    request, VillageMembership(user=request.user, village=tenant, role=access.role))
        return self.get_response(request)
