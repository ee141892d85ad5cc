"""API of the request queue: staff list, read and move residents' letter requests."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import HasVillagePermission
from shared_apps.accounts.selectors import request_membership
from tenant_apps.letters.models import Official
from tenant_apps.population.api import Pages
from tenant_apps.selfservice import services
from tenant_apps.selfservice.models import LetterRequest
from tenant_apps.selfservice.selectors import request_queue

Status = LetterRequest.Status


class RequestEventSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField()
    by = serializers.CharField()
    at = serializers.DateTimeField()


class LetterRequestSerializer(serializers.ModelSerializer):
    letter_type = serializers.CharField(source="letter_type.code")
    documents = serializers.SerializerMethodField()
    events = RequestEventSerializer(many=True, read_only=True)

    class Meta:
        model = LetterRequest
        fields = ["id", "letter_type", "resident", "fields", "status", "note", "letter", "documents", "events",
                  "created_at", "updated_at"]

    def get_documents(self, item) -> list[dict]:
        return [{"id": document.pk, "label": document.label, "content_type": document.content_type,
                 "size": document.size} for document in item.documents.defer("content")]


class StatusUpdateSerializer(serializers.Serializer):
    """``ready`` issues the letter (through the letters core); the others are steps of the queue."""

    status = serializers.ChoiceField(choices=[Status.INCOMPLETE, Status.READY, Status.PICKED_UP, Status.CANCELLED])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    official = serializers.PrimaryKeyRelatedField(queryset=Official.objects.filter(active=True), required=False)


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


class LetterRequestListView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "requests.view"}

    @extend_schema(responses=LetterRequestSerializer(many=True))
    def get(self, request):
        pages = Pages()
        queue = request_queue(request.query_params.get("status", "")).prefetch_related("events")
        page = pages.paginate_queryset(queue, request, view=self)
        return pages.get_paginated_response(LetterRequestSerializer(page, many=True).data)


class LetterRequestDetailView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "requests.view", "PATCH": "requests.manage"}

    @extend_schema(responses=LetterRequestSerializer)
    def get(self, request, pk):
        return Response(LetterRequestSerializer(get_object_or_404(request_queue(), pk=pk)).data)

    @extend_schema(request=StatusUpdateSerializer, responses=LetterRequestSerializer)
    def patch(self, request, pk):
        item = get_object_or_404(LetterRequest, pk=pk)
        given = StatusUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        status, note = given.validated_data["status"], given.validated_data["note"]
        actor = request.user
        try:
            if status == Status.READY:
                official = given.validated_data.get("official") or _only_official()
                item = services.letter_request_issue(actor=actor, role=request_membership(request).role,
                                                     request=item, official=official)
            elif status == Status.INCOMPLETE:
                item = services.letter_request_mark_incomplete(actor=actor, request=item, note=note)
            elif status == Status.PICKED_UP:
                item = services.letter_request_picked_up(actor=actor, request=item)
            else:
                item = services.letter_request_cancel(actor=actor, request=item, note=note)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from None
        return Response(LetterRequestSerializer(get_object_or_404(request_queue(), pk=item.pk)).data)


def _only_official() -> Official:
    officials = list(Official.objects.filter(active=True)[:2])
    if len(officials) != 1:
        raise ValidationError({"official": ["Pilih penanda tangan (id)." if officials
                                            else "Belum ada penanda tangan aktif di desa ini."]})
    return officials[0]
