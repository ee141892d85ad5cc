"""Ops refresh the regional rollups on demand from the console and follow the progress."""
from django.test import override_settings

from shared_apps.ops.models import PlatformAuditEntry
from shared_apps.oversight.models import RollupRun
from tests.ops.helpers import ops_client, ops_user


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_ops_refresh_all_villages_and_see_it_done(sukamaju, senggigi, django_capture_on_commit_callbacks):
    client = ops_client(ops_user("ops-support"))
    assert "Rekap wilayah" in client.get("/ops/").content.decode()  # in the console's menu
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ops/rekap-wilayah/", {"everything": "1"})
    run = RollupRun.objects.get()
    assert response["Location"] == f"/ops/rekap-wilayah/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="run-status">selesai: 2/2 desa (100%)' in page and 'http-equiv="refresh"' not in page
    assert PlatformAuditEntry.objects.filter(action="oversight.refresh", details__run=run.pk).exists()
    assert "2/2" in client.get("/ops/rekap-wilayah/").content.decode()


def test_billing_staff_cannot_refresh_and_a_missing_run_is_404(db):
    billing = ops_client(ops_user("billing"))
    assert billing.post("/ops/rekap-wilayah/", {"everything": "1"}).status_code == 403
    assert not RollupRun.objects.exists()
    assert ops_client(ops_user("ops-admin")).get("/ops/rekap-wilayah/999/").status_code == 404
