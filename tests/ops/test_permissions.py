import pytest

from shared_apps.ops.models import PlatformAuditEntry
from tenants.models import Village
from tests.conftest import host_client
from tests.ops.factories import village_row
from tests.ops.helpers import ops_client, ops_user


@pytest.fixture
def desa(db):
    return village_row(1, name="Sukamaju")


def test_support_sees_villages_and_audit_but_cannot_change_status(desa):
    support = ops_client(ops_user("ops-support"))
    assert support.get("/ops/").status_code == 200
    assert support.get("/ops/audit/").status_code == 200
    assert support.get("/ops/desa/desa1/").status_code == 200
    for action in ("arsipkan", "tangguhkan"):
        assert support.post(f"/ops/desa/desa1/{action}/", {"reason": "coba"}).status_code == 403
    assert Village.objects.get(pk=desa.pk).status == "active"
    assert not PlatformAuditEntry.objects.filter(action__startswith="village.").exists()


def test_billing_sees_only_billing(desa):
    billing = ops_client(ops_user("billing"))
    for url in ("/ops/", "/ops/audit/", "/ops/desa/desa1/", "/ops/fleet/"):
        assert billing.get(url).status_code == 403, url
    assert billing.post("/ops/desa/desa1/dukungan/", {"role": "operator", "minutes": 5, "reason": "x"}
                        ).status_code == 403
    assert billing.post("/ops/desa/desa1/tangguhkan/", {"reason": "tunggakan"}).status_code == 403


def test_admin_may_archive(desa):
    admin = ops_client(ops_user("ops-admin"))
    assert admin.post("/ops/desa/desa1/arsipkan/", {"reason": "Desa bergabung"}).status_code == 302
    assert Village.objects.get(pk=desa.pk).status == "archived"


def test_console_pages_need_a_signed_in_platform_staff(desa, outsider):
    client = host_client()
    client.force_login(outsider)
    for url in ("/ops/", "/ops/audit/", "/ops/desa/desa1/"):
        assert host_client().get(url)["Location"].startswith("/ops/masuk/")
        assert client.get(url)["Location"].startswith("/ops/masuk/")
    assert host_client().post("/ops/desa/desa1/arsipkan/", {"reason": "x"}).status_code == 302
    assert Village.objects.get(pk=desa.pk).status == "active"


def test_a_missing_village_is_a_404(db):
    assert ops_client(ops_user("ops-admin")).get("/ops/desa/tidak-ada/").status_code == 404


def test_the_village_page_offers_only_what_the_role_may_do(desa):
    support_page = ops_client(ops_user("ops-support")).get("/ops/desa/desa1/").content.decode()
    assert "Tangguhkan" not in support_page and "Arsipkan" not in support_page
    assert "Mulai akses dukungan" in support_page
    admin_page = ops_client(ops_user("ops-admin")).get("/ops/desa/desa1/").content.decode()
    assert "Tangguhkan" in admin_page and "Arsipkan" in admin_page and "Mulai akses dukungan" in admin_page
