"""Staff pages of wilayah, families, households and groups: what they show,
what they write, who may do it, and that no village sees another's records."""
import pytest
from django.db import connection

from tenant_apps.population.models import Dusun, Family, Group, GroupMembership, Household, Resident, Rt
from tenant_apps.village.models import AuditEntry
from tests.conftest import PASSWORD, host_client
from tests.population.registry_story import NO_KK, budi_family, stranger


def _signed_in(village, who="operator"):
    client = host_client(village)
    client.post("/masuk/", {"username": f"{who}@{village.slug}.test", "password": PASSWORD})
    return client


@pytest.fixture
def story(senggigi, in_village):
    """Budi's family in Senggigi, plus Wayan in no KK; back in public for the client."""
    operator = in_village(senggigi)
    kk, people = budi_family(operator)
    people["wayan"] = stranger(operator)
    connection.set_schema_to_public()
    return kk, people


def _in(village):
    connection.set_tenant(village)


def test_wilayah_tree_counts_and_adds_a_dusun(senggigi, story):
    client = _signed_in(senggigi)
    page = client.get("/wilayah/").content.decode()
    assert "Dusun Kerandangan" in page and "RT 001" in page
    assert "Belum punya RT: 1 penduduk hidup, 0 KK." in page
    assert client.post("/wilayah/", {"label": "Mangsit"}).status_code == 302
    duplicate = client.post("/wilayah/", {"label": "mangsit"})
    assert duplicate.status_code == 400 and "Dusun dengan nama ini sudah ada." in duplicate.content.decode()
    _in(senggigi)
    assert list(Dusun.objects.values_list("name", flat=True)) == ["Kerandangan", "Mangsit"]


def test_wilayah_unit_adds_an_rt_renames_and_refuses_to_delete_with_residents(senggigi, story):
    _in(senggigi)
    rt = Rt.objects.get()
    rw_pk = rt.rw_id
    connection.set_schema_to_public()
    client = _signed_in(senggigi)
    assert client.post(f"/wilayah/rw/{rw_pk}/", {"label": "002"}).status_code == 302
    bad = client.post(f"/wilayah/rw/{rw_pk}/", {"label": "dua"})
    assert bad.status_code == 400 and 'data-testid="error-child-label"' in bad.content.decode()
    refused = client.post(f"/wilayah/rt/{rt.pk}/hapus/", follow=True).content.decode()
    assert "tidak bisa dihapus: masih tercatat 4 penduduk dan 1 KK" in refused
    renamed = client.post(f"/wilayah/rt/{rt.pk}/ubah/", {"label": "007"}, follow=True).content.decode()
    assert "Perubahan tersimpan." in renamed
    _in(senggigi)
    assert sorted(Rt.objects.values_list("number", flat=True)) == ["002", "007"]


def test_wilayah_head_is_searched_and_chosen(senggigi, story):
    _kk, people = story
    _in(senggigi)
    rt = Rt.objects.get()
    connection.set_schema_to_public()
    client = _signed_in(senggigi)
    found = client.get(f"/wilayah/rt/{rt.pk}/", {"q": "bud"}).content.decode()
    assert _offered(found, people["budi"]) and not _offered(found, people["siti"])
    by_nik = client.get(f"/wilayah/rt/{rt.pk}/", {"q": "52011412"}).content.decode()
    assert _offered(by_nik, people["budi"])
    missing = client.post(f"/wilayah/rt/{rt.pk}/kepala/", {"q": "bud"})
    assert missing.status_code == 400 and "Cari lalu pilih seorang penduduk" in missing.content.decode()
    assert client.post(f"/wilayah/rt/{rt.pk}/kepala/", {"resident": people["budi"].pk}).status_code == 302
    _in(senggigi)
    assert Rt.objects.get().head_id == people["budi"].pk


def test_families_list_searches_and_filters(senggigi, story):
    kk, _people = story
    client = _signed_in(senggigi)
    assert 'data-testid="result-count">1 KK<' in client.get("/keluarga/", {"search": NO_KK[:8]}).content.decode()
    assert 'data-testid="result-count">1 KK<' in client.get("/keluarga/", {"search": "budi"}).content.decode()
    assert 'data-testid="result-count">0 KK<' in client.get("/keluarga/", {"search": "siti"}).content.decode()
    assert 'data-testid="result-count">1 KK<' in client.get("/keluarga/", {"area": f"t{kk.rt_id}"}).content.decode()
    page = client.get(f"/keluarga/{kk.pk}/").content.decode()
    assert "Budi" in page and "ISTRI" in page and 'data-testid="family-head">Budi<' in page


def test_family_page_adds_a_member_splits_and_moves(senggigi, story):
    kk, people = story
    client = _signed_in(senggigi)
    added = client.post(f"/keluarga/{kk.pk}/anggota/", {"resident": people["wayan"].pk, "relationship": "9"})
    assert added.status_code == 302
    bad = client.post(f"/keluarga/{kk.pk}/pecah/", {"no_kk": "123", "members": [people["andi"].pk],
                                                    "head": people["andi"].pk})
    assert bad.status_code == 400 and "Nomor KK harus 16 angka." in bad.content.decode()
    split = client.post(f"/keluarga/{kk.pk}/pecah/", {"no_kk": "5201140101200002",
                                                      "members": [people["andi"].pk, people["rina"].pk],
                                                      "head": people["andi"].pk})
    assert split.status_code == 302
    _in(senggigi)
    new = Family.objects.get(no_kk="5201140101200002")
    assert split["Location"] == f"/keluarga/{new.pk}/" and new.head_id == people["andi"].pk
    assert set(Resident.objects.filter(family=kk).values_list("name", flat=True)) == {"Budi", "Siti Aminah", "Wayan"}
    rt2 = Rt.objects.create(rw=Rt.objects.get().rw, number="002")
    connection.set_schema_to_public()
    assert client.post(f"/keluarga/{new.pk}/pindah/", {"rt": rt2.pk, "address": "Jl. Baru"}).status_code == 302
    _in(senggigi)
    assert set(Resident.objects.filter(family=new).values_list("rt_id", flat=True)) == {rt2.pk}


def test_family_head_change_and_member_errors_are_shown(senggigi, story):
    kk, people = story
    client = _signed_in(senggigi)
    head_missing = client.post(f"/keluarga/{kk.pk}/kepala/", {"former_head_relationship": "2"})
    assert head_missing.status_code == 400 and "Pilih kepala keluarga baru." in head_missing.content.decode()
    assert client.post(f"/keluarga/{kk.pk}/kepala/", {"head": people["siti"].pk,
                                                      "former_head_relationship": "2"}).status_code == 302
    refused = client.post(f"/keluarga/{kk.pk}/anggota/{people['siti'].pk}/", {"action": "remove"}, follow=True)
    assert "Kepala keluarga tidak bisa dikeluarkan" in refused.content.decode()
    _in(senggigi)
    assert Family.objects.get(pk=kk.pk).head_id == people["siti"].pk


def test_households_are_created_with_a_searched_head(senggigi, story):
    _kk, people = story
    client = _signed_in(senggigi)
    assert _offered(client.get("/rumah-tangga/baru/", {"q": "waya"}).content.decode(), people["wayan"])
    no_number = client.post("/rumah-tangga/baru/", {"resident": people["wayan"].pk, "q": "waya"})
    assert no_number.status_code == 400 and "Isi nomor rumah tangga." in no_number.content.decode()
    created = client.post("/rumah-tangga/baru/", {"resident": people["wayan"].pk, "number": "RTM-01"})
    assert created.status_code == 302
    assert client.post(created["Location"], {"resident": people["siti"].pk}).status_code == 302
    listing = client.get("/rumah-tangga/", {"search": "wayan"}).content.decode()
    assert "RTM-01" in listing and 'data-testid="result-count">1 rumah tangga<' in listing
    _in(senggigi)
    assert set(Household.objects.get().members.values_list("name", flat=True)) == {"Wayan", "Siti Aminah"}


def test_groups_with_members_and_roles(senggigi, story):
    _kk, people = story
    client = _signed_in(senggigi)
    created = client.post("/kelompok/baru/", {"name": "Kelompok Tani Subur", "category": "Kelompok Tani",
                                              "description": "Petani padi"})
    assert created.status_code == 302
    assert client.post("/kelompok/baru/", {"name": ""}).status_code == 400
    url = created["Location"]
    assert client.post(url, {"resident": people["siti"].pk, "role": "ketua"}).status_code == 302
    second = client.post(url, {"resident": people["budi"].pk, "role": "ketua", "q": "budi"})
    assert second.status_code == 400 and "sudah punya ketua (Siti Aminah)" in second.content.decode()
    _in(senggigi)
    membership = GroupMembership.objects.get()
    connection.set_schema_to_public()
    client.post(f"{url}anggota/{membership.pk}/", {"role": "bendahara"})
    assert "Bendahara" in client.get(url).content.decode()
    filtered = client.get("/kelompok/", {"category": "Kelompok Tani"}).content.decode()
    assert 'data-testid="result-count">1 kelompok<' in filtered
    client.post(f"{url}anggota/{membership.pk}/", {"action": "remove"})
    _in(senggigi)
    assert not GroupMembership.objects.exists() and Group.objects.get().description == "Petani padi"


def _senggigi_urls(senggigi, story) -> dict[str, str]:
    """A page of every kind about Senggigi's records, and what posting to it would change."""
    kk, people = story
    _in(senggigi)
    rt = Rt.objects.get()
    household = Household.objects.create(number="RTM-09", head=people["budi"])
    group = Group.objects.create(name="PKK Senggigi")
    connection.set_schema_to_public()
    return {
        f"/wilayah/rt/{rt.pk}/": "",
        f"/wilayah/rt/{rt.pk}/kepala/": f"resident={people['budi'].pk}",
        f"/wilayah/rt/{rt.pk}/hapus/": "",
        f"/keluarga/{kk.pk}/": "",
        f"/keluarga/{kk.pk}/pecah/": f"no_kk=5201140101200002&members={people['andi'].pk}&head={people['andi'].pk}",
        f"/keluarga/{kk.pk}/anggota/": f"resident={people['wayan'].pk}&relationship=9",
        f"/rumah-tangga/{household.pk}/": f"resident={people['siti'].pk}",
        f"/kelompok/{group.pk}/": f"resident={people['siti'].pk}&role=anggota",
    }


def _writes(senggigi) -> int:
    _in(senggigi)
    count = AuditEntry.objects.count()
    connection.set_schema_to_public()
    return count


def test_viewer_reads_but_cannot_write(senggigi, story):
    urls = _senggigi_urls(senggigi, story)
    viewer = _signed_in(senggigi, "viewer")
    before = _writes(senggigi)
    for url, body in urls.items():
        if url.endswith(("kepala/", "hapus/", "pecah/", "anggota/")):
            assert viewer.post(url, body, content_type="application/x-www-form-urlencoded").status_code == 403, url
        else:
            page = viewer.get(url)
            # The sign-out button is the only form that posts.
            assert page.status_code == 200 and page.content.decode().count("csrfmiddlewaretoken") == 1, url
            assert viewer.post(url, body, content_type="application/x-www-form-urlencoded").status_code == 403, url
    for url in ("/keluarga/baru/", "/rumah-tangga/baru/", "/kelompok/baru/", f"{list(urls)[3]}pecah/"):
        assert viewer.get(url).status_code == 403, url
    assert _writes(senggigi) == before


def test_another_village_cannot_reach_these_records(senggigi, sukamaju, story, outsider):
    urls = _senggigi_urls(senggigi, story)
    before = _writes(senggigi)
    other = _signed_in(sukamaju)
    for url, body in urls.items():
        # 404 for a page that takes a POST; 403 for one that takes none
        assert other.post(url, body, content_type="application/x-www-form-urlencoded").status_code in (403, 404), url
        if not url.endswith(("kepala/", "hapus/", "anggota/")):
            assert other.get(url).status_code == 404, url
    for listing in ("/wilayah/", "/keluarga/", "/rumah-tangga/", "/kelompok/"):
        page = other.get(listing).content.decode()
        assert "Kerandangan" not in page and NO_KK not in page and "RTM-09" not in page and "PKK Senggigi" not in page
    stranger_client = host_client(senggigi)
    stranger_client.post("/masuk/", {"username": outsider.email, "password": PASSWORD})
    for url, body in urls.items():
        response = stranger_client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 403 or response["Location"].startswith("/masuk/"), url
        response = stranger_client.get(url)
        assert response.status_code == 403 or response["Location"].startswith("/masuk/"), url
    assert _writes(senggigi) == before


def _offered(page: str, resident) -> bool:
    return f'name="resident" value="{resident.pk}"' in page


def test_picker_explains_short_searches_hides_members_and_keeps_the_choice(senggigi, in_village, story):
    kk, people = story
    rahma = stranger(in_village(senggigi), name="Siti Rahma")
    connection.set_schema_to_public()
    client = _signed_in(senggigi)
    assert "Ketik minimal 2 huruf atau angka." in client.get(f"/keluarga/{kk.pk}/", {"q": "s"}).content.decode()
    # Siti Aminah is in this KK already: not offered again; Siti Rahma is.
    found = client.get(f"/keluarga/{kk.pk}/", {"q": "siti"}).content.decode()
    assert _offered(found, rahma) and not _offered(found, people["siti"])
    kept = client.post(f"/keluarga/{kk.pk}/anggota/", {"resident": rahma.pk, "q": "siti"}).content.decode()
    assert "Pilih hubungan dalam keluarga." in kept
    assert f'name="resident" value="{rahma.pk}" checked' in kept
    assert client.get("/wilayah/kota/1/").status_code == 404
