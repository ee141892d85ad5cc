"""Celery tasks that are tenant-safe by construction.

A task about a village is declared with ``@village_task(name=...)``, takes
``schema_name`` as a keyword argument and runs inside that village's schema.
Called without it, with ``public``, or for a schema that is no village, it
fails loudly before the task body runs. Enqueue with ``village_task_enqueue``
so the message leaves only after the surrounding transaction commits.
"""
from celery import Task, current_app, shared_task
from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from config.observability import tag_village
from tenants.backups import village_backup, village_backups_prune
from tenants.models import PUBLIC_SCHEMA, Village
from tenants.services import village_provision


class VillageTaskError(RuntimeError):
    pass


class VillageTask(Task):
    abstract = True

    def __call__(self, *args, **kwargs):
        schema_name = kwargs.get("schema_name")
        if not schema_name or schema_name == PUBLIC_SCHEMA:
            raise VillageTaskError(f"{self.name} must be called with schema_name=<a village schema>, not {schema_name!r}.")
        connection.set_schema_to_public()
        village = Village.objects.villages().filter(schema_name=schema_name).first()
        if village is None or village.status in (Village.Status.PROVISIONING, Village.Status.ARCHIVED):
            raise VillageTaskError(f"{self.name}: no village is served in schema {schema_name!r}.")
        with tenant_context(village):
            tag_village(village.code)
            return super().__call__(*args, **kwargs)


def village_task(*, name: str, **options):
    options.setdefault("time_limit", 300)
    options.setdefault("soft_time_limit", 240)
    return shared_task(base=VillageTask, name=name, **options)


def village_task_enqueue(task, *, village: Village, **kwargs) -> None:
    """Send ``task`` for ``village`` once the current transaction commits."""
    schema_name = village.schema_name
    transaction.on_commit(lambda: task.apply_async(kwargs={"schema_name": schema_name, **kwargs}))


@shared_task(name="tenants.every_village", time_limit=600, soft_time_limit=540)
def every_village(*, task_name: str) -> int:
    """Send the village task ``task_name`` once for every village in service: how
    Celery beat reaches them all. Each runs in its own village and transaction,
    so one village's failure stops no other. Returns how many were sent."""
    task = current_app.tasks[task_name]
    if not isinstance(task, VillageTask):
        raise VillageTaskError(f"{task_name} is no village task (declare it with @village_task).")
    schemas = Village.objects.villages().filter(
        status__in=[Village.Status.ACTIVE, Village.Status.SUSPENDED]).order_by("pk").values_list("schema_name", flat=True)
    sent = 0
    for schema_name in schemas.iterator():
        task.apply_async(kwargs={"schema_name": schema_name})
        sent += 1
    return sent


@village_task(name="tenants.village_backup", time_limit=1800, soft_time_limit=1700)
def backup_village(*, schema_name: str, keep: int | None = None) -> str:
    """A platform backup of one village (``tenants.backups``), for the ops console and schedules."""
    made = village_backup(village=connection.tenant)
    if keep is not None:
        village_backups_prune(village=connection.tenant, keep=keep)
    return str(made.path)


def provisioning_progress_key(code: str) -> str:
    return f"provisioning:{code}"


@shared_task(name="tenants.provision_village", time_limit=120, soft_time_limit=100)
def provision_village(*, code: str, slug: str, admin_email: str, name: str | None = None, plan: str = "trial") -> str:
    """Provision a village for an existing account (no password travels through the broker).

    Idempotent: a retry after success finds the village and returns its schema.
    Progress is kept in the cache under ``provisioning_progress_key(code)``.
    """
    connection.set_schema_to_public()
    existing = Village.objects.filter(code=code, slug=slug).first()
    if existing is not None:
        return existing.schema_name

    def progress(message: str) -> None:
        cache.set(provisioning_progress_key(code), message, timeout=3600)

    return village_provision(
        code=code, slug=slug, name=name, plan=plan, admin_email=admin_email, progress=progress
    ).schema_name
