"""The signup.provision task: one transaction, once, with its outcome on the signup."""
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.billing.models import Subscription
from shared_apps.signup import services
from shared_apps.signup.models import AccessRequest, Signup
from shared_apps.signup.tasks import purge_unverified_task, signup_provision_task
from tenants.models import Village
from tenants.services import village_provision
from tenants.tasks import provisioning_progress_key
from tests.conftest import PASSWORD, host_client
from tests.signup.conftest import FREE_CODE, NEW_PASSWORD
from tests.tenants.test_worker import wait_for


def _verified_signup(**overrides) -> Signup:
    values = dict(village_code=FREE_CODE, village_name="Pusuk Lestari", slug="pusuk-lestari",
                  operator_name="Baiq Nurul Aini", email="nurul@pusuk.test", phone="+6281234567890",
                  password_hash=make_password(NEW_PASSWORD), plan_code="trial", status=Signup.Status.VERIFIED,
                  verified_at=timezone.now())
    values.update(overrides)
    return Signup.objects.create(**values)


def test_task_provisions_a_verified_signup_once(regions):
    signup = _verified_signup()
    assert signup_provision_task.apply(kwargs={"signup_id": signup.pk}).get() == "done"
    assert signup_provision_task.apply(kwargs={"signup_id": signup.pk}).get() == "done"
    assert Village.objects.filter(code=FREE_CODE).count() == 1
    assert Subscription.objects.filter(village__code=FREE_CODE).count() == 1


def test_unverified_signup_is_never_provisioned(regions):
    signup = _verified_signup(status=Signup.Status.UNVERIFIED)
    assert signup_provision_task.apply(kwargs={"signup_id": signup.pk}).get() == "unverified"
    assert not Village.objects.filter(code=FREE_CODE).exists()
    assert not User.objects.filter(email="nurul@pusuk.test").exists()


def test_a_village_taken_meanwhile_fails_the_signup_with_the_reason(regions):
    signup = _verified_signup()
    village_provision(code=FREE_CODE, slug="pusuk", admin_email="x@pusuk.test", admin_password=PASSWORD)
    assert services.signup_provision(signup_id=signup.pk).status == Signup.Status.FAILED
    signup.refresh_from_db()
    assert "sudah terdaftar di Balai" in signup.failure and signup.password_hash == ""
    assert not User.objects.filter(email="nurul@pusuk.test").exists()  # the account was rolled back too
    progress = host_client().get(f"/daftar/proses/{signup.public_id}/status.json").json()
    assert progress["state"] == "failed" and "sudah terdaftar" in progress["message"]
    page = host_client().get(f"/daftar/proses/{signup.public_id}/").content.decode()
    assert "sudah terdaftar di Balai" in page and f"/daftar/desa/{FREE_CODE}/minta-akses/" in page


def test_an_unexpected_error_leaves_nothing_and_says_so(regions, monkeypatch):
    signup = _verified_signup()

    def broken(**_kwargs):
        raise RuntimeError("billing is down")

    monkeypatch.setattr(services, "subscription_start", broken)
    with pytest.raises(RuntimeError):
        services.signup_provision(signup_id=signup.pk)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.FAILED and "Terjadi kesalahan" in signup.failure
    assert not Village.objects.filter(code=FREE_CODE).exists()
    assert not User.objects.filter(email="nurul@pusuk.test").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'desa_5201142008'")
        assert cursor.fetchone() is None


def test_progress_shows_the_step_the_provisioning_reported(regions):
    signup = _verified_signup()
    cache.set(provisioning_progress_key(FREE_CODE), "Membuat skema desa dari templat")
    answer = host_client().get(f"/daftar/proses/{signup.public_id}/status.json").json()
    assert answer == {"state": "working", "step": "Membuat skema desa dari templat", "slow": False}
    page = host_client().get(f"/daftar/proses/{signup.public_id}/").content.decode()
    assert "Membuat skema desa dari templat" in page and 'http-equiv="refresh"' in page


def test_progress_says_when_it_takes_longer_than_usual(regions):
    signup = _verified_signup(verified_at=timezone.now() - timedelta(minutes=5))
    answer = host_client().get(f"/daftar/proses/{signup.public_id}/status.json").json()
    assert answer == {"state": "working", "step": "Menunggu giliran", "slow": True}
    page = host_client().get(f"/daftar/proses/{signup.public_id}/").content.decode()
    assert 'data-testid="progress-slow">' in page and "lebih lama dari biasanya" in page


def test_progress_of_an_unverified_or_unknown_signup_is_not_shown(regions):
    signup = _verified_signup(status=Signup.Status.UNVERIFIED)
    assert host_client().get(f"/daftar/proses/{signup.public_id}/status.json").status_code == 404
    assert host_client().get("/daftar/proses/6f1c1f7e-1111-4111-8111-111111111111/").status_code == 404


def test_purge_deletes_only_old_unverified_rows(sukamaju):
    old = timezone.now() - timedelta(days=30)
    stale = _verified_signup(status=Signup.Status.UNVERIFIED)
    fresh = _verified_signup(status=Signup.Status.UNVERIFIED, email="baru@pusuk.test")
    verified = _verified_signup(email="lain@pusuk.test")
    request = AccessRequest.objects.create(village=sukamaju, name="A", email="a@x.test", phone="+62812345678")
    Signup.objects.filter(pk__in=[stale.pk, verified.pk]).update(created_at=old)
    AccessRequest.objects.filter(pk=request.pk).update(created_at=old)
    assert purge_unverified_task.apply().get() == 2
    assert set(Signup.objects.values_list("pk", flat=True)) == {fresh.pk, verified.pk}
    assert not AccessRequest.objects.exists()


def test_a_real_worker_provisions_a_signup_from_the_queue(transactional_db, worker):
    from shared_apps.regions.services import SAMPLE_PATH, regions_load

    regions_load(path=SAMPLE_PATH)
    signup = _verified_signup()
    try:
        worker.sender.send_task("signup.provision", kwargs={"signup_id": signup.pk})

        def done():
            signup.refresh_from_db()
            return signup.status != Signup.Status.VERIFIED

        assert wait_for(done, seconds=60), worker.log.read_text()
        assert signup.status == Signup.Status.DONE, signup.failure
        assert User.objects.get(email="nurul@pusuk.test").check_password(NEW_PASSWORD)
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA IF EXISTS "desa_5201142008" CASCADE')
