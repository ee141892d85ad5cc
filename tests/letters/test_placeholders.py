import pytest

from tenant_apps.letters.placeholders import placeholders_render, placeholders_unknown
from tenant_apps.letters.terbilang import terbilang


def _render(text, **values):
    return placeholders_render(text, lambda key, argument: values[key], markup=frozenset({"qr_code"}))


def test_the_case_of_the_code_sets_the_case_of_the_value():
    assert _render("[nama] | [Nama] | [NAma] | [NAMA] | [nAma]", nama="siti AMINAH") == (
        "siti aminah | Siti Aminah | SITI AMINAH | SITI AMINAH | siti AMINAH")


def test_values_are_escaped_but_markup_codes_are_not():
    assert _render("[nama] [qr_code]", nama="<b>x</b>", qr_code="<img>") == "&lt;b&gt;x&lt;/b&gt; <img>"


def test_unknown_codes_are_listed_once_in_order():
    assert placeholders_unknown("[nama] [alamatt] [Nama] [ALAMATT] [zz, 3] [lihat lampiran]", {"nama"}) == [
        "[alamatt]", "[zz]"]


@pytest.mark.parametrize(("number", "words"), [
    (0, "nol"), (11, "sebelas"), (15, "lima belas"), (100, "seratus"), (1000, "seribu"), (1215, "seribu dua ratus lima belas"),
    (2_500_000, "dua juta lima ratus ribu"), (1_000_001, "satu juta satu"),
])
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_the_pdf_renderer_fetches_nothing_a_template_points_at(monkeypatch):
    """Templates are written by village staff: no network, no files of the server."""
    import io
    import socket

    from pypdf import PdfReader

    from tenant_apps.letters.pdf import html_to_pdf, qr_img

    connections = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: connections.append(address))
    body = ('<style>@import url(http://example.org/x.css);</style><img src="http://example.org/logo.png">'
            '<img src="file:///etc/hostname"><img src="pyproject.toml">' + qr_img("http://desa.test/surat/verifikasi/X/"))
    pdf = html_to_pdf(body, paper="A4")
    assert connections == []
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the embedded QR code only
