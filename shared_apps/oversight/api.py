"""``/api/v1/oversight/`` on the control plane: the dashboard's figures for officials, by token."""
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.oversight.rollup import COUNTED_STATUSES
from shared_apps.oversight.selectors import access_region, official_of, region_summary, villages_in_region


class OfficialAPIView(APIView):
    """Authenticated (token from ``POST /api/v1/auth/token/`` on the base domain) and an official."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.official = official_of(request.user)
        if self.official is None:
            raise PermissionDenied(_("Hanya untuk pejabat wilayah."))

    def region(self, code: str):
        try:
            return access_region(official=self.official, code=code)
        except Http404:
            raise NotFound(_("Wilayah tidak ditemukan.")) from None


class RegionSummaryView(OfficialAPIView):
    """A region's published figures (counts below 5 are "<5", others rounded to 5) and its child regions.

    A region outside the official's scope is 404, like an unknown one.
    """

    @extend_schema(responses=serializers.DictField())
    def get(self, request, code):
        return Response(region_summary(self.region(code), official=self.official))


class VillageListView(OfficialAPIView):
    """Villages on Balai inside ``region`` (default: the official's whole region), optionally by ``status``."""

    @extend_schema(parameters=[OpenApiParameter("region", str), OpenApiParameter("status", str, enum=COUNTED_STATUSES)],
                   responses=serializers.ListField(child=serializers.DictField()))
    def get(self, request):
        region = self.region(request.query_params.get("region") or self.official.region.code)
        status = request.query_params.get("status") or None
        if status is not None and status not in COUNTED_STATUSES:
            raise serializers.ValidationError(
                {"status": _("Pilih salah satu: %(choices)s.") % {"choices": ", ".join(COUNTED_STATUSES)}})
        return Response({"region": region.code, "villages": villages_in_region(region, status=status)})
