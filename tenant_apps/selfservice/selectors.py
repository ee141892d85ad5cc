"""Reads of self-service: what a resident may see is fetched through the resident."""
from django.http import Http404

from tenant_apps.letters.models import LetterType
from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.selfservice.models import LetterRequest, RequestDocument, RequiredDocuments

# What a request needs unless the village says otherwise for its type; the
# office asks for more with "belum lengkap".
REQUIRED_DOCUMENTS = ("KTP", "Kartu Keluarga")


def access_own_request(resident: Resident, request_id: int) -> LetterRequest:
    """The resident's own request; the same 404 for "missing" and "not yours"."""
    found = (LetterRequest.objects.select_related("letter_type", "letter")
             .filter(pk=request_id, resident=resident).first())
    if found is None:
        raise Http404
    return found


def access_own_document(resident: Resident, document_id: int) -> RequestDocument:
    found = RequestDocument.objects.filter(pk=document_id, request__resident=resident).first()
    if found is None:
        raise Http404
    return found


def family_members(resident: Resident) -> list[Resident]:
    """The resident's living family (same KK), the resident first."""
    if resident.family_id is None:
        return [resident]
    members = (Resident.objects.filter(family_id=resident.family_id, basic_status=codes.BasicStatus.HIDUP)
               .order_by("family_relationship", "birth_date"))
    return sorted(members, key=lambda member: member.pk != resident.pk)


def requestable_types():
    return LetterType.objects.filter(active=True, needs_resident=True)


def request_queue(status: str = ""):
    queue = LetterRequest.objects.select_related("resident", "letter_type", "letter")
    if status in LetterRequest.Status.values:
        return queue.filter(status=status)
    return queue


def field_values(request: LetterRequest) -> list[tuple[str, str]]:
    """The type's own fields as (label, value), in the type's order."""
    return [(field["label"], request.fields.get(field["name"], "")) for field in request.letter_type.form_fields]


def required_documents(letter_type: LetterType) -> list[str]:
    row = RequiredDocuments.objects.filter(letter_type=letter_type).first()
    return list(row.labels) if row is not None else list(REQUIRED_DOCUMENTS)


def required_documents_by_type() -> list[tuple[LetterType, list[str]]]:
    rows = {row.letter_type_id: row.labels for row in RequiredDocuments.objects.all()}
    return [(letter_type, rows.get(letter_type.pk, list(REQUIRED_DOCUMENTS))) for letter_type in requestable_types()]
