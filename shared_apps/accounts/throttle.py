"""Sign-in throttling, shared by the sign-in page and the token API.

Failures are counted per username and per client address for a window; past
the limit every attempt is refused, right password or not, until the window
ends. Counters live in the cache (per village, through the tenant key
function); production requires a shared cache (Redis) so every process sees them.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
LIMIT_PER_USERNAME = 10
LIMIT_PER_ADDRESS = 50


def client_address(request) -> str:
    """REMOTE_ADDR, or the address the nearest trusted proxy saw (BALAI_NUM_PROXIES).

    A client can put anything in X-Forwarded-For; only entries appended by
    our own proxies count, read from the right.
    """
    proxies = settings.BALAI_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class SignInLimits:
    """Where a kind of sign-in keeps its counters, and how many failures each allows."""

    scope: str = "sign-in"
    per_username: int = LIMIT_PER_USERNAME
    per_address: int = LIMIT_PER_ADDRESS


STAFF = SignInLimits()


def _counters(request, username: str, limits: SignInLimits) -> list[tuple[str, int]]:
    return [
        (f"{limits.scope}:user:{username.strip().lower()}", limits.per_username),
        (f"{limits.scope}:address:{client_address(request)}", limits.per_address),
    ]


def sign_in_blocked(request, username: str, limits: SignInLimits = STAFF) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _counters(request, username, limits))


def sign_in_failed(request, username: str, limits: SignInLimits = STAFF) -> bool:
    """Count a failure; True when this one used up a limit (the sign-in is now locked)."""
    locked = False
    for key, limit in _counters(request, username, limits):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
        locked = locked or count == limit
    return locked


def sign_in_succeeded(request, username: str, limits: SignInLimits = STAFF) -> None:
    cache.delete(_counters(request, username, limits)[0][0])


def address_limited(request, scope: str, limit: int) -> bool:
    """Whether this client address used up ``limit`` counted attempts of ``scope`` in the window."""
    return (cache.get(f"{scope}:address:{client_address(request)}") or 0) >= limit


def address_count(request, scope: str) -> None:
    key = f"{scope}:address:{client_address(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
