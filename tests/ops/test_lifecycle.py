import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_exists

from shared_apps.ops.models import PlatformAuditEntry
from tenants.lifecycle import village_archive, village_resume, village_suspend
from tenants.models import Village
from tests.conftest import PASSWORD, host_client
from tests.ops.helpers import ops_client, ops_user


def _audit(village):
    return list(PlatformAuditEntry.objects.filter(village=village).order_by("id")
                .values_list("action", "reason", "actor_email", "details"))


def test_suspend_resume_archive_each_leave_a_reasoned_audit_row(sukamaju):
    admin = ops_user("ops-admin")
    village_suspend(sukamaju, actor=admin, reason="Tunggakan tiga bulan")
    village_resume(sukamaju, actor=admin, reason="Sudah dibayar")
    village_archive(sukamaju, actor=admin, reason="Desa dimekarkan")
    assert Village.objects.get(pk=sukamaju.pk).status == "archived"
    assert _audit(sukamaju) == [
        ("village.suspend", "Tunggakan tiga bulan", "ops-admin@balai.test", {"from": "active", "to": "suspended"}),
        ("village.resume", "Sudah dibayar", "ops-admin@balai.test", {"from": "suspended", "to": "active"}),
        ("village.archive", "Desa dimekarkan", "ops-admin@balai.test", {"from": "active", "to": "archived"}),
    ]


def test_a_reason_is_required(sukamaju):
    with pytest.raises(ValidationError) as error:
        village_suspend(sukamaju, actor=ops_user("ops-admin"), reason="   ")
    assert "Alasan wajib diisi." in error.value.message_dict["reason"]
    assert Village.objects.get(pk=sukamaju.pk).status == "active" and not _audit(sukamaju)


def test_transitions_that_make_no_sense_are_refused(sukamaju):
    admin = ops_user("ops-admin")
    with pytest.raises(ValidationError, match="tidak dapat diaktifkan kembali"):
        village_resume(sukamaju, actor=admin, reason="x")
    village_archive(sukamaju, actor=admin, reason="Bergabung")
    with pytest.raises(ValidationError, match="tidak dapat ditangguhkan"):
        village_suspend(sukamaju, actor=admin, reason="x")
    assert [row[0] for row in _audit(sukamaju)] == ["village.archive"]


def test_an_archived_village_is_no_longer_served_and_its_data_is_kept(sukamaju):
    client = host_client(sukamaju)
    assert client.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD}).status_code == 302
    village_archive(sukamaju, actor=ops_user("ops-admin"), reason="Desa dimekarkan")
    assert client.get("/").status_code == 410
    assert host_client(sukamaju).get("/masuk/").status_code == 410
    assert Village.objects.filter(pk=sukamaju.pk).exists() and schema_exists(sukamaju.schema_name)


def test_a_suspended_village_is_still_served(sukamaju):
    village_suspend(sukamaju, actor=ops_user("ops-admin"), reason="Tunggakan")
    assert host_client(sukamaju).get("/masuk/").status_code == 200


def test_the_console_asks_for_a_reason_and_records_it(sukamaju):
    admin = ops_client(ops_user("ops-admin"))
    page = admin.post("/ops/desa/sukamaju/tangguhkan/", {"reason": ""})
    assert page.status_code == 400 and "Alasan wajib diisi." in page.content.decode()
    assert Village.objects.get(pk=sukamaju.pk).status == "active"
    response = admin.post("/ops/desa/sukamaju/tangguhkan/", {"reason": "Tunggakan"}, follow=True)
    assert "Desa ditangguhkan." in response.content.decode()
    assert 'data-testid="village-status">Ditangguhkan<' in response.content.decode()
    assert _audit(sukamaju)[0][:2] == ("village.suspend", "Tunggakan")
    refused = admin.post("/ops/desa/sukamaju/tangguhkan/", {"reason": "lagi"})
    assert refused.status_code == 400 and "tidak dapat ditangguhkan" in refused.content.decode()


def test_a_village_with_a_trail_cannot_be_deleted(sukamaju):
    from django.db.models import ProtectedError

    village_suspend(sukamaju, actor=ops_user("ops-admin"), reason="Tunggakan")
    with pytest.raises(ProtectedError):
        Village.objects.get(pk=sukamaju.pk).delete()


def test_an_archived_village_stays_visible_to_ops_with_its_numbers(sukamaju):
    village_archive(sukamaju, actor=ops_user("ops-admin"), reason="Bergabung")
    support = ops_client(ops_user("ops-support"))
    page = support.get("/ops/desa/sukamaju/").content.decode()
    assert 'data-testid="village-status">Diarsipkan<' in page and 'data-testid="usage-staff">3<' in page
    assert "Mulai akses dukungan" not in page
    assert "Sukamaju" in support.get("/ops/", {"status": "archived"}).content.decode()


def test_archiving_ends_a_support_session_in_progress(sukamaju):
    import re

    support = ops_client(ops_user("ops-support"))
    handover = support.post("/ops/desa/sukamaju/dukungan/", {"role": "operator", "minutes": 30, "reason": "x"})
    ticket = re.search(r'name="ticket" value="([^"]+)"', handover.content.decode()).group(1)
    client = host_client(sukamaju)
    client.post("/dukungan/masuk/", {"ticket": ticket})
    assert client.get("/").status_code == 200
    village_archive(sukamaju, actor=ops_user("ops-admin"), reason="Bergabung")
    assert client.get("/").status_code == 410
