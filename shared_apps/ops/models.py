from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.roles import Role


class AppendOnlyError(Exception):
    """Raised when the application tries to change or remove a platform audit row."""


class PlatformAuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the platform audit log is append-only")

    def delete(self):
        raise AppendOnlyError("the platform audit log is append-only")


class PlatformAuditEntry(models.Model):
    """One sensitive act of platform staff or a regional official, kept in public.

    Append-only: the model refuses updates and deletes, and a database trigger
    (migration 0001) refuses ``UPDATE`` and ``DELETE`` on the table from any
    client, so raw SQL cannot rewrite history either. ``details`` never holds
    personal data (``platform_audit_record`` checks the obvious keys).
    The actor and village are protected: a user or village with audit rows
    cannot be deleted (villages are archived, never deleted, anyway).
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    # A snapshot, so the row reads the same if the account's email changes.
    actor_email = models.CharField(_("pelaku"), max_length=254)
    action = models.CharField(_("tindakan"), max_length=60)
    village = models.ForeignKey("tenants.Village", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    objects = PlatformAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak audit platform")
        verbose_name_plural = _("jejak audit platform")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at"], name="platform_audit_time_idx"),
            models.Index(fields=["village", "-created_at"], name="platform_audit_village_idx"),
            models.Index(fields=["actor", "-created_at"], name="platform_audit_actor_idx"),
            models.Index(fields=["action", "-created_at"], name="platform_audit_action_idx"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the platform audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the platform audit log is append-only")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action}"


class VillageActivity(models.Model):
    """When village staff last signed in to a village: the console's "last
    activity", kept in public so the village list never opens a village schema."""

    village = models.OneToOneField("tenants.Village", primary_key=True, on_delete=models.CASCADE,
                                   related_name="activity")
    last_staff_login_at = models.DateTimeField(db_index=True)


class SupportAccess(models.Model):
    """A time-boxed permission for one platform staff member to act in one
    village as one staff role ("impersonation"), granted for a reason.

    The browser reaches the village host with a signed one-time ticket
    (``shared_apps.ops.support``); ``ticket_redeemed_at`` makes it single-use.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("tenants.Village", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    reason = models.TextField(_("alasan"))
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ticket_redeemed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("akses dukungan")
        indexes = [models.Index(fields=["staff", "-started_at"], name="support_access_staff_idx")]

    def is_live(self, at=None) -> bool:
        return self.ended_at is None and (at or timezone.now()) < self.expires_at
