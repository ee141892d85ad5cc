"""Reads for the signup pages: village search, subdomain suggestion, progress, requests."""
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Upper
from django.utils.text import slugify

from shared_apps.regions.models import Region
from shared_apps.signup.models import AccessRequest, Signup
from shared_apps.signup.validation import slug_check
from tenants.models import Village
from tenants.tasks import provisioning_progress_key
from tenants.validators import SLUG_MAX

SEARCH_MIN_LETTERS = 3
SEARCH_LIMIT = 20
_CODE_QUERY = re.compile(r"[\d.\s]+")
# What people put before a village's name that the Kemendagri list does not.
_NAME_PREFIXES = ("desa ", "kelurahan ", "kel. ", "kel ", "ds. ", "ds ")


@dataclass(frozen=True)
class VillageHit:
    code: str
    name: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    on_balai: bool


@dataclass(frozen=True)
class VillageSearch:
    hits: list[VillageHit]
    more: bool  # there were more matches than shown: add a place to narrow down
    too_short: bool


def _code_prefix(query: str) -> str:
    """``5201142006`` or ``52.01.14.20`` → the dotted code prefix ``52.01.14.20``."""
    digits = re.sub(r"\D", "", query)[:10]
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


def village_search(query: str, *, limit: int = SEARCH_LIMIT) -> VillageSearch:
    """Desa/kelurahan by code (prefix) or by name (substring), same-named ones told apart
    by their kecamatan, kabupaten and provinsi.

    ``"Sukamaju, Lunyuk"``: after a comma, words that the kecamatan, kabupaten or
    provinsi name must contain. Name search uses the trigram index on the
    upper-cased name (regions migration 0002), so it stays fast on the full list.
    """
    query = " ".join((query or "").split())
    name_part, _comma, place_part = query.partition(",")
    name_part = name_part.strip()
    if _CODE_QUERY.fullmatch(query) and sum(ch.isdigit() for ch in query) >= 2:
        villages = Region.objects.filter(level=Region.Level.DESA_KELURAHAN, code__startswith=_code_prefix(query))
        villages = villages.order_by("code")
    else:
        lowered = name_part.lower()
        for prefix in _NAME_PREFIXES:
            if lowered.startswith(prefix) and len(lowered) > len(prefix):
                name_part = name_part[len(prefix):].strip()
                break
        if len(name_part) < SEARCH_MIN_LETTERS:
            return VillageSearch(hits=[], more=False, too_short=True)
        villages = Region.objects.filter(level=Region.Level.DESA_KELURAHAN, name__icontains=name_part)
        for word in place_part.split():
            villages = villages.filter(
                Q(parent__name__icontains=word) | Q(parent__parent__name__icontains=word)
                | Q(parent__parent__parent__name__icontains=word)
            )
        rank = Case(
            When(name__iexact=name_part, then=Value(0)),
            When(name__istartswith=name_part, then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )
        villages = villages.annotate(rank=rank).order_by("rank", Upper("name"), "code")
    rows = list(villages.select_related("parent__parent__parent")[: limit + 1])
    taken = set(Village.objects.filter(code__in=[row.code for row in rows]).values_list("code", flat=True))
    hits = [_hit(row, on_balai=row.code in taken) for row in rows[:limit]]
    return VillageSearch(hits=hits, more=len(rows) > limit, too_short=False)


def _hit(region: Region, *, on_balai: bool) -> VillageHit:
    kecamatan = region.parent
    kabupaten = kecamatan.parent if kecamatan else None
    provinsi = kabupaten.parent if kabupaten else None
    return VillageHit(
        code=region.code, name=region.name, kecamatan=kecamatan.name if kecamatan else "",
        kabupaten=kabupaten.name if kabupaten else "", provinsi=provinsi.name if provinsi else "",
        on_balai=on_balai,
    )


def village_hit(code: str) -> VillageHit | None:
    region = Region.objects.select_related("parent__parent__parent").filter(
        code=code, level=Region.Level.DESA_KELURAHAN
    ).first()
    if region is None:
        return None
    return _hit(region, on_balai=Village.objects.filter(code=code).exists())


def slug_is_free(slug: str) -> bool:
    try:
        slug_check(slug)
    except ValidationError:
        return False
    return True


def _slug_base(text: str) -> str:
    return slugify(text)[:SLUG_MAX].strip("-")


def slug_suggest(hit: VillageHit) -> str:
    """A free subdomain from the village's name, then with its kecamatan, then with its code."""
    name = _slug_base(hit.name)
    candidates = [
        name,
        _slug_base(f"{hit.name} {hit.kecamatan}"),
        _slug_base(f"{name[:SLUG_MAX - 5]}-{hit.code[-4:]}"),
        _slug_base(f"desa-{hit.code.replace('.', '')}"),
    ]
    for candidate in candidates:
        if candidate and slug_is_free(candidate):
            return candidate
    return ""


def signup_by_public_id(public_id) -> Signup | None:
    return Signup.objects.select_related("village").filter(public_id=public_id).first()


def signup_progress_step(signup: Signup) -> str:
    """The last step the provisioning reported (tenants.tasks.provisioning_progress_key)."""
    return cache.get(provisioning_progress_key(signup.village_code)) or ""


def access_request_by_public_id(public_id) -> AccessRequest | None:
    return AccessRequest.objects.select_related("village").filter(public_id=public_id).first()


def access_requests_pending(*, village: Village):
    return AccessRequest.objects.filter(village=village, status=AccessRequest.Status.PENDING).order_by("created_at")
