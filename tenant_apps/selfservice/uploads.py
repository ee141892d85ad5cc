"""Checks of uploaded files: by their first bytes, not by the name or the
browser's claim, and by size. Used for request documents and complaint photos."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
              b"%PDF-": ("application/pdf", "pdf")}
IMAGES = {"image/jpeg", "image/png"}


def upload_read(file, *, field: str, allowed: set[str] = frozenset(IMAGES | {"application/pdf"})) -> tuple[bytes, str, str]:
    """(content, content type, extension) of an accepted upload, or ValidationError on ``field``."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: [_("Berkas terlalu besar (maks. 2 MB).")]})
    content = file.read(MAX_UPLOAD_BYTES + 1)
    if not content:
        raise ValidationError({field: [_("Berkas kosong.")]})
    for signature, (content_type, extension) in SIGNATURES.items():
        if content.startswith(signature) and content_type in allowed:
            return content, content_type, extension
    kinds = "JPG, PNG" + (", PDF" if "application/pdf" in allowed else "")
    raise ValidationError({field: [_("Jenis berkas tidak diterima; unggah %(kinds)s.") % {"kinds": kinds}]})
