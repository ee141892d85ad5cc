from django.db import models
from django.db.models import Q


class FleetRun(models.Model):
    """One upgrade of the village fleet to ``target_version``.

    ``steps`` holds, per version a village starts from, the migrations to apply
    as rendered once for the run: ``{"<from_version>": [{"app", "name", "sql"}]}``
    where ``sql`` is None for a migration that needs Django's executor.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "berjalan"
        STOPPED = "stopped", "dihentikan"
        COMPLETED = "completed", "selesai"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    target_version = models.CharField(max_length=16)
    steps = models.JSONField(default=dict)
    canary = models.PositiveIntegerField(default=0)
    wave_size = models.PositiveIntegerField()
    workers = models.PositiveIntegerField()
    failure_threshold = models.FloatField()
    stop_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two runs never go at once: the second is refused by the database.
            models.UniqueConstraint(fields=["status"], condition=Q(status="running"), name="fleet_one_running_run"),
        ]


class FleetRunVillage(models.Model):
    """One village's part in a run. Wave 0 is the canary."""

    class State(models.TextChoices):
        PENDING = "pending", "menunggu"
        RUNNING = "running", "berjalan"
        DONE = "done", "selesai"
        FAILED = "failed", "gagal"

    run = models.ForeignKey(FleetRun, on_delete=models.CASCADE, related_name="villages")
    village = models.ForeignKey("tenants.Village", on_delete=models.CASCADE, related_name="+")
    wave = models.PositiveIntegerField()
    from_version = models.CharField(max_length=16)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "village"], name="fleet_village_once_per_run")]
        indexes = [models.Index(fields=["run", "wave", "state"], name="fleet_run_wave_state_idx")]
