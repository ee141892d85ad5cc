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
        tenant = request.tenant
        if request.user.is_authenticated and request.session.get(SESSION_TENANT_KEY) != tenant.schema_name:
            request.user = AnonymousUser()
        return self.get_response(request)
