"""Residents' letter requests and complaints: received and done per month and the
average time to done, rolled up, summed up the regions, published suppressed."""
import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.oversight.models import VillageChange
from shared_apps.oversight.publish import SUPPRESSED
from shared_apps.oversight.refresh import rollup_refresh
from tenant_apps.complaints.models import Complaint, ComplaintReply
from tenant_apps.complaints.services import complaint_reply, complaint_submit
from tenant_apps.letters.models import LetterType
from tenant_apps.selfservice.models import LetterRequest, RequestEvent
from tenant_apps.selfservice.services import letter_request_cancel
from tests.oversight.conftest import residents_add, signed_in, with_token
from tests.oversight.test_rollup import cells, operator_of

Status = LetterRequest.Status
HOUR = datetime.timedelta(hours=1)


def _month_start(months_ago: int) -> datetime.datetime:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months_ago
    return datetime.datetime(index // 12, index % 12 + 1, 1, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


# Two months back, day 11 at 10:00 local time: in the 12 months shown, whatever today is.
DONE_AT = _month_start(2) + datetime.timedelta(days=10, hours=10)
MONTH = DONE_AT.strftime("%Y-%m")


def requests_add(village, hours: list[float], *, status: str = Status.PICKED_UP) -> None:
    """Requests received ``hours`` before DONE_AT, ready at DONE_AT (unless still open or cancelled)."""
    resident = residents_add(village, 1)[0]
    with tenant_context(village):
        letter_type = LetterType.objects.get(code="S-01")
        for taken in hours:
            request = LetterRequest.objects.create(resident=resident, letter_type=letter_type, status=status)
            LetterRequest.objects.filter(pk=request.pk).update(created_at=DONE_AT - taken * HOUR)
            steps = [Status.CHECKING, Status.READY, Status.PICKED_UP] if status == Status.PICKED_UP else [status]
            for offset, step in enumerate(steps):  # ready at DONE_AT, picked up a day later
                event = RequestEvent.objects.create(request=request, status=step, by="test")
                at = DONE_AT - taken * HOUR if step == Status.CHECKING else DONE_AT + (offset - 1) * 24 * HOUR
                RequestEvent.objects.filter(pk=event.pk).update(at=at)
    connection.set_schema_to_public()


def complaint_add(village, received: datetime.datetime, replies: list[tuple[str, datetime.datetime]]) -> None:
    with tenant_context(village):
        complaint = Complaint.objects.create(code=f"C-{Complaint.objects.count()}", name="Pelapor Rahasia",
                                             contact="0812", text="Jalan rusak di dusun", status=Complaint.Status.WAITING)
        Complaint.objects.filter(pk=complaint.pk).update(created_at=received,
                                                        status=replies[-1][0] if replies else Complaint.Status.WAITING)
        for status, at in replies:
            reply = ComplaintReply.objects.create(complaint=complaint, text="Ditindaklanjuti", status=status,
                                                  author_username="operator")
            ComplaintReply.objects.filter(pk=reply.pk).update(created_at=at)
    connection.set_schema_to_public()


@pytest.fixture
def served(populated):
    """Senggigi: 6 requests ready after 2 … 12 hours (7 h on average), one cancelled, one still
    being checked; 5 complaints resolved (one reopened and closed a day later), one waiting.
    Sukamaju: 2 requests ready after 2 and 4 hours, nothing else."""
    senggigi, sukamaju = populated["senggigi"], populated["sukamaju"]
    requests_add(senggigi, [2, 4, 6, 8, 10, 12])
    requests_add(senggigi, [1], status=Status.CANCELLED)
    requests_add(senggigi, [1], status=Status.CHECKING)
    requests_add(sukamaju, [2, 4])
    received = DONE_AT - 48 * HOUR
    for _ in range(4):
        complaint_add(senggigi, received, [(Complaint.Status.IN_PROGRESS, received + HOUR),
                                           (Complaint.Status.DONE, DONE_AT)])
    complaint_add(senggigi, received, [(Complaint.Status.DONE, DONE_AT - 24 * HOUR),
                                       (Complaint.Status.IN_PROGRESS, DONE_AT - 12 * HOUR),
                                       (Complaint.Status.DONE, DONE_AT + 24 * HOUR)])
    complaint_add(senggigi, received, [])
    rollup_refresh(everything=True)
    return populated


def test_requests_and_complaints_are_rolled_up_per_month(served):
    assert cells("52.01.14.2006", "requests") == {
        (MONTH, "received", ""): 8, (MONTH, "done", ""): 6, (MONTH, "done_minutes", ""): 42 * 60}
    assert cells("52", "requests") == {
        (MONTH, "received", ""): 10, (MONTH, "done", ""): 8, (MONTH, "done_minutes", ""): 48 * 60}
    # The reopened complaint counts from its last closing: 4 × 48 h + 72 h.
    assert cells("52.01", "complaints") == {
        (MONTH, "received", ""): 6, (MONTH, "done", ""): 5, (MONTH, "done_minutes", ""): (4 * 48 + 72) * 60}
    assert cells("52.04", "complaints") == {}


def test_averages_are_published_only_over_five_or_more(served, lombok_barat_official, sumbawa_official):
    summary = with_token(lombok_barat_official).get("/api/v1/oversight/regions/52.01/").json()
    month = next(row for row in summary["requests"]["months"] if row["month"] == MONTH)
    assert month == {"month": MONTH, "received": 10, "done": 5, "average_hours": 7.0, "average_days": 0.3}
    assert summary["requests"]["total"]["average_hours"] == 7.0
    complaints = next(row for row in summary["complaints"]["months"] if row["month"] == MONTH)
    assert complaints == {"month": MONTH, "received": 5, "done": 5, "average_hours": 52.8, "average_days": 2.2}
    quiet = next(row for row in summary["requests"]["months"] if row["month"] != MONTH)
    assert quiet["received"] == SUPPRESSED and quiet["average_hours"] is None

    small = with_token(sumbawa_official).get("/api/v1/oversight/regions/52.04/").json()["requests"]
    month = next(row for row in small["months"] if row["month"] == MONTH)
    assert month == {"month": MONTH, "received": SUPPRESSED, "done": SUPPRESSED, "average_hours": None,
                     "average_days": None}  # two requests: their 3 h average would describe two people


def test_official_sees_service_times_of_their_region_only(served, sumbawa_official):
    client = with_token(sumbawa_official)
    assert client.get("/api/v1/oversight/regions/52.01/").status_code == 404
    page = signed_in(sumbawa_official).get("/wilayah/52.04/").content.decode()
    assert 'data-testid="table-requests"' in page and 'data-testid="table-complaints"' in page
    own = client.get("/api/v1/oversight/regions/52.04/").json()
    assert not [month for month in own["complaints"]["months"] if month["received"] != SUPPRESSED]  # none filed
    assert not [month for month in own["requests"]["months"] if month["average_hours"] is not None]


def test_service_tables_are_in_the_page_and_exports(served, lombok_barat_official):
    client = signed_in(lombok_barat_official)
    page = client.get("/wilayah/52.01/").content.decode()
    assert 'data-testid="requests-chart"' in page and 'data-testid="complaints-chart"' in page
    csv_text = client.get("/wilayah/52.01/ekspor.csv").content.decode("utf-8-sig")
    assert f"{MONTH},10,5,7.0,0.3" in csv_text and f"{MONTH},5,5,52.8,2.2" in csv_text


def test_request_and_complaint_services_mark_the_village_changed(served):
    senggigi = served["senggigi"]
    with tenant_context(senggigi):
        request = LetterRequest.objects.filter(status=Status.CHECKING).get()
        letter_request_cancel(actor=operator_of(senggigi), request=request, note="Data tidak lengkap")
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=senggigi).count() == 1
    rollup_refresh()
    assert not VillageChange.objects.exists()

    with tenant_context(senggigi):
        complaint = complaint_submit(name="Pelapor", contact="0812", text="Lampu jalan mati sejak kemarin")
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=senggigi).count() == 1
    rollup_refresh()
    with tenant_context(senggigi):
        complaint_reply(actor=operator_of(senggigi), complaint=complaint, text="Sudah diperbaiki",
                        status=Complaint.Status.DONE)
    connection.set_schema_to_public()
    assert VillageChange.objects.filter(village=senggigi).count() == 1
    rollup_refresh()
    this_month = timezone.localdate().strftime("%Y-%m")
    assert cells("52.01.14.2006", "complaints")[(this_month, "done", "")] == 1
