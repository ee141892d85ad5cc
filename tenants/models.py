from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

PUBLIC_SCHEMA = "public"


class VillageQuerySet(models.QuerySet):
    def villages(self):
        """Every village, without the public tenant that serves the control plane."""
        return self.exclude(schema_name=PUBLIC_SCHEMA)


class Village(TenantMixin):
    """A desa or kelurahan: one PostgreSQL schema, identified by its Kemendagri code.

    The one row whose schema is ``public`` is not a village but the control
    plane's tenant; it alone has no code and no slug.
    """

    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Sedang disiapkan")
        ACTIVE = "active", _("Aktif")
        SUSPENDED = "suspended", _("Ditangguhkan")
        ARCHIVED = "archived", _("Diarsipkan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True, null=True)
    name = models.CharField(_("nama"), max_length=100)
    slug = models.SlugField(_("subdomain"), max_length=40, unique=True, null=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROVISIONING)
    # A plan code; the billing app owns what a plan means.
    plan = models.CharField(_("paket"), max_length=40, default="trial")
    # Fingerprint of the migrations applied in the village's schema
    # (shared_apps.fleet.versions); lets an upgrade find villages behind in one query.
    schema_version = models.CharField(max_length=16, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    # Balai creates schemas from its own template (tenants.provisioning),
    # never through django-tenants' migrate-on-save, and never drops one on delete.
    auto_create_schema = False
    auto_drop_schema = False

    objects = VillageQuerySet.as_manager()

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        constraints = [
            models.CheckConstraint(
                name="village_code_and_slug_unless_public",
                condition=Q(schema_name=PUBLIC_SCHEMA) | (Q(code__isnull=False) & Q(slug__isnull=False)),
            ),
        ]
        indexes = [models.Index(fields=["status"], name="village_status_idx")]

    def __str__(self):
        return f"{self.name} ({self.code})" if self.code else self.name

    @property
    def is_public(self) -> bool:
        return self.schema_name == PUBLIC_SCHEMA


class Domain(DomainMixin):
    """A host name that routes to a village (or to the control plane)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domain")
