"""Resident self-service (layanan mandiri): residents sign in with NIK + PIN,
request letters with their documents and follow them until picked up."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResidentAccount(models.Model):
    """A resident's PIN. The resident is the identity; there is no public User."""

    resident = models.OneToOneField("population.Resident", on_delete=models.CASCADE, related_name="account")
    # Django's password hashers (make_password), never a bare digest.
    pin_hash = models.CharField(max_length=256)
    # Set by an operator (shown once) until the resident picks their own.
    pin_set_by_staff = models.BooleanField(default=True)
    pin_set_at = models.DateTimeField()
    last_sign_in_at = models.DateTimeField(null=True)


class LetterRequest(models.Model):
    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", _("Belum lengkap")
        CHECKING = "checking", _("Sedang diperiksa")
        AWAITING_SIGNATURE = "signature", _("Menunggu tanda tangan")
        READY = "ready", _("Siap diambil")
        PICKED_UP = "picked_up", _("Sudah diambil")
        CANCELLED = "cancelled", _("Dibatalkan")

    resident = models.ForeignKey("population.Resident", on_delete=models.PROTECT, related_name="letter_requests")
    letter_type = models.ForeignKey("letters.LetterType", on_delete=models.PROTECT, related_name="requests")
    fields = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    # The latest note from the office, shown to the resident.
    note = models.TextField(_("catatan"), blank=True)
    letter = models.OneToOneField("letters.Letter", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="request")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="letter_request_queue_idx")]

    def __str__(self):
        return f"{self.letter_type.code} #{self.pk}"


class RequestEvent(models.Model):
    """One step of a request, as the resident and the office see it."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=LetterRequest.Status.choices)
    note = models.TextField(blank=True)
    # "Warga" for the resident; a staff member's username otherwise.
    by = models.CharField(max_length=254)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class RequestDocument(models.Model):
    """A supporting document, kept in the village's schema and served only to
    its resident and the village's staff."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="documents")
    label = models.CharField(_("dokumen"), max_length=80)
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class RequiredDocuments(models.Model):
    """What residents must upload with a request for one letter type (labels)."""

    letter_type = models.OneToOneField("letters.LetterType", on_delete=models.CASCADE, related_name="required_documents")
    labels = models.JSONField(default=list)
