"""API of the letter service: types, the archive, issuing, the stored PDF."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import HasVillagePermission
from shared_apps.accounts.selectors import request_membership
from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.letters.services import letter_issue
from tenant_apps.letters.views import pdf_name, pdf_response
from tenant_apps.population.api import Pages
from tenant_apps.population.models import Resident


class LetterTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LetterType
        fields = ["code", "name", "paper", "form_fields", "needs_resident", "active"]


class LetterSerializer(serializers.ModelSerializer):
    letter_type = serializers.CharField(source="letter_type.code")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "letter_type", "status", "number", "issued_on", "resident", "subject", "fields", "official",
                  "verification_code", "pdf_url", "requested_by_username", "created_at", "revoke_reason"]

    def get_pdf_url(self, letter) -> str | None:
        return reverse("api-letter-pdf", args=[letter.pk]) if letter.pdf is not None else None


class IssueSerializer(serializers.Serializer):
    letter_type = serializers.SlugRelatedField(slug_field="code", queryset=LetterType.objects.all())
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False, allow_null=True)
    subject = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    fields = serializers.DictField(required=False)
    official = serializers.PrimaryKeyRelatedField(queryset=Official.objects.filter(active=True), required=False)

    def validate(self, data):
        if "official" not in data:
            # The village's only active signer, or the caller must choose.
            officials = list(Official.objects.filter(active=True)[:2])
            if len(officials) != 1:
                raise ValidationError({"official": ["Pilih penanda tangan (id)." if officials
                                                    else "Belum ada penanda tangan aktif di desa ini."]})
            data["official"] = officials[0]
        return data


class LetterTypeListView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "letters.view"}

    @extend_schema(responses=LetterTypeSerializer(many=True))
    def get(self, request):
        return Response(LetterTypeSerializer(LetterType.objects.filter(active=True), many=True).data)


class LetterListView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "letters.view", "POST": "letters.issue"}

    @extend_schema(responses=LetterSerializer(many=True))
    def get(self, request):
        pages = Pages()
        page = pages.paginate_queryset(Letter.objects.select_related("letter_type"), request, view=self)
        return pages.get_paginated_response(LetterSerializer(page, many=True).data)

    @extend_schema(request=IssueSerializer, responses={201: LetterSerializer})
    def post(self, request):
        given = IssueSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            letter = letter_issue(
                actor=request.user, role=request_membership(request).role, letter_type=data["letter_type"],
                official=data["official"], fields=data.get("fields", {}), resident=data.get("resident"),
                subject=data.get("subject"))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
        return Response(LetterSerializer(letter).data, status=status.HTTP_201_CREATED)


class LetterDetailView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "letters.view"}

    @extend_schema(responses=LetterSerializer)
    def get(self, request, pk):
        return Response(LetterSerializer(get_object_or_404(Letter, pk=pk)).data)


class LetterPdfView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "letters.view"}

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk):
        letter = get_object_or_404(Letter.objects.exclude(pdf=None), pk=pk)
        return pdf_response(letter.pdf, pdf_name(letter), inline=False)
