"""The story every test tells: two villages, Sukamaju and Senggigi, each with
an operator, a kepala desa and a viewer; and an outsider who belongs nowhere
and must see nothing."""
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from shared_apps.accounts.models import User
from shared_apps.accounts.roles import Role
from shared_apps.accounts.services import staff_create
from shared_apps.billing.plans import plans_seed
from shared_apps.regions.services import SAMPLE_PATH, regions_load
from tenant_apps.population.nik import kecamatan_exists_forget
from tenants.routing import routing_forget
from tenants.selectors import village_host
from tenants.services import platform_ensure_public_tenant, village_provision
from tests.accounts.factories import UserFactory

PASSWORD = "Rahasia-Desa-2026"


@pytest.fixture(autouse=True)
def _fresh_routing_and_path():
    """Each test starts in public with empty caches (villages of earlier tests
    were rolled back)."""
    routing_forget()
    cache.clear()  # sign-in throttle counters and progress of earlier tests
    kecamatan_exists_forget()  # regions of earlier tests were rolled back
    connection.set_schema_to_public()
    yield
    routing_forget()
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _control_plane_rows(request):
    """The control plane's tenant (made by `balai migrate`) and the plans (a data
    migration) are gone after a transactional test's flush: put them back for
    every test that uses the database."""
    if "_django_db_helper" in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        plans_seed()
        platform_ensure_public_tenant()


@pytest.fixture
def regions(db):
    regions_load(path=SAMPLE_PATH)


def _village(code: str, slug: str):
    village = village_provision(code=code, slug=slug, admin_email=f"operator@{slug}.test", admin_password=PASSWORD)
    staff_create(village=village, email=f"kades@{slug}.test", password=PASSWORD, role=Role.KEPALA_DESA)
    staff_create(village=village, email=f"viewer@{slug}.test", password=PASSWORD, role=Role.VIEWER)
    return village


@pytest.fixture
def sukamaju(regions):
    return _village("52.04.02.2008", "sukamaju")


@pytest.fixture
def senggigi(regions):
    return _village("52.01.14.2006", "senggigi")


@pytest.fixture
def in_village():
    """Enter a village's schema for the rest of the test (the autouse fixture leaves it)."""

    def enter(village):
        connection.set_tenant(village)
        return User.objects.get(email=f"operator@{village.slug}.test")

    return enter


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@elsewhere.test", password=PASSWORD)


@pytest.fixture
def platform_staff(db):
    return UserFactory(email="ops@balai.test", password=PASSWORD, is_staff=True)


@pytest.fixture
def committed_villages(transactional_db):
    """Sukamaju and Senggigi committed for real, for a live server or a worker
    in another thread or process; their schemas are dropped afterwards (the
    public tables are flushed by pytest-django)."""
    regions_load(path=SAMPLE_PATH)
    villages = {"sukamaju": _village("52.04.02.2008", "sukamaju"), "senggigi": _village("52.01.14.2006", "senggigi")}
    yield villages
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for village in villages.values():
            cursor.execute(f'DROP SCHEMA IF EXISTS "{village.schema_name}" CASCADE')


@pytest.fixture
def worker(tmp_path):
    """A real Celery worker process on the folder broker, and a sender for it."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": "filesystem://",
        "BALAI_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    queue = tmp_path / "celery" / "queue"
    queue.mkdir(parents=True)
    sender = Celery("test-sender", set_as_current=False, broker="filesystem://", broker_transport_options={
        "data_folder_in": str(queue), "data_folder_out": str(queue), "control_folder": str(tmp_path / "control"),
    })
    yield SimpleNamespace(sender=sender, log=tmp_path / "worker.log", process=process)
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=20)
    log.close()


def host_client(village=None, *, host: str | None = None, **extra) -> Client:
    """A test client speaking to a village's host, the control plane, or ``host``."""
    if host is None:
        host = village_host(village) if village is not None else settings.BALAI_BASE_DOMAIN
    return Client(HTTP_HOST=host, **extra)
