"""Writes of residents' letter requests. Each step is a state-guarded change
of one request, recorded as a RequestEvent and audited in the same transaction;
letters themselves are issued by the letters core (``letter_issue``)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.letters.services import letter_issue, letter_revoke, letter_verify
from tenant_apps.population.models import Resident
from tenant_apps.selfservice.models import LetterRequest, RequestDocument, RequestEvent, RequiredDocuments
from tenant_apps.selfservice.pins import ResidentActor
from tenant_apps.selfservice.selectors import required_documents
from tenant_apps.selfservice.uploads import upload_read
from tenant_apps.village.audit import audit_record

Status = LetterRequest.Status
MAX_DOCUMENTS = 8
MAX_REQUIRED = 5
OPEN = (Status.INCOMPLETE, Status.CHECKING)
RESIDENT = "warga"


@transaction.atomic
def required_documents_save(*, actor, letter_type: LetterType, labels: list[str]) -> RequiredDocuments:
    """The documents residents upload with a request of ``letter_type`` (none is allowed)."""
    cleaned = []
    for label in labels:
        label = " ".join(label.split())
        if len(label) > 60:
            raise ValidationError({"labels": [_("Nama dokumen terlalu panjang (maks. 60 huruf): %(label)s")
                                              % {"label": label[:60]}]})
        if label and label.casefold() not in {known.casefold() for known in cleaned}:
            cleaned.append(label)
    if len(cleaned) > MAX_REQUIRED:
        raise ValidationError({"labels": [_("Paling banyak %(count)s dokumen wajib.") % {"count": MAX_REQUIRED}]})
    row, _created = RequiredDocuments.objects.update_or_create(letter_type=letter_type, defaults={"labels": cleaned})
    audit_record(actor=actor, action="letter_request.required_documents", obj=row,
                 changes={"letter_type": letter_type.code, "labels": cleaned})
    return row


def _step(actor, request: LetterRequest, status: str, *, note: str = "", by: str, expected) -> LetterRequest:
    """Move ``request`` from one of ``expected`` to ``status``, or refuse."""
    locked = LetterRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status not in expected:
        raise ValidationError({"status": [_("Permohonan ini sedang berstatus “%(status)s”; langkah ini tidak bisa "
                                            "dilakukan.") % {"status": locked.get_status_display()}]})
    before = locked.status
    locked.status = status
    if note and by != RESIDENT:  # the office's note is what the resident is shown; theirs stays in the events
        locked.note = note
    locked.save()
    RequestEvent.objects.create(request=locked, status=status, note=note, by=by)
    audit_record(actor=actor, action="letter_request.status", obj=locked,
                 changes={"from": before, "to": status}, reason=note)
    rollup_mark_changed()  # request turnaround: regional rollups pick the village up on their next run
    return locked


def _documents_add(request: LetterRequest, documents: list[tuple[str, object]]) -> None:
    if request.documents.count() + len(documents) > MAX_DOCUMENTS:
        raise ValidationError({"documents": [_("Paling banyak %(count)s dokumen per permohonan.")
                                             % {"count": MAX_DOCUMENTS}]})
    for label, file in documents:
        content, content_type, extension = upload_read(file, field="documents")
        RequestDocument.objects.create(request=request, label=label[:80], filename=f"{label[:40]}.{extension}",
                                       content_type=content_type, size=len(content), content=content)


@transaction.atomic
def letter_request_submit(*, resident: Resident, letter_type: LetterType, fields: dict,
                          documents: list[tuple[str, object]]) -> LetterRequest:
    """A resident asks for a letter; it waits in the office's queue."""
    if not letter_type.active or not letter_type.needs_resident:
        raise ValidationError({"letter_type": [_("Surat ini tidak dapat dimohon lewat layanan mandiri.")]})
    given = {label for label, _file in documents}
    missing = [label for label in required_documents(letter_type) if label not in given]
    if missing:
        raise ValidationError({"documents": [_("Unggah dokumen: %(names)s.") % {"names": ", ".join(missing)}]})
    request = LetterRequest.objects.create(resident=resident, letter_type=letter_type, fields=fields,
                                           status=Status.CHECKING)
    _documents_add(request, documents)
    RequestEvent.objects.create(request=request, status=Status.CHECKING, by=RESIDENT)
    audit_record(actor=ResidentActor(resident.pk), action="letter_request.submit", obj=request,
                 changes={"letter_type": letter_type.code})
    rollup_mark_changed()  # requests received per month
    return request


@transaction.atomic
def letter_request_complete(*, resident: Resident, request: LetterRequest, note: str,
                            documents: list[tuple[str, object]]) -> LetterRequest:
    """The resident adds what the office asked for and sends the request back to be checked."""
    if not documents and not note.strip():
        raise ValidationError({"documents": [_("Unggah dokumen yang diminta atau tulis keterangan.")]})
    _documents_add(request, documents)
    return _step(ResidentActor(resident.pk), request, Status.CHECKING, note=note.strip(), by=RESIDENT,
                 expected=[Status.INCOMPLETE])


@transaction.atomic
def letter_request_cancel_by_resident(*, resident: Resident, request: LetterRequest) -> LetterRequest:
    return _step(ResidentActor(resident.pk), request, Status.CANCELLED, by=RESIDENT, expected=OPEN)


@transaction.atomic
def letter_request_mark_incomplete(*, actor, request: LetterRequest, note: str) -> LetterRequest:
    if not note.strip():
        raise ValidationError({"note": [_("Tuliskan apa yang kurang, supaya warga bisa melengkapinya.")]})
    return _step(actor, request, Status.INCOMPLETE, note=note.strip(), by=actor.get_username(),
                 expected=[Status.CHECKING])


@transaction.atomic
def letter_request_issue(*, actor, role: str, request: LetterRequest, official: Official) -> LetterRequest:
    """Issue the requested letter through the letters core: ready at once, or
    waiting for the kepala desa/sekretaris when the village checks letters."""
    locked = LetterRequest.objects.select_for_update().select_related("resident", "letter_type").get(pk=request.pk)
    if locked.status != Status.CHECKING:
        raise ValidationError({"status": [_("Hanya permohonan yang sedang diperiksa yang dapat diterbitkan.")]})
    locked.letter = letter_issue(actor=actor, role=role, letter_type=locked.letter_type, official=official,
                                 fields=locked.fields, resident=locked.resident)
    locked.save(update_fields=["letter"])
    ready = locked.letter.status == Letter.Status.ISSUED
    return _step(actor, locked, Status.READY if ready else Status.AWAITING_SIGNATURE, by=actor.get_username(),
                 expected=[Status.CHECKING])


@transaction.atomic
def letter_request_sign(*, actor, role: str, request: LetterRequest) -> LetterRequest:
    """The kepala desa/sekretaris approves the waiting letter; the request is ready.
    A letter already approved on the letters page only moves the request on."""
    locked = LetterRequest.objects.select_for_update(of=("self",)).select_related("letter").get(pk=request.pk)
    if locked.status != Status.AWAITING_SIGNATURE:
        raise ValidationError({"status": [_("Permohonan ini tidak sedang menunggu tanda tangan.")]})
    if locked.letter.status == Letter.Status.REVOKED:
        raise ValidationError({"status": [_("Surat untuk permohonan ini sudah dicabut; batalkan permohonannya.")]})
    if locked.letter.status == Letter.Status.AWAITING_VERIFICATION:
        letter_verify(actor=actor, role=role, letter=locked.letter)
    return _step(actor, locked, Status.READY, by=actor.get_username(), expected=[Status.AWAITING_SIGNATURE])


@transaction.atomic
def letter_request_picked_up(*, actor, request: LetterRequest) -> LetterRequest:
    return _step(actor, request, Status.PICKED_UP, by=actor.get_username(), expected=[Status.READY])


@transaction.atomic
def letter_request_cancel(*, actor, request: LetterRequest, note: str) -> LetterRequest:
    """The office turns a request down; a letter waiting for signature is withdrawn with it."""
    if not note.strip():
        raise ValidationError({"note": [_("Tuliskan alasan pembatalan untuk warga.")]})
    locked = LetterRequest.objects.select_for_update(of=("self",)).select_related("letter").get(pk=request.pk)
    if locked.status == Status.AWAITING_SIGNATURE and locked.letter is not None:
        letter_revoke(actor=actor, letter=locked.letter, reason=note)
    return _step(actor, locked, Status.CANCELLED, note=note.strip(), by=actor.get_username(),
                 expected=[*OPEN, Status.AWAITING_SIGNATURE])

