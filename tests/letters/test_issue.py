import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from pypdf import PdfReader

from tenant_apps.letters.letter_types import letter_type_save, letter_types_export, letter_types_import
from tenant_apps.letters.models import DEFAULT_NUMBER_FORMAT, Letter, LetterType
from tenant_apps.letters.services import letter_issue, letter_revoke, letter_settings_update, letter_verify
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client
from tests.letters.conftest import shipped


def _api(village, who="operator"):
    client = host_client(village)
    token = client.post("/api/v1/auth/token/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD},
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_new_village_has_the_shipped_types(senggigi):
    connection.set_tenant(senggigi)
    codes = set(LetterType.objects.values_list("code", flat=True))
    assert {f"S-{number:02}" for number in range(1, 15)} <= codes


def test_issue_through_the_api_gives_a_numbered_pdf_with_name_and_qr(senggigi, letters_ready):
    _operator, _official, siti = letters_ready(senggigi)
    client = _api(senggigi)
    assert "S-04" in [row["code"] for row in client.get("/api/v1/letter-types/").json()]
    response = client.post("/api/v1/letters/", {"letter_type": "S-04", "resident": siti.pk,
                                                "fields": {"keperluan": "Melamar pekerjaan"}},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("S-04/001/5201142006/")
    pdf = client.get(body["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = _text(pdf.content)
    assert "SITI AMINAH" in text and body["number"] in text and "Melamar pekerjaan" in text
    assert body["verification_code"] in text
    assert len(PdfReader(io.BytesIO(pdf.content)).pages[0].images) == 1  # the QR code
    assert client.get(body["pdf_url"]).content == pdf.content  # the stored bytes, again
    connection.set_tenant(senggigi)
    assert AuditEntry.objects.filter(action="letter.issue", object_id=body["id"]).exists()


def test_bad_requests_get_clear_messages_and_number_nothing(senggigi, letters_ready):
    _operator, _official, siti = letters_ready(senggigi)
    client = _api(senggigi)
    missing = client.post("/api/v1/letters/", {"letter_type": "S-04", "resident": siti.pk},
                          content_type="application/json")
    assert missing.status_code == 400 and "Keperluan" in str(missing.json()["fields"])
    unknown = client.post("/api/v1/letters/", {"letter_type": "S-99", "resident": siti.pk},
                          content_type="application/json")
    assert unknown.status_code == 400 and "letter_type" in unknown.json()
    nobody = client.post("/api/v1/letters/", {"letter_type": "S-04", "fields": {"keperluan": "x"}},
                         content_type="application/json")
    assert nobody.status_code == 400 and "resident" in nobody.json()
    assert _api(senggigi, "viewer").post("/api/v1/letters/", {}, content_type="application/json").status_code == 403
    connection.set_tenant(senggigi)
    assert not Letter.objects.exists()


def test_verification_page_confirms_without_personal_data(senggigi, sukamaju, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    letter = letter_issue(actor=operator, role="operator", letter_type=shipped("S-01"), official=official,
                          resident=siti, fields={"keperluan": "Bank"})
    connection.set_schema_to_public()
    page = host_client(senggigi).get(f"/surat/verifikasi/{letter.verification_code}/")
    html = page.content.decode()
    assert page.status_code == 200 and letter.number in html and "S*** A*****" in html
    assert siti.nik not in html and "Siti Aminah" not in html
    # The same code means nothing on another village's host.
    assert host_client(sukamaju).get(f"/surat/verifikasi/{letter.verification_code}/").status_code == 404
    assert "tidak dikenal" in host_client(senggigi).get("/surat/verifikasi/AAAA-BBBB-CCCC/").content.decode()
    connection.set_tenant(senggigi)
    letter_revoke(actor=operator, letter=letter, reason="Salah data")
    connection.set_schema_to_public()
    assert "DICABUT" in host_client(senggigi).get(f"/surat/verifikasi/{letter.verification_code}/").content.decode()


def test_guessing_codes_is_cut_off(senggigi):
    client = host_client(senggigi)
    for attempt in range(30):
        assert client.get(f"/surat/verifikasi/AAAA-BBBB-{attempt:04}/").status_code == 404
    assert client.get("/surat/verifikasi/AAAA-BBBB-CCCC/").status_code == 429


def test_when_the_village_checks_letters_an_operator_waits_for_the_kepala_desa(senggigi, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    letter_settings_update(actor=operator, number_format="[kode_surat]/[nomor_surat, 3]/[tahun]",
                           sequence="per_type", verification_required=True)
    letter = letter_issue(actor=operator, role="operator", letter_type=shipped("S-07"), official=official,
                          resident=siti, fields={"keperluan": "Melamar kerja"})
    assert (letter.status, letter.number, letter.pdf) == (Letter.Status.AWAITING_VERIFICATION, "", None)
    with pytest.raises(ValidationError):
        letter_verify(actor=operator, role="operator", letter=letter)
    letter = letter_verify(actor=operator, role="kepala_desa", letter=letter)
    assert letter.status == Letter.Status.ISSUED and letter.number.startswith("S-07/001/")


def test_number_formats_that_could_repeat_are_refused(senggigi, letters_ready):
    operator, _official, _siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    for number_format, sequence in [("[nomor_surat]/[tahun]", "per_type"), ("[kode_surat]/[nomor_surat]", "all"),
                                    ("[nomor_surat]/[tahun]/[hari]", "all")]:
        with pytest.raises(ValidationError):
            letter_settings_update(actor=operator, number_format=number_format, sequence=sequence,
                                   verification_required=False)


def test_one_sequence_for_all_types(senggigi, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    letter_settings_update(actor=operator, number_format="[nomor_surat, 4]/[kode_desa]/[tahun]", sequence="all",
                           verification_required=False)
    first = letter_issue(actor=operator, role="operator", letter_type=shipped("S-01"), official=official,
                         resident=siti, fields={"keperluan": "a"})
    second = letter_issue(actor=operator, role="operator", letter_type=shipped("S-02"), official=official,
                          resident=siti, fields={"keperluan": "b"})
    assert (first.number.split("/")[0], second.number.split("/")[0]) == ("0001", "0002")


def test_a_non_resident_letter_and_words_for_numbers(senggigi, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    lost = letter_issue(actor=operator, role="operator", letter_type=shipped("S-13"), official=official,
                        subject={"nama": "John Traveller", "alamat": "Sydney"},
                        fields={"barang": "Paspor", "tempat_kehilangan": "Pantai Senggigi",
                                "tanggal_kehilangan": "2026-11-20"})
    assert "JOHN TRAVELLER" in _text(lost.pdf) and "20 November 2026" in _text(lost.pdf)
    poor = letter_issue(actor=operator, role="operator", letter_type=shipped("S-06"), official=official,
                        resident=siti, fields={"penghasilan": "750000", "keperluan": "Beasiswa"})
    assert "tujuh ratus lima puluh ribu rupiah" in _text(poor.pdf)


def test_templates_with_unknown_codes_are_refused_when_saved(senggigi, letters_ready):
    operator, _official, _siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    with pytest.raises(ValidationError) as error:
        letter_type_save(actor=operator, data={"code": "S-50", "name": "Uji", "template": "<p>[nama] [alamt] [form_x]</p>"})
    assert "[alamt]" in str(error.value) and "[form_x]" in str(error.value)
    saved = letter_type_save(actor=operator, data={"code": "S-50", "name": "Uji", "template": "<p>[nama] [form_x]</p>",
                                                   "form_fields": [{"name": "x", "label": "X"}]})
    assert saved.form_fields == [{"name": "x", "label": "X", "type": "text", "required": False}]


def test_types_export_and_import_as_json(senggigi, sukamaju, letters_ready):
    operator, _official, _siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    letter_type_save(actor=operator, data={"code": "S-60", "name": "Khusus Senggigi", "template": "<p>[Nama]</p>"})
    exported = letter_types_export(LetterType.objects.filter(code="S-60"))
    connection.set_tenant(sukamaju)
    assert letter_types_import(actor=None, content=exported) == {"added": 1, "updated": 0}
    assert letter_types_import(actor=None, content=exported) == {"added": 0, "updated": 1}
    with pytest.raises(ValidationError):
        letter_types_import(actor=None, content=exported.replace("[Nama]", "[Namaa]"))
    with pytest.raises(ValidationError):
        letter_types_import(actor=None, content=b"not json")
    assert LetterType.objects.get(code="S-60").template == "<p>[Nama]</p>"


def test_switching_the_numbering_mode_skips_numbers_already_given(senggigi, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)

    def issue():
        return letter_issue(actor=operator, role="operator", letter_type=shipped("S-01"), official=official,
                            resident=siti, fields={"keperluan": "Bank"})

    first = issue()
    letter_settings_update(actor=operator, number_format=DEFAULT_NUMBER_FORMAT, sequence="all",
                           verification_required=False)
    second = issue()  # the new counter starts at 1, whose number S-01 already has
    assert first.number.startswith("S-01/001/") and second.number.startswith("S-01/002/")


def test_numbers_too_long_or_not_plain_digits_are_refused_not_a_crash(senggigi, letters_ready):
    operator, official, siti = letters_ready(senggigi)
    connection.set_tenant(senggigi)
    for bad in ("²", "9" * 40):
        with pytest.raises(ValidationError):
            letter_issue(actor=operator, role="operator", letter_type=shipped("S-06"), official=official,
                         resident=siti, fields={"penghasilan": bad, "keperluan": "Beasiswa"})
