"""A letter's HTML to PDF (xhtml2pdf on ReportLab: pure Python, the standard
PDF fonts, so no font on the server can break a letter's layout)."""
import base64
import io

import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

PAGE_SIZES = {"F4": "215mm 330mm", "A4": "210mm 297mm"}
STYLE = """
@page {{ size: {size}; margin: 2cm 2cm 2cm 2.5cm; }}
body {{ font-family: Times-Roman; font-size: 12pt; line-height: 1.3; }}
h1, h2, h3 {{ text-align: center; margin: 0; }}
td {{ vertical-align: top; padding: 1pt 2pt; }}
.preview {{ color: #b00; text-align: center; font-size: 14pt; }}
"""


def qr_data_uri(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def qr_img(text: str) -> str:
    return f'<img src="{qr_data_uri(text)}" width="80" height="80" alt="QR">'


# Templates are written by village staff: the renderer fetches nothing from the
# network or the disk (no remote host, no base directory); only what is embedded
# as data: (the QR code) is drawn, and a render is bounded in time and size.
NOTHING_FETCHED = ResourceAccessPolicy(allow_remote=False, base_dir=None, max_local_bytes=2 * 1024 * 1024,
                                       max_render_seconds=20)


def _no_fetching(uri: str, _rel: str) -> str:
    """Every address but data: becomes an empty data: URI (xhtml2pdf ignores an empty answer)."""
    return uri if uri.startswith("data:") else "data:,"


def html_to_pdf(body: str, *, paper: str, preview: bool = False) -> bytes:
    banner = f'<p class="preview">{_("PRATINJAU — BELUM BERNOMOR, BUKAN SURAT RESMI")}</p>' if preview else ""
    document = (f"<html><head><meta charset='utf-8'><style>{STYLE.format(size=PAGE_SIZES[paper])}</style></head>"
                f"<body>{banner}{body}</body></html>")
    output = io.BytesIO()
    result = pisa.CreatePDF(document, dest=output, encoding="utf-8", link_callback=_no_fetching,
                            resource_policy=NOTHING_FETCHED)
    if result.err:
        raise ValidationError({"template": [_("Templat tidak bisa dicetak menjadi PDF; periksa HTML-nya.")]})
    return output.getvalue()
