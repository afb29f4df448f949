"""Rate limits for the citizen portal, kept in Django's cache: no account is needed to submit or track, so
the client address is what we can count on. A fixed window per (scope, client): the first hit opens a window
of ``window`` seconds, and once ``limit`` hits are counted the client waits until the window ends.

The defaults can be overridden with ``settings.PORTAL_RATE_LIMITS = {"submit": (5, 600), ...}``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

CACHE_PREFIX = "danvan:portal:throttle"


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    window: int  # seconds

    def _settings(self) -> tuple[int, int]:
        override = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(self.scope)
        return tuple(override) if override else (self.limit, self.window)

    def _key(self, client: str) -> str:
        return f"{CACHE_PREFIX}:{self.scope}:{client}"

    @property
    def retry_after(self) -> int:
        return self._settings()[1]

    def exceeded(self, client: str) -> bool:
        """True when ``client`` has used up its hits in the current window (does not count a hit)."""
        limit, _window = self._settings()
        return (cache.get(self._key(client)) or 0) >= limit

    def hit(self, client: str) -> int:
        """Count one hit and return the count in the current window."""
        _limit, window = self._settings()
        key = self._key(client)
        cache.add(key, 0, timeout=window)  # opens the window; a no-op while it is open
        try:
            return cache.incr(key)
        except ValueError:  # the window closed between add() and incr()
            cache.set(key, 1, timeout=window)
            return 1

    def allow(self, client: str) -> bool:
        """Count one hit; True while the count is within the limit."""
        limit, _window = self._settings()
        return self.hit(client) <= limit


# Every POST to the portal (typing mistakes included), successful submissions, and code + PIN look-ups.
PORTAL_POSTS = RateLimit("posts", limit=30, window=600)
SUBMISSIONS = RateLimit("submit", limit=5, window=600)
TRACK_ATTEMPTS = RateLimit("track", limit=10, window=600)


def client_id(request) -> str:
    """The client's address as the rate limits see it.

    Behind a reverse proxy (``DANVAN_BEHIND_PROXY``, which sets ``SECURE_PROXY_SSL_HEADER``) the address is
    the last one in X-Forwarded-For, the one our proxy appended; earlier entries are written by the client
    and cannot be trusted. IPv6 clients are counted per /64, the block one subscriber usually holds.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-1]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
