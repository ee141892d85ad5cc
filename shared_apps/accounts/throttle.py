"""Counting attempts in the cache: the sign-in throttle, and the one signup uses.

A ``Counter`` is a cache key, a limit and a window. Past the limit every
attempt is refused until the window (which starts at the first counted
attempt) ends. Counters live in the cache (per village, through the tenant
key function); production requires a shared cache (Redis) so every process
sees them.

Sign-in counts failures per username and per client address, so a right
password is refused too while either is over its limit.
"""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
LIMIT_PER_USERNAME = 10
LIMIT_PER_ADDRESS = 50


@dataclass(frozen=True)
class Counter:
    key: str
    limit: int
    window_seconds: int


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


def counters_exceeded(counters: list[Counter]) -> list[Counter]:
    """The counters that have reached their limit."""
    return [counter for counter in counters if (cache.get(counter.key) or 0) >= counter.limit]


def counters_increment(counters: list[Counter]) -> list[Counter]:
    """Count one attempt on each; returns the counters this attempt brought to their limit."""
    reached = []
    for counter in counters:
        cache.add(counter.key, 0, counter.window_seconds)
        try:
            count = cache.incr(counter.key)
        except ValueError:  # expired between add and incr
            cache.set(counter.key, 1, counter.window_seconds)
            count = 1
        if count == counter.limit:
            reached.append(counter)
    return reached


@dataclass(frozen=True)
class SignInLimits:
    """Where a kind of sign-in keeps its counters, and how many failures each allows."""

    scope: str = "sign-in"
    per_username: int = LIMIT_PER_USERNAME
    per_address: int = LIMIT_PER_ADDRESS


STAFF = SignInLimits()


def _sign_in_counters(request, username: str, limits: SignInLimits) -> list[Counter]:
    return [
        Counter(f"{limits.scope}:user:{username.strip().lower()}", limits.per_username, WINDOW_SECONDS),
        Counter(f"{limits.scope}:address:{client_address(request)}", limits.per_address, WINDOW_SECONDS),
    ]


def sign_in_blocked(request, username: str, limits: SignInLimits = STAFF) -> bool:
    return bool(counters_exceeded(_sign_in_counters(request, username, limits)))


def sign_in_failed(request, username: str, limits: SignInLimits = STAFF) -> bool:
    """Count a failure; True when this one used up a limit (the sign-in is now locked)."""
    return bool(counters_increment(_sign_in_counters(request, username, limits)))


def sign_in_succeeded(request, username: str, limits: SignInLimits = STAFF) -> None:
    cache.delete(_sign_in_counters(request, username, limits)[0].key)
