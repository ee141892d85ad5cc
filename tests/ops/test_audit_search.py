import re
from datetime import timedelta

from django.utils import timezone

from shared_apps.ops.audit import platform_audit_record
from shared_apps.ops.models import PlatformAuditEntry
from tests.ops.factories import village_row
from tests.ops.helpers import ops_client, ops_user


def _rows(client, **query):
    page = client.get("/ops/audit/", query)
    assert page.status_code == 200
    rows = page.content.decode().split('data-testid="audit-row">')[1:]
    return [re.search(r"<code>([^<]+)</code>", row).group(1) + "@" + re.search(r"</td><td>([^<]+)</td>", row).group(1)
            for row in rows]


def test_search_by_actor_action_village_and_dates(db):
    admin, support = ops_user("ops-admin"), ops_user("ops-support")
    a, b = village_row(1, name="Sukamaju"), village_row(2, name="Senggigi")
    platform_audit_record(admin, "village.suspend", village=a, reason="Tunggakan")
    platform_audit_record(support, "support.start", village=b, reason="Tiket 7")
    # An older row, inserted as such (the log cannot be back-dated by UPDATE).
    PlatformAuditEntry.objects.create(actor=admin, actor_email=admin.email, action="village.archive", village=b,
                                      reason="Bergabung", created_at=timezone.now() - timedelta(days=40))
    console = ops_client(support)
    assert len(_rows(console)) == 5  # the three above and the two staff.create rows
    assert _rows(console, actor="ops-support") == ["support.start@ops-support@balai.test"]
    assert _rows(console, action="village.") == ["village.suspend@ops-admin@balai.test",
                                                "village.archive@ops-admin@balai.test"]
    assert _rows(console, village="desa2") == ["support.start@ops-support@balai.test",
                                              "village.archive@ops-admin@balai.test"]
    assert _rows(console, village="Senggigi", action="village") == ["village.archive@ops-admin@balai.test"]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "village.archive@ops-admin@balai.test" not in _rows(console, since=since)
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert _rows(console, until=until) == ["village.archive@ops-admin@balai.test"]
    assert PlatformAuditEntry.objects.count() == 5


def test_a_reversed_date_range_is_explained(db):
    page = ops_client(ops_user("ops-admin")).get("/ops/audit/", {"since": "2026-02-01", "until": "2026-01-01"})
    assert "Tanggal awal harus sebelum tanggal akhir." in page.content.decode()


def test_details_are_shown(db):
    admin = ops_user("ops-admin")
    platform_audit_record(admin, "support.start", details={"role": "operator", "minutes": 15})
    page = ops_client(admin).get("/ops/audit/", {"action": "support"}).content.decode()
    assert "role=operator, minutes=15" in page


def test_a_huge_log_is_counted_up_to_a_cap(db, monkeypatch):
    from shared_apps.ops import views

    monkeypatch.setattr(views, "AUDIT_COUNT_CAP", 3)
    admin = ops_user("ops-admin")
    for _ in range(4):
        platform_audit_record(admin, "village.export")
    page = ops_client(admin).get("/ops/audit/").content.decode()
    assert "Lebih dari 3 jejak; persempit pencarian." in page
    assert page.count('data-testid="audit-row"') == 4  # the page itself is not cut
