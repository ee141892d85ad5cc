from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants.selectors import village_list, village_url
from tenants.services import village_provision


class VillageSerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, village) -> str:
        return village_url(village)


class VillageProvisionSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=13)
    slug = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100, required=False)
    admin_email = serializers.CharField(max_length=254)
    admin_password = serializers.CharField(max_length=128, required=False, trim_whitespace=False)


class VillageListCreateView(APIView):
    """Control plane: list villages, or provision one (platform staff only)."""

    permission_classes = [IsAdminUser]

    @extend_schema(responses=VillageSerializer(many=True))
    def get(self, request):
        return Response(VillageSerializer(village_list(), many=True).data)

    @extend_schema(request=VillageProvisionSerializer, responses={201: VillageSerializer})
    def post(self, request):
        payload = VillageProvisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            village = village_provision(**payload.validated_data)
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(VillageSerializer(village).data, status=status.HTTP_201_CREATED)
