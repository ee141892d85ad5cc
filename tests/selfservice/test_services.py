import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tenant_apps.letters.models import Letter, LetterType
from tenant_apps.letters.services import letter_settings_update, letter_verify
from tenant_apps.selfservice import services
from tenant_apps.selfservice.models import LetterRequest
from tests.selfservice.conftest import upload


def _documents(count=2):
    labels = ["KTP", "Kartu Keluarga"] + ["Dokumen lain"] * (count - 2)
    return [(label, upload()) for label in labels]


@pytest.fixture
def story(senggigi, portal):
    story = portal(senggigi)
    connection.set_tenant(senggigi)
    return story


def _submit(story, code="S-04", fields=None):
    return services.letter_request_submit(resident=story.siti, letter_type=LetterType.objects.get(code=code),
                                          fields=fields if fields is not None else {"keperluan": "Bank"},
                                          documents=_documents())


def test_steps_out_of_order_are_refused(story):
    item = _submit(story)
    with pytest.raises(ValidationError, match="langkah ini tidak bisa"):
        services.letter_request_picked_up(actor=story.operator, request=item)
    with pytest.raises(ValidationError, match="menunggu tanda tangan"):
        services.letter_request_sign(actor=story.operator, role="kepala_desa", request=item)
    services.letter_request_cancel_by_resident(resident=story.siti, request=item)
    with pytest.raises(ValidationError, match="sedang diperiksa"):
        services.letter_request_issue(actor=story.operator, role="operator", request=item, official=story.official)
    assert not Letter.objects.exists()


def test_the_residents_reply_keeps_the_office_note_shown(story):
    item = _submit(story)
    services.letter_request_mark_incomplete(actor=story.operator, request=item, note="Unggah akta kelahiran anak.")
    item = services.letter_request_complete(resident=story.siti, request=item, note="Sudah saya unggah.",
                                            documents=[("Dokumen tambahan", upload())])
    assert item.status == LetterRequest.Status.CHECKING and item.note == "Unggah akta kelahiran anak."
    assert [(event.status, event.note) for event in item.events.all()] == [
        ("checking", ""), ("incomplete", "Unggah akta kelahiran anak."), ("checking", "Sudah saya unggah.")]
    with pytest.raises(ValidationError):
        services.letter_request_complete(resident=story.siti, request=item, note="lagi", documents=[])


def test_types_without_a_registered_resident_and_too_many_documents_are_refused(story):
    with pytest.raises(ValidationError, match="tidak dapat dimohon"):
        _submit(story, code="S-13")
    with pytest.raises(ValidationError, match="Paling banyak"):
        services.letter_request_submit(resident=story.siti, letter_type=LetterType.objects.get(code="S-04"),
                                       fields={"keperluan": "Bank"}, documents=_documents(count=services.MAX_DOCUMENTS + 1))
    assert not LetterRequest.objects.exists()


def test_issuing_checks_the_types_fields_and_leaves_the_request_waiting(story):
    item = _submit(story, fields={})
    with pytest.raises(ValidationError, match="Keperluan"):
        services.letter_request_issue(actor=story.operator, role="operator", request=item, official=story.official)
    item.refresh_from_db()
    assert item.status == LetterRequest.Status.CHECKING and item.letter is None


def test_a_letter_approved_on_the_letters_page_lets_the_request_move_on(story):
    letter_settings_update(actor=story.operator, number_format="[kode_surat]/[nomor_surat, 3]/[tahun]",
                           sequence="per_type", verification_required=True)
    item = services.letter_request_issue(actor=story.operator, role="operator", request=_submit(story),
                                         official=story.official)
    assert item.status == LetterRequest.Status.AWAITING_SIGNATURE
    letter_verify(actor=story.operator, role="kepala_desa", letter=item.letter)
    item = services.letter_request_sign(actor=story.operator, role="operator", request=item)
    assert item.status == LetterRequest.Status.READY
