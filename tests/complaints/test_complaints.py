from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tenant_apps.complaints.models import Complaint
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FORM = {"name": "Wayan", "contact": "0812345678", "text": "Lampu jalan di RT 02 mati sejak seminggu."}


def _staff(village, who="operator"):
    client = host_client(village)
    client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD})
    return client


def _api(village, who="operator"):
    client = host_client(village)
    token = client.post("/api/v1/auth/token/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def _complain(village, **extra):
    response = host_client(village).post("/pengaduan/", {**FORM, **extra})
    assert response.status_code == 302, response.content.decode()[:1500]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_complainant_follows_the_reply_by_code(senggigi):
    code = _complain(senggigi, photo=SimpleUploadedFile("lampu.png", PNG, content_type="image/png"))
    public = host_client(senggigi)
    page = public.get(f"/pengaduan/status/{code}/").content.decode()
    assert "Menunggu" in page and "Lampu jalan" in page and "0812345678" not in page
    connection.set_tenant(senggigi)
    complaint = Complaint.objects.get()
    connection.set_schema_to_public()
    staff = _staff(senggigi)
    assert "Wayan" in staff.get("/pengaduan/kelola/").content.decode()
    assert staff.get(f"/pengaduan/kelola/{complaint.pk}/foto/").content == PNG
    staff.post(f"/pengaduan/kelola/{complaint.pk}/", {"text": "Sudah kami laporkan ke PLN.", "status": "progress"})
    page = public.get(f"/pengaduan/status/{code.lower()}/").content.decode()
    assert "Diproses" in page and "Sudah kami laporkan ke PLN." in page
    connection.set_tenant(senggigi)
    assert AuditEntry.objects.filter(action="complaint.reply", object_id=complaint.pk).count() == 1


def test_code_of_one_village_shows_nothing_on_another(senggigi, sukamaju):
    code = _complain(senggigi)
    other = host_client(sukamaju).get(f"/pengaduan/status/{code}/")
    assert other.status_code == 404 and "Lampu jalan" not in other.content.decode()
    assert _staff(sukamaju).get("/pengaduan/kelola/").content.decode().count("Wayan") == 0


def test_spam_and_bad_input_are_refused_with_a_message(senggigi):
    client = host_client(senggigi)
    bot = client.post("/pengaduan/", {**FORM, "website": "http://spam.example"})
    assert bot.status_code == 400 and "tidak dapat dikirim" in bot.content.decode()
    short = client.post("/pengaduan/", {**FORM, "text": "halo"})
    assert short.status_code == 400 and "paling sedikit 10 huruf" in short.content.decode()
    assert 'value="Wayan"' in short.content.decode()
    pdf_photo = client.post("/pengaduan/", {**FORM, "photo": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")})
    assert pdf_photo.status_code == 400 and "Jenis berkas tidak diterima" in pdf_photo.content.decode()
    connection.set_tenant(senggigi)
    assert not Complaint.objects.exists()


def test_one_address_may_send_five_complaints_per_window(senggigi):
    for _count in range(5):
        _complain(senggigi)
    limited = host_client(senggigi).post("/pengaduan/", FORM)
    assert limited.status_code == 429 and "Terlalu banyak pengaduan" in limited.content.decode()
    assert host_client(senggigi, REMOTE_ADDR="10.3.3.3").post("/pengaduan/", FORM).status_code == 302


def test_guessing_codes_is_cut_off(senggigi):
    client = host_client(senggigi)
    for guess in range(30):
        client.get(f"/pengaduan/status/AAAA-BBBB-{guess:04d}/")
    code = _complain(senggigi, )
    assert client.get(f"/pengaduan/status/{code}/").status_code == 429


def test_viewer_reads_but_does_not_reply(senggigi):
    _complain(senggigi)
    connection.set_tenant(senggigi)
    complaint = Complaint.objects.get()
    connection.set_schema_to_public()
    viewer = _staff(senggigi, "viewer")
    assert viewer.get(f"/pengaduan/kelola/{complaint.pk}/").status_code == 200
    assert viewer.post(f"/pengaduan/kelola/{complaint.pk}/", {"text": "x", "status": "done"}).status_code == 403
    assert host_client(senggigi).get("/pengaduan/kelola/").status_code == 302


def test_api_lists_reads_and_replies_and_stays_in_its_village(senggigi, sukamaju):
    _complain(senggigi)
    connection.set_tenant(senggigi)
    complaint = Complaint.objects.get()
    connection.set_schema_to_public()
    api = _api(senggigi)
    assert [row["id"] for row in api.get("/api/v1/complaints/?status=waiting").json()["results"]] == [complaint.pk]
    empty = api.post(f"/api/v1/complaints/{complaint.pk}/replies/", {"text": " ", "status": "done"},
                     content_type="application/json")
    assert empty.status_code == 400
    reply = api.post(f"/api/v1/complaints/{complaint.pk}/replies/", {"text": "Selesai diperbaiki.", "status": "done"},
                     content_type="application/json")
    assert reply.status_code == 201
    one = api.get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert one["status"] == "done" and one["replies"][0]["text"] == "Selesai diperbaiki."
    assert _api(senggigi, "viewer").post(f"/api/v1/complaints/{complaint.pk}/replies/", {"text": "x", "status": "done"},
                                         content_type="application/json").status_code == 403
    other = _api(sukamaju)
    assert other.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert other.get("/api/v1/complaints/").json()["results"] == []
