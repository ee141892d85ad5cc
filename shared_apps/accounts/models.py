import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.roles import Role
from shared_apps.ops.roles import PlatformRole


class User(AbstractUser):
    """A person who signs in to Balai: village staff, ops or regional staff.

    Lives in public; what a user may do in a village is a ``VillageMembership``.
    """

    email = models.EmailField(_("email"), unique=True)
    # Set only for platform staff (shared_apps.ops.roles); they sign in to the
    # ops console with a second factor and are never village staff.
    platform_role = models.CharField(_("peran platform"), max_length=20, blank=True, choices=PlatformRole.choices)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        # Lookups are case-insensitive, so uniqueness is too.
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_any_case")]


class VillageMembership(models.Model):
    """A user's role in one village. No membership, no access to that village."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    village = models.ForeignKey("tenants.Village", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "village"], name="membership_one_per_village")]


class ApiToken(models.Model):
    """An API token bound to one village (or, with no village, to the control plane).

    Only a SHA-256 digest is stored; the token itself is shown once.
    """

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    village = models.ForeignKey("tenants.Village", null=True, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
