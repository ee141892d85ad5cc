"""Writes of complaints; staff actions are audited in the same transaction."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.complaints.models import Complaint, ComplaintReply
from tenant_apps.letters.services import verification_code_new
from tenant_apps.selfservice.uploads import IMAGES, upload_read
from tenant_apps.village.audit import audit_record

MAX_TEXT = 4000


@transaction.atomic
def complaint_submit(*, name: str, contact: str, text: str, photo=None) -> Complaint:
    """A complaint from the public form; its code is how the complainant follows it."""
    name, contact, text = name.strip(), contact.strip(), text.strip()
    errors = {}
    if not name:
        errors["name"] = [_("Isi nama Anda.")]
    if not contact:
        errors["contact"] = [_("Isi nomor telepon atau email, supaya desa dapat menghubungi Anda.")]
    if len(text) < 10:
        errors["text"] = [_("Tuliskan pengaduan Anda (paling sedikit 10 huruf).")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Pengaduan terlalu panjang (maks. %(count)s huruf).") % {"count": MAX_TEXT}]
    content = content_type = None
    if photo is not None:
        try:
            content, content_type, _extension = upload_read(photo, field="photo", allowed=IMAGES)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    complaint = Complaint.objects.create(code=verification_code_new(), name=name[:100], contact=contact[:100],
                                         text=text, photo=content, photo_type=content_type or "")
    rollup_mark_changed()  # complaints per month: regional rollups pick the village up on their next run
    return complaint


@transaction.atomic
def complaint_reply(*, actor, complaint: Complaint, text: str, status: str) -> ComplaintReply:
    """A staff reply the complainant reads, moving the complaint to ``status``."""
    if not text.strip():
        raise ValidationError({"text": [_("Tulis tanggapan untuk pelapor.")]})
    if status not in Complaint.Status.values:
        raise ValidationError({"status": [_("Status tidak dikenal.")]})
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    before, locked.status = locked.status, status
    locked.save(update_fields=["status", "updated_at"])
    reply = ComplaintReply.objects.create(complaint=locked, text=text.strip(), status=status,
                                          author_username=actor.get_username())
    audit_record(actor=actor, action="complaint.reply", obj=locked, changes={"from": before, "to": status})
    rollup_mark_changed()  # resolution times
    return reply
