from django.db import connection

from tenant_apps.letters.models import Letter, LetterType
from tests.conftest import PASSWORD, host_client


def _signed_in(village, who="operator"):
    client = host_client(village)
    client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD})
    return client


def test_operator_previews_then_issues_and_downloads(senggigi, letters_ready):
    _operator, official, siti = letters_ready(senggigi)
    client = _signed_in(senggigi)
    assert "S-04 Surat Keterangan Domisili" in client.get("/surat/").content.decode()
    form = {"resident_nik": siti.nik, "official": official.pk, "form_keperluan": "Daftar sekolah"}
    preview = client.post("/surat/baru/S-04/", {**form, "preview": "1"})
    assert preview["Content-Type"] == "application/pdf"
    connection.set_tenant(senggigi)
    assert not Letter.objects.exists()  # a preview numbers nothing
    connection.set_schema_to_public()
    issued = client.post("/surat/baru/S-04/", {**form, "issue": "1"})
    assert issued.status_code == 302
    page = client.get(issued["Location"]).content.decode()
    assert "S-04/001/" in page and "Unduh PDF" in page
    connection.set_tenant(senggigi)
    letter = Letter.objects.get()
    connection.set_schema_to_public()
    assert client.get(f"/surat/{letter.pk}/pdf/").content == bytes(letter.pdf)


def test_issue_form_errors_keep_the_input(senggigi, letters_ready):
    _operator, official, _siti = letters_ready(senggigi)
    response = _signed_in(senggigi).post("/surat/baru/S-04/", {"resident_nik": "5201140000000000",
                                                              "official": official.pk, "form_keperluan": "Sekolah"})
    page = response.content.decode()
    assert response.status_code == 400 and "Tidak ada penduduk dengan NIK ini" in page and 'value="Sekolah"' in page


def test_template_editor_refuses_unknown_codes(senggigi, letters_ready):
    letters_ready(senggigi)
    client = _signed_in(senggigi)
    connection.set_tenant(senggigi)
    letter_type = LetterType.objects.get(code="S-01")
    connection.set_schema_to_public()
    page = client.get(f"/surat/jenis/{letter_type.pk}/").content.decode()
    assert "[nama_desa]" in page  # the catalogue of codes
    response = client.post(f"/surat/jenis/{letter_type.pk}/", {
        "code": "S-01", "name": "Pengantar", "paper": "F4", "active": "on", "needs_resident": "on",
        "form_fields": "[]", "template": "<p>[Nama] [keperluann]</p>"})
    assert response.status_code == 400 and "[keperluann]" in response.content.decode()


def test_viewers_read_but_do_not_issue_and_other_villages_see_nothing(senggigi, sukamaju, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    from tenant_apps.letters.services import letter_issue

    connection.set_tenant(senggigi)
    letter = letter_issue(actor=operator, role="operator", letter_type=LetterType.objects.get(code="S-01"),
                          official=official, resident=siti, fields={"keperluan": "Bank"})
    connection.set_schema_to_public()
    viewer = _signed_in(senggigi, "viewer")
    assert viewer.get(f"/surat/{letter.pk}/").status_code == 200
    assert viewer.get("/surat/baru/S-01/").status_code == 403
    assert viewer.get("/surat/jenis/").status_code == 403
    other = _signed_in(sukamaju)
    assert other.get(f"/surat/{letter.pk}/").status_code == 404
    assert other.get(f"/surat/{letter.pk}/pdf/").status_code == 404
