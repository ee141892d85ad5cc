from django.conf import settings

from tenants.models import Village


def village_host(village: Village) -> str:
    return f"{village.slug}.{settings.BALAI_BASE_DOMAIN}"


def _url(host: str, path: str) -> str:
    port = settings.BALAI_URL_PORT
    default_port = {"http": 80, "https": 443}.get(settings.BALAI_URL_SCHEME)
    suffix = f":{port}" if port and port != default_port else ""
    return f"{settings.BALAI_URL_SCHEME}://{host}{suffix}{path}"


def village_url(village: Village) -> str:
    return _url(village_host(village), "/")


def control_plane_url(path: str = "/") -> str:
    """An absolute URL on the base domain (the ops console, signup, oversight)."""
    return _url(settings.BALAI_BASE_DOMAIN, path)


def village_list():
    return Village.objects.villages().order_by("code")


def village_get_by_slug(slug: str) -> Village | None:
    return Village.objects.villages().filter(slug=slug.strip().lower()).first()
