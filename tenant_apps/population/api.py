from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import HasVillagePermission
from tenant_apps.population.import_jobs import import_job_create, import_job_progress
from tenant_apps.population.models import Family, ImportJob, Resident
from tenant_apps.population.opensid_excel import OpenSIDFileError, check_file_size
from tenant_apps.population.resident_rules import RESIDENT_FIELDS
from tenant_apps.population.selectors import CATEGORIES, families_search, residents_search, statistics
from tenant_apps.population.services import resident_register, resident_update

READ_WRITE = {"GET": "population.view", "POST": "population.change", "PUT": "population.change",
              "PATCH": "population.change"}


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ResidentSerializer(serializers.ModelSerializer):
    nik = serializers.CharField(max_length=16, required=False, allow_blank=True)

    class Meta:
        model = Resident
        fields = ["id", *RESIDENT_FIELDS, "nik_is_temporary", "nik_warnings", "nik_warnings_confirmed"]
        # Households change through their own service (one head each), not a resident's record.
        read_only_fields = ["id", "nik_is_temporary", "nik_warnings", "nik_warnings_confirmed", "household",
                            "household_relationship"]
        validators = []  # uniqueness is the service's, with its own message


class FamilySerializer(serializers.ModelSerializer):
    head_name = serializers.CharField(source="head.name", default=None, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Family
        fields = ["id", "no_kk", "head", "head_name", "address", "rt", "member_count"]


def _write(service, **kwargs):
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


# Ages as the page form takes them; beyond, a birth year would fall outside the calendar.
AGE_LIMIT = 150


def _int_param(request, name):
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise ValidationError({name: ["Harus berupa angka."]})
    if name.startswith("age_") and int(value) > AGE_LIMIT:
        raise ValidationError({name: [f"Umur paling tinggi {AGE_LIMIT}."]})
    return int(value)


class ResidentListView(APIView):
    permission_classes = [HasVillagePermission]
    required = READ_WRITE

    @extend_schema(
        parameters=[OpenApiParameter(name, str) for name in
                    ("search", "dusun", "rw", "rt", "sex", "basic_status", "age_min", "age_max", "page", "page_size")],
        responses=ResidentSerializer(many=True),
    )
    def get(self, request):
        queryset = residents_search(
            search=request.query_params.get("search", ""),
            **{name: _int_param(request, name) for name in ("dusun", "rw", "rt", "sex", "basic_status", "age_min", "age_max")},
        )
        pages = Pages()
        page = pages.paginate_queryset(queryset, request, view=self)
        return pages.get_paginated_response(ResidentSerializer(page, many=True).data)

    @extend_schema(request=ResidentSerializer, responses={201: ResidentSerializer})
    def post(self, request):
        payload = ResidentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        resident = _write(resident_register, actor=request.user, data=payload.validated_data)
        return Response(ResidentSerializer(resident).data, status=status.HTTP_201_CREATED)


class ResidentDetailView(APIView):
    permission_classes = [HasVillagePermission]
    required = READ_WRITE

    @extend_schema(responses=ResidentSerializer)
    def get(self, request, pk):
        return Response(ResidentSerializer(get_object_or_404(Resident, pk=pk)).data)

    def _update(self, request, pk, partial):
        resident = get_object_or_404(Resident, pk=pk)
        payload = ResidentSerializer(resident, data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        resident = _write(resident_update, actor=request.user, resident=resident, data=payload.validated_data)
        return Response(ResidentSerializer(resident).data)

    @extend_schema(request=ResidentSerializer, responses=ResidentSerializer)
    def put(self, request, pk):
        return self._update(request, pk, partial=False)

    @extend_schema(request=ResidentSerializer, responses=ResidentSerializer)
    def patch(self, request, pk):
        return self._update(request, pk, partial=True)


class FamilyListView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "population.view"}

    @extend_schema(parameters=[OpenApiParameter("search", str)], responses=FamilySerializer(many=True))
    def get(self, request):
        pages = Pages()
        page = pages.paginate_queryset(families_search(search=request.query_params.get("search", "")), request, view=self)
        return pages.get_paginated_response(FamilySerializer(page, many=True).data)


StatisticsSerializer = inline_serializer("Statistics", {
    "rows": inline_serializer("StatisticsRow", {
        "code": serializers.JSONField(help_text="OpenSID code; for free-text categories (ethnicity) the text"), "label": serializers.CharField(),
        "male": serializers.IntegerField(), "female": serializers.IntegerField(),
        "total": serializers.IntegerField(), "percent": serializers.FloatField(),
    }, many=True),
    "total": serializers.IntegerField(),
})


class StatisticsView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "population.view"}

    @extend_schema(parameters=[OpenApiParameter(name, int) for name in ("dusun", "rw", "rt")],
                   responses=StatisticsSerializer)
    def get(self, request, category):
        if category not in CATEGORIES:
            raise NotFound(f"Kategori tidak dikenal. Pilihan: {', '.join(CATEGORIES)}.")
        return Response(statistics(category, **{name: _int_param(request, name) for name in ("dusun", "rw", "rt")}))


class ImportJobSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "file_name", "commit", "status", "committed", "progress", "summary", "report", "error",
                  "created_by_username", "created_at", "finished_at"]

    def get_progress(self, job) -> dict | None:
        return import_job_progress(job) if job.status == ImportJob.Status.RUNNING else None


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    commit = serializers.BooleanField(default=False)


class ImportListView(APIView):
    """Upload an OpenSID .xlsx file: a job that checks it (dry run) or, with ``commit``, imports it."""

    permission_classes = [HasVillagePermission]
    required = {"GET": "population.view", "POST": "population.change"}

    @extend_schema(responses=ImportJobSerializer(many=True))
    def get(self, request):
        pages = Pages()
        page = pages.paginate_queryset(ImportJob.objects.defer("content"), request, view=self)
        return pages.get_paginated_response(ImportJobSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={202: ImportJobSerializer})
    def post(self, request):
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        try:
            check_file_size(upload.size)  # before reading it into memory
        except OpenSIDFileError as exc:
            raise ValidationError({"file": [exc.message]}) from None
        job = import_job_create(actor=request.user, file_name=upload.name, content=upload.read(),
                                commit=payload.validated_data["commit"])
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailView(APIView):
    permission_classes = [HasVillagePermission]
    required = {"GET": "population.view"}

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request, pk):
        return Response(ImportJobSerializer(get_object_or_404(ImportJob.objects.defer("content"), pk=pk)).data)
