"""Host → village routing with a per-process cache.

django-tenants' own middleware looks the host up in the database on every
request and then sends ``SET search_path`` again; at this scale that halves the
throughput of a trivial view. Here a process keeps each lookup for
``BALAI_ROUTING_CACHE_SECONDS`` (unknown hosts too, so junk hosts cannot flood
the database), and the backend (tenants.db) skips the ``SET`` when the
connection already points at the village.
"""
import copy
import threading
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from config.health import healthz
from config.observability import tag_village
from tenants.models import Domain, Village

MISS_SECONDS = 2
MAX_ENTRIES = 50_000  # more hosts than villages means junk; start over rather than grow
_cache: dict[str, tuple[float, Village | None]] = {}
_cache_lock = threading.Lock()


def routing_forget(hostnames=None) -> None:
    """Drop cached lookups (all, or the given hosts) in this process."""
    with _cache_lock:
        if hostnames is None:
            _cache.clear()
        else:
            for hostname in hostnames:
                _cache.pop(hostname, None)


def village_for_host(hostname: str) -> Village | None:
    """The village served at ``hostname``: a private copy per call, so nothing a
    request does to it reaches other requests."""
    now = time.monotonic()
    cached = _cache.get(hostname)
    if cached is None or cached[0] <= now:
        connection.set_schema_to_public()
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        village = domain.tenant if domain else None
        # A miss is kept briefly: junk hosts cannot flood the database, and a
        # village provisioned by another process is found within seconds.
        ttl = settings.BALAI_ROUTING_CACHE_SECONDS if village else MISS_SECONDS
        with _cache_lock:
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[hostname] = cached = (now + ttl, village)
    return copy.copy(cached[1])


def hostname_of(request) -> str | None:
    """The request's host name without port, or None when it is not a valid host.

    Django's ALLOWED_HOSTS cannot list villages' own domains without a restart
    per domain; the Domain table is the allowlist instead, so an unknown or
    malformed host stops here with a 404 before any view runs.
    """
    host = request.META.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None
    host = host or request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    return domain or None


class VillageRoutingMiddleware(TenantMainMiddleware):
    """Route by host; answer for a village that is not being served yet or any more."""

    def process_request(self, request):
        if request.path_info == "/healthz":
            # Health answers on any host, before routing needs the database.
            return healthz(request)
        hostname = hostname_of(request)
        village = village_for_host(hostname) if hostname else None
        if village is None:
            tag_village(None)
            return HttpResponseNotFound(
                render_to_string("tenants/unknown_host.html", {"hostname": hostname}, request=request)
            )
        tag_village(village.code)
        if village.status == Village.Status.PROVISIONING:
            return HttpResponse(
                render_to_string("tenants/unavailable.html",
                                 {"village": village, "message": _("Desa ini sedang disiapkan. Coba lagi sebentar.")},
                                 request=request),
                status=503, headers={"Retry-After": "5"},
            )
        if village.status == Village.Status.ARCHIVED:
            return HttpResponse(
                render_to_string("tenants/unavailable.html",
                                 {"village": village, "message": _("Desa ini sudah tidak dilayani oleh Balai.")},
                                 request=request),
                status=410,
            )
        village.domain_url = hostname
        request.tenant = village
        connection.set_tenant(village)
        self.setup_url_routing(request)
