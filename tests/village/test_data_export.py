"""Data portability: a village's head or operator asks for an archive of all its
data and downloads it; nobody else can, and it expires."""
import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.village.exports import data_exports_forget_expired
from tenant_apps.village.models import AuditEntry, DataExport
from tenants.tasks import VillageTaskError, every_village
from tests.conftest import PASSWORD, host_client


@pytest.fixture
def villages(committed_villages, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return committed_villages


def _signed_in(village, who):
    client = host_client(village)
    client.post("/masuk/", {"username": who, "password": PASSWORD})
    return client


def _export(client, village) -> DataExport:
    response = client.post("/ekspor-data/")
    assert response.status_code == 302
    with tenant_context(village):
        return DataExport.objects.order_by("-pk").first()


def test_kepala_desa_exports_and_downloads_the_village_archive(villages):
    sukamaju = villages["sukamaju"]
    client = _signed_in(sukamaju, "kades@sukamaju.test")
    assert "Ekspor data desa" in client.get("/").content.decode()
    export = _export(client, sukamaju)
    with tenant_context(sukamaju):
        assert export.status == DataExport.Status.DONE  # the task ran on commit (eager in tests)
        assert export.expires_at - export.finished_at == datetime.timedelta(days=7)
    page = client.get("/ekspor-data/").content.decode()
    assert "Siap diunduh" in page and f"/ekspor-data/{export.pk}/unduh/" in page

    response = client.get(f"/ekspor-data/{export.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="balai-sukamaju-')
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["village"]["code"] == "52.04.02.2008"
    assert not [m for m in manifest["media"] if m["path"].startswith("exports/")]
    with tenant_context(sukamaju):
        assert set(AuditEntry.objects.filter(object_type="DataExport").values_list("action", "actor_username")) == {
            ("data_export.request", "kades@sukamaju.test"), ("data_export.download", "kades@sukamaju.test")}


def test_viewer_and_other_villages_staff_cannot_export_or_download(villages, outsider):
    sukamaju, senggigi = villages["sukamaju"], villages["senggigi"]
    export = _export(_signed_in(sukamaju, "operator@sukamaju.test"), sukamaju)
    url = f"/ekspor-data/{export.pk}/unduh/"
    viewer = _signed_in(sukamaju, "viewer@sukamaju.test")
    assert viewer.get("/ekspor-data/").status_code == 403
    assert viewer.post("/ekspor-data/").status_code == 403
    assert viewer.get(url).status_code == 403
    # Senggigi's operator, on Sukamaju's host: no membership there.
    assert _signed_in(sukamaju, "operator@senggigi.test").get(url).status_code in (302, 403)
    # On Senggigi's own host the same number is no archive of Sukamaju's.
    assert _signed_in(senggigi, "operator@senggigi.test").get(url).status_code == 404
    assert _signed_in(sukamaju, outsider.email).get(url).status_code in (302, 403)
    assert host_client(sukamaju).get(url).status_code == 302  # to sign-in


def test_expired_archive_is_gone_and_a_second_request_waits_for_the_first(villages):
    sukamaju = villages["sukamaju"]
    client = _signed_in(sukamaju, "operator@sukamaju.test")
    export = _export(client, sukamaju)
    with tenant_context(sukamaju):
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.PENDING)
    assert "masih dibuat" in client.post("/ekspor-data/", follow=True).content.decode()
    with tenant_context(sukamaju):
        assert DataExport.objects.count() == 1
        # One whose worker died long ago does not block the village forever.
        DataExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    assert "Ekspor diminta" in client.post("/ekspor-data/", follow=True).content.decode()
    with tenant_context(sukamaju):
        assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.FAILED
        DataExport.objects.exclude(pk=export.pk).delete()
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.DONE,
                                                        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/ekspor-data/{export.pk}/unduh/").status_code == 404
    with tenant_context(sukamaju):
        assert data_exports_forget_expired() == 1
        assert not default_storage.exists(export.file_name)
        assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.EXPIRED
    page = client.get("/ekspor-data/").content.decode()
    assert "Kedaluwarsa" in page


def test_the_daily_sweep_deletes_expired_archives_in_every_village(villages):
    sukamaju = villages["sukamaju"]
    export = _export(_signed_in(sukamaju, "operator@sukamaju.test"), sukamaju)
    with tenant_context(sukamaju):
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
        assert default_storage.exists(export.file_name)
    assert every_village.apply(kwargs={"task_name": "village.data_exports_forget_expired"}).get() == 2
    with tenant_context(sukamaju):
        assert not default_storage.exists(export.file_name)
        assert DataExport.objects.get(pk=export.pk).status == DataExport.Status.EXPIRED
    with pytest.raises(VillageTaskError):
        every_village.apply(kwargs={"task_name": "tenants.every_village"}).get()
