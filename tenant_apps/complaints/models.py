"""Complaints (pengaduan) from the village's public site, answered by staff.
The complainant follows theirs by an unguessable code."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Complaint(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        IN_PROGRESS = "progress", _("Diproses")
        DONE = "done", _("Selesai")

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    contact = models.CharField(_("kontak (telepon/email)"), max_length=100)
    text = models.TextField(_("isi pengaduan"))
    photo = models.BinaryField(null=True, editable=False)
    photo_type = models.CharField(max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="complaint_status_idx")]


class ComplaintReply(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("tanggapan"))
    status = models.CharField(max_length=10, choices=Complaint.Status.choices)
    author_username = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
