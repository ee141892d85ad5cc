from django.db import connection

from tenant_apps.population.services import resident_register
from tests.conftest import PASSWORD, host_client
from tests.population.factories import resident_data


def _signed_in(village, who="operator"):
    client = host_client(village)
    client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD})
    return client


def _register(village, in_village, **overrides):
    resident = resident_register(actor=in_village(village), data=resident_data(**overrides))
    connection.set_schema_to_public()
    return resident


def test_list_searches_and_pages_are_in_indonesian(senggigi, in_village):
    _register(senggigi, in_village)
    _register(senggigi, in_village, nik="5201141207850003", name="Budi Santoso", sex=1)
    client = _signed_in(senggigi)
    page = client.get("/penduduk/", {"search": "budi"}).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" not in page
    assert 'data-testid="result-count">1 penduduk<' in page
    assert "Tidak ada penduduk yang cocok." in client.get("/penduduk/", {"search": "zzz"}).content.decode()


def test_list_filters_by_rt(senggigi, in_village):
    from tenant_apps.population.services import rt_ensure

    operator = in_village(senggigi)
    rt = rt_ensure(actor=operator, dusun="Utara", rw="01", rt="002")
    connection.set_schema_to_public()
    _register(senggigi, in_village, rt=rt)
    _register(senggigi, in_village, nik="5201141207850003", name="Budi Santoso", sex=1)
    page = _signed_in(senggigi).get("/penduduk/", {"area": f"t{rt.pk}"}).content.decode()
    assert "Siti Aminah" in page and "Budi Santoso" not in page
    assert "Utara / RW 01 / RT 002" in page  # the RT is offered by its full name


def test_form_shows_field_errors_and_keeps_the_input(senggigi, regions):
    client = _signed_in(senggigi)
    response = client.post("/penduduk/baru/", {"nik": "123", "name": "Wayan", "sex": "1", "religion": "4",
                                               "marital_status": "1", "birth_date": "2001-02-30"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-birth_date"' in page and 'value="Wayan"' in page


def test_form_saves_and_the_nik_error_comes_from_the_service(senggigi, in_village):
    _register(senggigi, in_village)
    client = _signed_in(senggigi)
    form = {"nik": "5201144503900001", "name": "Siti Lain", "sex": "2", "religion": "1", "marital_status": "1",
            "birth_date": "1990-03-05", "citizenship": "1", "resident_status": "1", "basic_status": "1"}
    duplicate = client.post("/penduduk/baru/", form)
    assert duplicate.status_code == 400 and "sudah dipakai" in duplicate.content.decode()
    saved = client.post("/penduduk/baru/", {**form, "nik": ""})
    assert saved.status_code == 302
    assert "(sementara)" in client.get(saved["Location"]).content.decode()


def test_viewer_cannot_open_the_form(senggigi):
    assert _signed_in(senggigi, "viewer").get("/penduduk/baru/").status_code == 403


def test_data_quality_and_confirming_warnings(senggigi, in_village):
    odd = _register(senggigi, in_village, nik="9999990503900002")
    client = _signed_in(senggigi)
    assert 'data-testid="warning-count">1 penduduk' in client.get("/penduduk/kualitas-data/").content.decode()
    assert client.post(f"/penduduk/{odd.pk}/").status_code == 302
    assert 'data-testid="warning-count">0 penduduk' in client.get("/penduduk/kualitas-data/").content.decode()


def test_statistics_page(senggigi, in_village):
    _register(senggigi, in_village)
    page = _signed_in(senggigi).get("/statistik/religion/").content.decode()
    assert "ISLAM" in page and 'data-testid="statistics-total">1<' in page


def test_pages_of_one_village_show_nothing_of_another(senggigi, sukamaju, in_village):
    siti = _register(senggigi, in_village)
    client = _signed_in(sukamaju)
    assert "Siti Aminah" not in client.get("/penduduk/").content.decode()
    assert client.get(f"/penduduk/{siti.pk}/").status_code == 404


def test_record_and_undo_an_event_through_the_pages(senggigi, in_village):
    from django.utils import timezone

    siti = _register(senggigi, in_village)
    client = _signed_in(senggigi)
    today = timezone.localdate().isoformat()
    refused = client.post(f"/penduduk/{siti.pk}/peristiwa/", {"kind": "3", "occurred_on": today})
    assert refused.status_code == 400 and 'data-testid="error-move_level"' in refused.content.decode()
    assert client.post(f"/penduduk/{siti.pk}/peristiwa/", {"kind": "2", "occurred_on": today, "cause": "1"}).status_code == 302
    detail = client.get(f"/penduduk/{siti.pk}/").content.decode()
    assert "MATI" in detail and "Batalkan peristiwa" in detail
    from tenant_apps.population.models import PopulationEvent

    connection.set_tenant(senggigi)
    event_pk = PopulationEvent.objects.get().pk
    connection.set_schema_to_public()
    client.post(f"/penduduk/{siti.pk}/peristiwa/{event_pk}/batal/", {"reason": "Salah input"})
    assert "HIDUP" in client.get(f"/penduduk/{siti.pk}/").content.decode()


def test_birth_form_registers_the_baby_with_the_mother(senggigi, in_village):
    _register(senggigi, in_village)
    client = _signed_in(senggigi)
    assert "NIK ibu" in client.get("/penduduk/lahir/").content.decode()
    missing = client.post("/penduduk/lahir/", {"name": "Bayi", "sex": "1", "occurred_on": "2026-11-01"})
    assert missing.status_code == 400 and 'data-testid="error-mother_nik"' in missing.content.decode()
    unknown = client.post("/penduduk/lahir/", {"name": "Bayi", "sex": "1", "occurred_on": "2026-11-01",
                                               "mother_nik": "5201140000000000"})
    assert "Tidak ada penduduk hidup dengan NIK ini" in unknown.content.decode() and 'value="Bayi"' in unknown.content.decode()
    saved = client.post("/penduduk/lahir/", {"name": "Bayi Siti", "sex": "1", "occurred_on": "2026-11-01",
                                             "mother_nik": "5201144503900001", "birth_weight_grams": "3100"})
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "Bayi Siti" in page and "Siti Aminah" in page


def test_move_in_form_records_the_arrival(senggigi, regions):
    client = _signed_in(senggigi)
    form = {"name": "Budi Santoso", "nik": "5201141207850003", "sex": "1", "religion": "1", "marital_status": "2",
            "birth_date": "1985-07-12", "citizenship": "1", "resident_status": "1", "occurred_on": "2026-11-02"}
    refused = client.post("/penduduk/datang/", form)
    assert refused.status_code == 400 and 'data-testid="error-origin"' in refused.content.decode()
    saved = client.post("/penduduk/datang/", {**form, "origin": "Jl. Udayana 5, Mataram"})
    assert saved.status_code == 302
    assert "Pindah Masuk" in client.get(saved["Location"]).content.decode()


def test_a_viewer_cannot_record_births(senggigi):
    assert _signed_in(senggigi, "viewer").get("/penduduk/lahir/").status_code == 403


def test_the_form_takes_the_family_by_its_number(senggigi, in_village):
    from tenant_apps.population.services import family_create

    family = family_create(actor=in_village(senggigi), no_kk="5201140101200001")
    siti = _register(senggigi, in_village, family=family)
    client = _signed_in(senggigi)
    assert 'value="5201140101200001"' in client.get(f"/penduduk/{siti.pk}/ubah/").content.decode()
    form = {"nik": "5201141207850003", "name": "Budi Santoso", "sex": "1", "religion": "1", "marital_status": "2",
            "birth_date": "1985-07-12", "citizenship": "1", "resident_status": "1", "basic_status": "1"}
    unknown = client.post("/penduduk/baru/", {**form, "family": "5201149999999999"})
    assert unknown.status_code == 400 and "Belum ada KK dengan nomor ini" in unknown.content.decode()
    saved = client.post("/penduduk/baru/", {**form, "family": "5201140101200001"})
    assert saved.status_code == 302
    assert "5201140101200001" in client.get(saved["Location"]).content.decode()
