from django.db import connection

from tenant_apps.letters.models import Letter
from tenant_apps.selfservice.models import LetterRequest
from tests.conftest import PASSWORD, host_client
from tests.selfservice.test_requests import _submitted


def _api(village, who="operator"):
    client = host_client(village)
    token = client.post("/api/v1/auth/token/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def test_staff_list_read_and_move_requests_with_a_token(senggigi, portal):
    story = portal(senggigi)
    item = _submitted(senggigi, story)
    api = _api(senggigi)
    listed = api.get("/api/v1/letter-requests/?status=checking").json()
    assert [row["id"] for row in listed["results"]] == [item.pk]
    one = api.get(f"/api/v1/letter-requests/{item.pk}/").json()
    assert one["letter_type"] == "S-04" and [doc["label"] for doc in one["documents"]] == ["KTP", "Kartu Keluarga"]
    assert "content" not in one["documents"][0]

    no_note = api.patch(f"/api/v1/letter-requests/{item.pk}/", {"status": "incomplete"}, content_type="application/json")
    assert no_note.status_code == 400 and "note" in no_note.json()
    skipped = api.patch(f"/api/v1/letter-requests/{item.pk}/", {"status": "picked_up"}, content_type="application/json")
    assert skipped.status_code == 400
    issued = api.patch(f"/api/v1/letter-requests/{item.pk}/", {"status": "ready"}, content_type="application/json")
    assert issued.status_code == 200 and issued.json()["status"] == "ready"
    connection.set_tenant(senggigi)
    assert Letter.objects.get().pk == issued.json()["letter"]


def test_viewer_reads_but_may_not_update_and_other_villages_get_404(senggigi, sukamaju, portal):
    story = portal(senggigi)
    item = _submitted(senggigi, story)
    viewer = _api(senggigi, "viewer")
    assert viewer.get(f"/api/v1/letter-requests/{item.pk}/").status_code == 200
    assert viewer.patch(f"/api/v1/letter-requests/{item.pk}/", {"status": "cancelled", "note": "x"},
                        content_type="application/json").status_code == 403
    other = _api(sukamaju)
    assert other.get(f"/api/v1/letter-requests/{item.pk}/").status_code == 404
    assert other.get("/api/v1/letter-requests/").json()["results"] == []
    assert other.patch(f"/api/v1/letter-requests/{item.pk}/", {"status": "cancelled", "note": "x"},
                       content_type="application/json").status_code == 404
    connection.set_tenant(senggigi)
    assert LetterRequest.objects.get().status == LetterRequest.Status.CHECKING
