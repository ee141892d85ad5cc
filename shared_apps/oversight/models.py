"""Regional oversight, all in public: officials, and the rollups they read.

Nothing here references a village table (ARCHITECTURE.md): rollups are counts
keyed by Kemendagri codes, written by ``rollup`` from inside each village.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Official(models.Model):
    """A regional government user (kecamatan, kabupaten/kota or provinsi staff).

    Scoped to exactly one region: they see that region and everything under it,
    nothing else. Not village staff: they hold no village membership and sign
    in on the control plane only.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pejabat wilayah")
        verbose_name_plural = _("pejabat wilayah")


class RollupCell(models.Model):
    """One count of one region: ``metric`` with up to three dimensions.

    Desa rows are rolled up from the village's schema; kecamatan, kabupaten/kota
    and provinsi rows are sums of their children's rows (plus
    ``villages_listed``, counted from the Kemendagri list). Values are true
    counts: suppression is applied when they are published (``publish``), never
    stored, so the rules can change without a refresh. A new figure (letters,
    complaints) is a new metric, not a new table.
    """

    region_code = models.CharField(max_length=13)
    parent_code = models.CharField(max_length=13, blank=True)
    metric = models.CharField(max_length=32)
    d1 = models.CharField(max_length=16, blank=True, default="")
    d2 = models.CharField(max_length=16, blank=True, default="")
    d3 = models.CharField(max_length=16, blank=True, default="")
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region_code", "metric", "d1", "d2", "d3"], name="rollup_cell_unique"),
        ]
        indexes = [
            models.Index(fields=["parent_code", "metric"], name="rollup_cell_parent_idx"),
            # One metric across a region's villages: a code-prefix LIKE, which needs
            # pattern ops unless the database happens to collate C.
            models.Index(fields=["metric", "region_code"], name="rollup_cell_metric_idx",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
        ]


class VillageChange(models.Model):
    """A mark that a village's population data changed since its last rollup.

    Written by population services in the same transaction as the change (one
    row per village per transaction), deleted by the refresh that rolled the
    change up. Holds no data about the change itself.
    """

    village = models.ForeignKey("tenants.Village", on_delete=models.CASCADE, related_name="+")
    xact = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "xact"], name="village_change_once_per_xact")]


class RollupState(models.Model):
    """When a village was last rolled up, and in which status (a status change
    made by ops, e.g. archiving, needs a refresh too)."""

    village = models.OneToOneField("tenants.Village", on_delete=models.CASCADE, primary_key=True, related_name="+")
    status = models.CharField(max_length=20)
    refreshed_at = models.DateTimeField()


class RollupRun(models.Model):
    """One refresh: scheduled, on demand by ops, or from the command line, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    everything = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One refresh at a time: the second would only redo the first's work.
            models.UniqueConstraint(fields=["status"], condition=Q(status="running"), name="rollup_one_running"),
        ]
