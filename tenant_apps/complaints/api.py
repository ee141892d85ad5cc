"""API of complaints for staff: list, read, reply. New complaints come from the public page."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import HasVillagePermission
from tenant_apps.complaints.models import Complaint, ComplaintReply
from tenant_apps.complaints.services import complaint_reply
from tenant_apps.population.api import Pages


class ReplySerializer(serializers.ModelSerializer):
    class Meta:
        model = ComplaintReply
        fields = ["id", "text", "status", "author_username", "created_at"]
        read_only_fields = ["id", "author_username", "created_at"]


class ComplaintSerializer(serializers.ModelSerializer):
    replies = ReplySerializer(many=True, read_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ["id", "code", "name", "contact", "text", "status", "has_photo", "replies", "created_at", "updated_at"]

    def get_has_photo(self, complaint) -> bool:
        return bool(complaint.photo_type)


def _complaints():
    return Complaint.objects.defer("photo").prefetch_related("replies")


class ComplaintListView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "complaints.view"}

    @extend_schema(responses=ComplaintSerializer(many=True))
    def get(self, request):
        complaints = _complaints()
        if request.query_params.get("status") in Complaint.Status.values:
            complaints = complaints.filter(status=request.query_params["status"])
        pages = Pages()
        page = pages.paginate_queryset(complaints, request, view=self)
        return pages.get_paginated_response(ComplaintSerializer(page, many=True).data)


class ComplaintDetailView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "complaints.view"}

    @extend_schema(responses=ComplaintSerializer)
    def get(self, request, pk):
        return Response(ComplaintSerializer(get_object_or_404(_complaints(), pk=pk)).data)


class ComplaintReplyView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"POST": "complaints.manage"}

    @extend_schema(request=ReplySerializer, responses={201: ReplySerializer})
    def post(self, request, pk):
        complaint = get_object_or_404(Complaint.objects.defer("photo"), pk=pk)
        given = ReplySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            reply = complaint_reply(actor=request.user, complaint=complaint, text=given.validated_data["text"],
                                    status=given.validated_data["status"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(ReplySerializer(reply).data, status=status.HTTP_201_CREATED)
