import json
import zipfile
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_kepala_desa_downloads_the_village_archive(live_server, committed_villages, page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    base = f"http://sukamaju.localhost:{urlsplit(live_server.url).port}"
    page.goto(f"{base}/masuk/")
    page.get_by_label("Email atau nama pengguna").fill("kades@sukamaju.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Ekspor data desa").click()
    page.get_by_role("button", name="Buat arsip baru").click()
    assert page.get_by_test_id("export-status").inner_text() == "Siap diunduh"

    with page.expect_download() as download_info:
        page.get_by_test_id("export-download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("balai-sukamaju-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["village"]["slug"] == "sukamaju"
        assert "tables/population_resident.csv" in archive.namelist()
