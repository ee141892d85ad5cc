"""Checks on what identifies a village: its Kemendagri code and its subdomain."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

VILLAGE_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
SLUG_MIN, SLUG_MAX = 3, 40
# Host names Balai keeps for itself or that would mislead residents.
RESERVED_SLUGS = frozenset({
    "www", "api", "admin", "ops", "static", "media", "public", "balai", "app", "daftar", "wilayah",
    "billing", "mail", "smtp", "imap", "pop", "ftp", "ns", "ns1", "ns2", "dns", "cdn", "assets",
    "status", "help", "bantuan", "support", "docs", "dev", "test", "staging", "demo", "localhost",
    "masuk", "login", "auth", "sso", "kemendagri", "desa", "kelurahan", "pemerintah", "gov",
})


def schema_name_for(code: str) -> str:
    return "desa_" + code.replace(".", "")


def check_village_code_format(code: str) -> None:
    if not VILLAGE_CODE.fullmatch(code or ""):
        raise ValidationError(
            _("Kode desa harus berbentuk PP.KK.CC.DDDD, misalnya 52.01.14.2006."), code="format"
        )


def check_slug_format(slug: str) -> None:
    if not (SLUG_MIN <= len(slug or "") <= SLUG_MAX) or not SLUG.fullmatch(slug) or "--" in slug:
        raise ValidationError(
            _("Subdomain harus %(min)s–%(max)s karakter: huruf kecil, angka dan tanda hubung, "
              "tidak diawali atau diakhiri tanda hubung.") % {"min": SLUG_MIN, "max": SLUG_MAX},
            code="format",
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("Subdomain “%(slug)s” dicadangkan oleh Balai.") % {"slug": slug}, code="reserved")
