"""Finding the village to sign up, and the live subdomain check."""
import pytest

from shared_apps.regions.models import Region
from shared_apps.signup import abuse
from shared_apps.signup.selectors import slug_suggest, village_hit, village_search
from tests.conftest import host_client


@pytest.fixture
def second_sukamaju(regions):
    """Another Sukamaju, in kecamatan Gunungsari: same name, another place."""
    kabupaten = Region.objects.get(code="52.01")
    kecamatan = Region.objects.create(code="52.01.15", name="Gunungsari", level=Region.Level.KECAMATAN,
                                      parent=kabupaten)
    return Region.objects.create(code="52.01.15.2001", name="Sukamaju", level=Region.Level.DESA_KELURAHAN,
                                 parent=kecamatan)


def test_search_by_name_shows_kecamatan_kabupaten_and_provinsi(regions):
    result = village_search("pusuk")
    assert [(hit.code, hit.name, hit.kecamatan, hit.kabupaten, hit.provinsi) for hit in result.hits] == [
        ("52.01.14.2008", "Pusuk Lestari", "Batu Layar", "Kabupaten Lombok Barat", "Nusa Tenggara Barat")]


def test_search_tells_same_named_villages_apart_and_narrows_by_place(second_sukamaju):
    hits = village_search("Sukamaju").hits
    assert {(hit.code, hit.kecamatan) for hit in hits} == {("52.04.02.2008", "Lunyuk"), ("52.01.15.2001", "Gunungsari")}
    assert [hit.code for hit in village_search("sukamaju, gunungsari").hits] == ["52.01.15.2001"]
    assert [hit.code for hit in village_search("Desa Sukamaju, Sumbawa").hits] == ["52.04.02.2008"]


def test_search_by_code_with_or_without_dots(regions):
    assert [hit.name for hit in village_search("52.01.14.2008").hits] == ["Pusuk Lestari"]
    assert [hit.name for hit in village_search("5201142008").hits] == ["Pusuk Lestari"]
    assert len(village_search("52.04.02").hits) == 7


def test_search_lists_only_desa_and_kelurahan(regions):
    # "Lunyuk" is also a kecamatan; "Batu Layar" is a kecamatan and part of a village name.
    assert {hit.name for hit in village_search("lunyuk").hits} == {"Lunyuk Rea", "Lunyuk Ode"}
    assert [hit.name for hit in village_search("batu layar").hits] == ["Batu Layar Barat"]
    assert village_search("Nusa Tenggara").hits == []


def test_search_puts_exact_then_prefix_matches_first(regions):
    Region.objects.create(code="52.04.02.2011", name="Baru Sukamaju", level=Region.Level.DESA_KELURAHAN,
                          parent=Region.objects.get(code="52.04.02"))
    Region.objects.create(code="52.04.02.2012", name="Sukamaju Baru", level=Region.Level.DESA_KELURAHAN,
                          parent=Region.objects.get(code="52.04.02"))
    assert [hit.name for hit in village_search("sukamaju").hits] == ["Sukamaju", "Sukamaju Baru", "Baru Sukamaju"]


def test_search_needs_three_letters_and_says_when_there_are_more(regions):
    assert village_search("su").too_short
    result = village_search("a", limit=3)
    assert result.too_short
    result = village_search("52", limit=3)
    assert len(result.hits) == 3 and result.more


def test_search_marks_villages_already_on_balai(sukamaju):
    hit = village_search("sukamaju").hits[0]
    assert hit.on_balai
    response = host_client().get("/daftar/cari.json", {"q": "sukamaju"}).json()
    assert response["hits"][0]["url"] == "/daftar/desa/52.04.02.2008/minta-akses/"
    response = host_client().get("/daftar/cari.json", {"q": "pusuk"}).json()
    assert response["hits"][0]["url"] == "/daftar/desa/52.01.14.2008/"


def test_search_page_works_without_javascript(regions):
    page = host_client().get("/daftar/", {"q": "pusuk"}).content.decode()
    assert 'href="/daftar/desa/52.01.14.2008/"' in page
    assert "Pusuk Lestari" in page and "Batu Layar" in page and "Kabupaten Lombok Barat" in page
    page = host_client().get("/daftar/", {"q": "zzzqqq"}).content.decode()
    assert "Tidak ada desa/kelurahan yang cocok" in page


def test_search_answers_only_on_the_control_plane(sukamaju):
    assert host_client(sukamaju).get("/daftar/").status_code == 404


def test_lookups_are_rate_limited_per_address(regions, monkeypatch):
    monkeypatch.setattr(abuse, "LOOKUPS_PER_ADDRESS", 3)
    client = host_client()
    for _ in range(3):
        assert client.get("/daftar/cari.json", {"q": "pusuk"}).status_code == 200
    refused = client.get("/daftar/cek-subdomain.json", {"slug": "pusuk"})
    assert refused.status_code == 429 and "Terlalu banyak pencarian" in refused.json()["message"]
    assert "Terlalu banyak pencarian" in client.get("/daftar/", {"q": "pusuk"}).content.decode()
    other = host_client(REMOTE_ADDR="10.9.8.7")
    assert other.get("/daftar/cari.json", {"q": "pusuk"}).status_code == 200


@pytest.mark.parametrize("slug, ok, message", [
    ("pusuk-lestari", True, "pusuk-lestari.localhost tersedia."),
    ("Pusuk-Lestari", True, "pusuk-lestari.localhost tersedia."),
    ("admin", False, "dicadangkan"),
    ("ab", False, "3–40 karakter"),
    ("-pusuk", False, "tidak diawali"),
    ("sukamaju", False, "sudah dipakai desa lain"),
])
def test_subdomain_check(sukamaju, slug, ok, message):
    answer = host_client().get("/daftar/cek-subdomain.json", {"slug": slug}).json()
    assert answer["ok"] is ok
    assert message in answer["message"]


def test_subdomain_suggestion_avoids_taken_names(sukamaju, second_sukamaju):
    assert slug_suggest(village_hit("52.04.02.2008")) == "sukamaju-lunyuk"
    assert slug_suggest(village_hit("52.01.15.2001")) == "sukamaju-gunungsari"
    assert slug_suggest(village_hit("52.01.14.2008")) == "pusuk-lestari"
