"""Chromium: an operator assigns a ketua RT by searching residents, and splits a KK."""
from urllib.parse import urlsplit

import pytest
from django.db import connection

from shared_apps.accounts.models import User
from tenant_apps.population.models import Family, Rt
from tests.conftest import PASSWORD
from tests.population.registry_story import NO_KK, budi_family

pytestmark = pytest.mark.browser


def _url(live_server, path: str) -> str:
    return f"http://senggigi.localhost:{urlsplit(live_server.url).port}{path}"


@pytest.fixture
def budi(committed_villages):
    village = committed_villages["senggigi"]
    connection.set_tenant(village)
    kk, people = budi_family(User.objects.get(email="operator@senggigi.test"))
    connection.set_schema_to_public()
    return village, kk, people


def _sign_in(page, live_server, path):
    page.goto(_url(live_server, f"/masuk/?next={path}"))
    page.get_by_label("Email atau nama pengguna").fill("operator@senggigi.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(_url(live_server, path))


def test_operator_assigns_the_ketua_rt_from_a_search(live_server, budi, page):
    village, _kk, _people = budi
    _sign_in(page, live_server, "/wilayah/")
    assert "Dusun Kerandangan" in page.get_by_test_id("wilayah-tree").inner_text()
    page.get_by_role("link", name="RT 001").click()
    assert page.get_by_test_id("resident-count").inner_text() == "4"

    page.get_by_label("Cari penduduk (nama atau NIK)").fill("bud")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.get_by_label("Budi").check()
    page.get_by_role("button", name="Simpan Ketua RT").click()

    assert "Ketua RT: Budi." in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("head").inner_text().startswith("Budi (5201141207850003)")
    connection.set_tenant(village)
    assert Rt.objects.get().head.name == "Budi"
    connection.set_schema_to_public()


def test_operator_splits_a_family_from_its_page(live_server, budi, page):
    village, kk, _people = budi
    _sign_in(page, live_server, "/keluarga/")
    page.get_by_label("Cari No. KK atau nama kepala keluarga").fill("budi")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name=NO_KK).click()
    page.get_by_role("link", name="Pecah KK").click()

    # A wrong number first: the message, and the choices kept.
    members = page.get_by_role("group", name="Anggota yang pindah ke KK baru")
    members.get_by_label("Andi (ANAK)").check()
    members.get_by_label("Rina (LAINNYA)").check()
    page.get_by_role("group", name="Kepala KK baru").get_by_label("Andi (ANAK)").check()
    page.get_by_label("Nomor KK baru *").fill("52011401")
    page.get_by_role("button", name="Pecah KK").click()
    assert page.get_by_test_id("error-no_kk").inner_text() == "Nomor KK harus 16 angka."
    assert members.get_by_label("Rina (LAINNYA)").is_checked()

    page.get_by_label("Nomor KK baru *").fill("5201140101200002")
    page.get_by_role("button", name="Pecah KK").click()
    page.wait_for_url("**/keluarga/*/")
    assert "KK dipecah: KK baru 5201140101200002." in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("family-head").inner_text() == "Andi"
    member_names = page.get_by_test_id("members").inner_text()
    assert "Andi" in member_names and "Rina" in member_names and "Siti" not in member_names
    connection.set_tenant(village)
    assert set(Family.objects.get(pk=kk.pk).members.values_list("name", flat=True)) == {"Budi", "Siti Aminah"}
    connection.set_schema_to_public()
