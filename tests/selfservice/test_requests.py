from django.db import connection

from tenant_apps.letters.models import Letter, LetterType
from tenant_apps.letters.services import letter_settings_update
from tenant_apps.selfservice.models import LetterRequest
from tenant_apps.selfservice.pins import resident_pin_reset
from tenant_apps.selfservice.services import letter_request_submit
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client
from tests.selfservice.conftest import PDF, PNG, resident_client, upload


def _staff(village, who="operator"):
    client = host_client(village)
    client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD})
    return client


def _request_form(**extra):
    return {"form_keperluan": "Mendaftar sekolah anak", "document_0": upload("ktp.png"),
            "document_1": upload("kk.pdf", PDF, "application/pdf"), **extra}


def _submitted(village, story) -> LetterRequest:
    connection.set_tenant(village)
    item = letter_request_submit(resident=story.siti, letter_type=LetterType.objects.get(code="S-04"),
                                 fields={"keperluan": "Bank"}, documents=[("KTP", upload()), ("Kartu Keluarga", upload())])
    connection.set_schema_to_public()
    return item


def test_request_goes_through_the_queue_and_the_resident_downloads_the_letter(senggigi, portal):
    story = portal(senggigi)
    resident = resident_client(senggigi, story.siti.nik, story.pin)
    assert "Surat Keterangan Domisili" in resident.get("/layanan-mandiri/surat/").content.decode()
    sent = resident.post("/layanan-mandiri/surat/S-04/", _request_form())
    assert sent.status_code == 302
    detail = sent["Location"]
    assert "Sedang diperiksa" in resident.get(detail).content.decode()

    operator = _staff(senggigi)
    connection.set_tenant(senggigi)
    item = LetterRequest.objects.get()
    connection.set_schema_to_public()
    assert "Siti Aminah" in operator.get("/surat/permohonan/?status=checking").content.decode()
    operator.post(f"/surat/permohonan/{item.pk}/belum-lengkap/", {"note": "Foto KK buram, unggah ulang."})
    page = resident.get(detail).content.decode()
    assert "Belum lengkap" in page and "Foto KK buram, unggah ulang." in page
    resident.post(f"/layanan-mandiri/permohonan/{item.pk}/lengkapi/", {"note": "Sudah", "document": upload("kk2.png")})
    assert "Sedang diperiksa" in resident.get(detail).content.decode()

    assert resident.get(f"/layanan-mandiri/permohonan/{item.pk}/pdf/").status_code == 404  # not ready yet
    operator.post(f"/surat/permohonan/{item.pk}/terbitkan/", {"official": story.official.pk})
    connection.set_tenant(senggigi)
    item.refresh_from_db()
    letter = Letter.objects.get()
    connection.set_schema_to_public()
    assert item.status == LetterRequest.Status.READY and item.letter_id == letter.pk
    assert letter.number.startswith("S-04/001/") and letter.fields == {"keperluan": "Mendaftar sekolah anak"}
    assert "Siap diambil" in resident.get(detail).content.decode()
    download = resident.get(f"/layanan-mandiri/permohonan/{item.pk}/pdf/")
    assert download.content == bytes(letter.pdf) and download["Cache-Control"] == "private, no-store"

    operator.post(f"/surat/permohonan/{item.pk}/diambil/")
    assert "Sudah diambil" in resident.get(detail).content.decode()
    connection.set_tenant(senggigi)
    steps = list(AuditEntry.objects.filter(action="letter_request.status").values_list("changes__to", flat=True))
    assert steps == ["incomplete", "checking", "ready", "picked_up"]
    assert AuditEntry.objects.filter(action="letter_request.submit").count() == 1


def test_when_the_village_checks_letters_the_kepala_desa_signs_from_the_queue(senggigi, portal):
    story = portal(senggigi)
    connection.set_tenant(senggigi)
    letter_settings_update(actor=story.operator, number_format="[kode_surat]/[nomor_surat, 3]/[tahun]",
                           sequence="per_type", verification_required=True)
    connection.set_schema_to_public()
    item = _submitted(senggigi, story)
    _staff(senggigi).post(f"/surat/permohonan/{item.pk}/terbitkan/", {"official": story.official.pk})
    connection.set_tenant(senggigi)
    item.refresh_from_db()
    assert item.status == LetterRequest.Status.AWAITING_SIGNATURE and item.letter.number == ""
    connection.set_schema_to_public()
    # The operator may not sign; the kepala desa does.
    _staff(senggigi).post(f"/surat/permohonan/{item.pk}/tanda-tangan/")
    connection.set_tenant(senggigi)
    item.refresh_from_db()
    assert item.status == LetterRequest.Status.AWAITING_SIGNATURE
    connection.set_schema_to_public()
    _staff(senggigi, "kades").post(f"/surat/permohonan/{item.pk}/tanda-tangan/")
    connection.set_tenant(senggigi)
    item.refresh_from_db()
    item.letter.refresh_from_db()
    assert item.status == LetterRequest.Status.READY and item.letter.number.startswith("S-04/001/")


def test_office_cancelling_a_request_awaiting_signature_withdraws_its_letter(senggigi, portal):
    story = portal(senggigi)
    connection.set_tenant(senggigi)
    letter_settings_update(actor=story.operator, number_format="[kode_surat]/[nomor_surat, 3]/[tahun]",
                           sequence="per_type", verification_required=True)
    connection.set_schema_to_public()
    item = _submitted(senggigi, story)
    operator = _staff(senggigi)
    operator.post(f"/surat/permohonan/{item.pk}/terbitkan/", {"official": story.official.pk})
    without_reason = operator.post(f"/surat/permohonan/{item.pk}/batal/", {"note": ""}, follow=True)
    assert "Tuliskan alasan pembatalan" in without_reason.content.decode()
    operator.post(f"/surat/permohonan/{item.pk}/batal/", {"note": "Pemohon sudah pindah."})
    connection.set_tenant(senggigi)
    item.refresh_from_db()
    assert item.status == LetterRequest.Status.CANCELLED and item.letter.status == Letter.Status.REVOKED


def test_bad_uploads_are_refused_with_a_message_and_the_input_kept(senggigi, portal):
    story = portal(senggigi)
    resident = resident_client(senggigi, story.siti.nik, story.pin)
    disguised = resident.post("/layanan-mandiri/surat/S-04/", _request_form(
        document_0=upload("ktp.png", b"MZ\x90\x00 not an image", "image/png")))
    page = disguised.content.decode()
    assert disguised.status_code == 400 and "Jenis berkas tidak diterima" in page and 'value="Mendaftar sekolah anak"' in page
    too_big = resident.post("/layanan-mandiri/surat/S-04/", _request_form(
        document_1=upload("kk.png", PNG + b"\x00" * (2 * 1024 * 1024))))
    assert too_big.status_code == 400 and "terlalu besar" in too_big.content.decode()
    missing = resident.post("/layanan-mandiri/surat/S-04/", {"form_keperluan": "Sekolah", "document_0": upload()})
    assert missing.status_code == 400
    connection.set_tenant(senggigi)
    assert not LetterRequest.objects.exists()


def test_a_resident_sees_nothing_of_another_residents_requests(senggigi, portal):
    story = portal(senggigi)
    item = _submitted(senggigi, story)
    connection.set_tenant(senggigi)
    document = item.documents.first()
    budi_pin = resident_pin_reset(actor=story.operator, resident=story.budi)
    connection.set_schema_to_public()
    budi = resident_client(senggigi, story.budi.nik, budi_pin)
    assert budi.get(f"/layanan-mandiri/permohonan/{item.pk}/").status_code == 404
    assert budi.get(f"/layanan-mandiri/permohonan/{item.pk}/pdf/").status_code == 404
    assert budi.get(f"/layanan-mandiri/dokumen/{document.pk}/").status_code == 404
    assert budi.post(f"/layanan-mandiri/permohonan/{item.pk}/batal/").status_code == 404
    assert "Siti Aminah" not in budi.get("/layanan-mandiri/").content.decode()
    siti = resident_client(senggigi, story.siti.nik, story.pin)
    own = siti.get(f"/layanan-mandiri/dokumen/{document.pk}/")
    assert own.content == PNG and own["Content-Disposition"].startswith("attachment")
    assert own["X-Content-Type-Options"] == "nosniff"
    assert host_client(senggigi).get(f"/layanan-mandiri/dokumen/{document.pk}/").status_code == 302  # anonymous


def test_viewers_read_the_queue_but_do_not_act_and_other_villages_see_nothing(senggigi, sukamaju, portal):
    story = portal(senggigi)
    item = _submitted(senggigi, story)
    viewer = _staff(senggigi, "viewer")
    assert viewer.get(f"/surat/permohonan/{item.pk}/").status_code == 200
    assert viewer.post(f"/surat/permohonan/{item.pk}/diambil/").status_code == 403
    other = _staff(sukamaju)
    assert other.get(f"/surat/permohonan/{item.pk}/").status_code == 404
    assert "Siti Aminah" not in other.get("/surat/permohonan/").content.decode()


def test_resident_cancels_own_request_but_not_twice(senggigi, portal):
    story = portal(senggigi)
    item = _submitted(senggigi, story)
    resident = resident_client(senggigi, story.siti.nik, story.pin)
    resident.post(f"/layanan-mandiri/permohonan/{item.pk}/batal/")
    again = resident.post(f"/layanan-mandiri/permohonan/{item.pk}/batal/", follow=True)
    assert "Dibatalkan" in again.content.decode() and "langkah ini tidak bisa dilakukan" in again.content.decode()


def test_the_office_sets_which_documents_a_type_needs(senggigi, portal):
    story = portal(senggigi)
    viewer = _staff(senggigi, "viewer")
    assert viewer.post("/surat/permohonan/syarat/", {"code": "S-04", "labels": "x"}).status_code == 403
    operator = _staff(senggigi)
    too_many = operator.post("/surat/permohonan/syarat/", {"code": "S-04", "labels": "a, b, c, d, e, f"})
    assert too_many.status_code == 400 and "Paling banyak 5 dokumen wajib" in too_many.content.decode()
    operator.post("/surat/permohonan/syarat/", {"code": "S-04", "labels": "Surat pengantar RT,  surat pengantar rt"})
    assert 'value="Surat pengantar RT"' in operator.get("/surat/permohonan/syarat/").content.decode()

    resident = resident_client(senggigi, story.siti.nik, story.pin)
    form = resident.get("/layanan-mandiri/surat/S-04/").content.decode()
    assert "Surat pengantar RT" in form and "Kartu Keluarga" not in form
    sent = resident.post("/layanan-mandiri/surat/S-04/", {"form_keperluan": "Bank", "document_0": upload()})
    assert sent.status_code == 302
    connection.set_tenant(senggigi)
    assert list(LetterRequest.objects.get().documents.values_list("label", flat=True)) == ["Surat pengantar RT"]
    assert AuditEntry.objects.filter(action="letter_request.required_documents").count() == 1
