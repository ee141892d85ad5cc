"""Signups and access requests waiting in the control plane (public schema).

Both keep what the person typed until it is used, with the password only as
a hash; the hash is cleared once an account exists (or the request is decided).
"""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.roles import Role


class Signup(models.Model):
    """A village being signed up online: nothing is provisioned before the email is verified."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Menunggu verifikasi email")
        VERIFIED = "verified", _("Sedang disiapkan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    # What the verification link and the progress page carry; never the row id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village_code = models.CharField(_("kode desa"), max_length=13)
    village_name = models.CharField(_("nama desa"), max_length=120)
    slug = models.CharField(_("subdomain"), max_length=40)
    operator_name = models.CharField(_("nama operator"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telepon"), max_length=20)
    # Empty when the email already had an account: that account is used.
    password_hash = models.CharField(max_length=128, blank=True)
    plan_code = models.CharField(_("paket"), max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    failure = models.TextField(blank=True)
    village = models.ForeignKey("tenants.Village", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        indexes = [models.Index(fields=["status", "created_at"], name="signup_status_created_idx")]


class AccessRequest(models.Model):
    """Someone asking to join a village that is already on Balai; its operators decide."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Menunggu verifikasi email")
        PENDING = "pending", _("Menunggu keputusan operator")
        APPROVED = "approved", _("Disetujui")
        DECLINED = "declined", _("Ditolak")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    village = models.ForeignKey("tenants.Village", on_delete=models.CASCADE, related_name="access_requests")
    name = models.CharField(_("nama"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("telepon"), max_length=20)
    message = models.TextField(_("pesan untuk operator"), blank=True)
    password_hash = models.CharField(max_length=128, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan akses")
        verbose_name_plural = _("permintaan akses")
        indexes = [models.Index(fields=["village", "status"], name="access_request_village_idx"),
                   models.Index(fields=["status", "created_at"], name="access_request_status_idx")]
