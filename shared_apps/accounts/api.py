from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from shared_apps.accounts.selectors import may_sign_in, request_membership
from shared_apps.accounts.services import api_token_issue
from shared_apps.accounts.throttle import WINDOW_SECONDS, sign_in_blocked, sign_in_failed, sign_in_succeeded


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        request = self.context["request"]
        if sign_in_blocked(request, attrs["username"]):
            raise exceptions.Throttled(WINDOW_SECONDS, str(_("Terlalu banyak percobaan masuk yang gagal.")))
        user = authenticate(request, username=attrs["username"].strip().lower(), password=attrs["password"])
        if user is None or not may_sign_in(user=user, tenant=request.tenant):
            sign_in_failed(request, attrs["username"])
            raise serializers.ValidationError(_("Email/nama pengguna atau kata sandi salah."), code="authorization")
        sign_in_succeeded(request, attrs["username"])
        attrs["user"] = user
        return attrs


class TokenObtainView(APIView):
    """Exchange a username and password for a token valid on this host only."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=TokenRequestSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return Response({"token": api_token_issue(user=serializer.validated_data["user"], tenant=request.tenant)})


class VillageRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    village = VillageRefSerializer(allow_null=True)


class MeView(APIView):
    """Who the token (or session) belongs to, and their role in this village."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        tenant = request.tenant
        if tenant.is_public:
            role = "platform_staff" if request.user.is_staff else "regional_official"
            payload = {"username": request.user.get_username(), "role": role, "village": None}
        else:
            membership = request_membership(request)
            payload = {
                "username": request.user.get_username(),
                "role": membership.role if membership else None,
                "village": {"code": tenant.code, "name": tenant.name},
            }
        return Response(MeSerializer(payload).data)
