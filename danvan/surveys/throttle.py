"""Controls against repeated answers through open links, keeping respondents anonymous.

* A signed cookie lists the surveys this browser has answered (no identifier of the person: a new
  browser can answer again, which is why open links also have a rate limit and one-time tokens exist).
* A rate limit per client address, counted in the cache only under a keyed hash of the address, for a
  short window; the address is never written to the database and never stored with the answers.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

COOKIE_NAME = "dv_khaosat"
COOKIE_SALT = "danvan.surveys.answered"
COOKIE_MAX_AGE = 365 * 24 * 3600
MAX_REMEMBERED = 50
DEFAULT_RATE_LIMIT = (10, 3600)  # responses per client address per window (seconds), open links only
CACHE_PREFIX = "danvan:surveys:rate"


def _survey_mark(survey) -> str:
    return hashlib.sha256(str(survey.public_id).encode()).hexdigest()[:12]


def answered_marks(request) -> list[str]:
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    return [mark for mark in value.split(".") if mark]


def has_answered(request, survey) -> bool:
    return _survey_mark(survey) in answered_marks(request)


def remember_answered(request, response, survey) -> None:
    marks = [mark for mark in answered_marks(request) if mark != _survey_mark(survey)]
    marks = ([*marks, _survey_mark(survey)])[-MAX_REMEMBERED:]
    response.set_signed_cookie(
        COOKIE_NAME,
        ".".join(marks),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        parsed = ipaddress.ip_address(address)
        if parsed.version == 6:
            address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    except ValueError:
        address = "unknown"
    digest = salted_hmac("danvan.surveys.rate", address).hexdigest()[:24]
    return f"{CACHE_PREFIX}:{digest}"


def _limits() -> tuple[int, int]:
    return tuple(getattr(settings, "SURVEY_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def rate_exceeded(request) -> bool:
    limit, _window = _limits()
    return (cache.get(_client_key(request)) or 0) >= limit


def rate_hit(request) -> None:
    _limit, window = _limits()
    key = _client_key(request)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
