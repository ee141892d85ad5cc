"""API authentication bound to the host: a token works only on its own village."""
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from shared_apps.accounts.models import ApiToken
from shared_apps.accounts.selectors import may_sign_in
from shared_apps.accounts.services import api_token_touch


class VillageTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, accepted only on the tenant it was issued for.

    A token of another village, an unknown token, and a token whose user lost
    access all get the same answer, so a token's existence elsewhere leaks nothing.
    """

    def authenticate(self, request):
        self._tenant = request.tenant
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        invalid = exceptions.AuthenticationFailed(_("Token tidak valid."))
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
        tenant = self._tenant
        if token is None or token.village_id != (None if tenant.is_public else tenant.pk):
            raise invalid
        if not may_sign_in(user=token.user, tenant=tenant):
            raise invalid
        api_token_touch(token=token)
        return token.user, token
