from django.db import models
from django.utils.translation import gettext_lazy as _


class VillageProfile(models.Model):
    """The village's own record of itself (one row per village schema).

    Names of the village and its regions are snapshots taken from public at
    provisioning: a village schema never references public rows by foreign key.
    """

    code = models.CharField(_("kode Kemendagri"), max_length=13)
    name = models.CharField(_("nama desa"), max_length=100)
    kecamatan = models.CharField(_("kecamatan"), max_length=120)
    kabupaten = models.CharField(_("kabupaten/kota"), max_length=120)
    provinsi = models.CharField(_("provinsi"), max_length=120)
    office_address = models.CharField(_("alamat kantor desa"), max_length=255, blank=True)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email desa"), blank=True)
    # Last temporary NIK number handed out (population.nik.temporary_niks_next).
    temporary_nik_counter = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil desa")
        constraints = [models.UniqueConstraint(fields=["code"], name="village_profile_single")]

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """Who changed what in this village, and when. Written by services in the
    same transaction as the change; never updated or deleted by the application.

    The actor is a public user referred to by id, with a snapshot of the name
    (a village schema holds no foreign key to public tables).
    """

    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=254)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField(null=True)
    changes = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]


class DataExport(models.Model):
    """One archive of the village's complete data (``tenants.archive``), asked for
    by its staff: data portability. The file lives in the village's own storage
    until ``expires_at``; only staff with ``village.export`` can download it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Siap diunduh")
        FAILED = "failed", _("Gagal")
        EXPIRED = "expired", _("Kedaluwarsa")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by_id = models.BigIntegerField(null=True)
    requested_by_username = models.CharField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True)
    # Path in the village's storage; emptied when the file is deleted.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField(null=True)
    error = models.TextField(blank=True)
