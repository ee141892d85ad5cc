from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from shared_apps.accounts.services import SESSION_TENANT_KEY


class VillageSessionGuardMiddleware:
    """A session is valid only on the tenant it was opened on.

    Cookies are host-only already; this also defeats a cookie carried to
    another village's host by hand.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is nothing to guard; skip loading the
        # session and the user, which is most of this middleware's cost.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            if request.user.is_authenticated and request.session.get(SESSION_TENANT_KEY) != request.tenant.schema_name:
                request.user = AnonymousUser()
        return self.get_response(request)
