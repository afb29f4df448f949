from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import RequestFactory

from danvan.portal.throttle import RateLimit, client_id

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_allows_up_to_the_limit_then_refuses_until_the_window_ends():
    # given a limit of 3 per minute
    limit = RateLimit("unit-test", limit=3, window=60)
    with time_machine.travel(START, tick=False) as clock:
        # when the same client hits four times
        results = [limit.allow("203.0.113.5") for _ in range(4)]
        # then the fourth is refused, another client is not affected
        assert results == [True, True, True, False]
        assert limit.exceeded("203.0.113.5") is True
        assert limit.allow("203.0.113.6") is True
        # and after the window the client starts again
        clock.shift(timedelta(seconds=61))
        assert limit.exceeded("203.0.113.5") is False
        assert limit.allow("203.0.113.5") is True


def test_exceeded_does_not_count_a_hit():
    limit = RateLimit("unit-test-peek", limit=1, window=60)
    assert [limit.exceeded("198.51.100.1") for _ in range(3)] == [False, False, False]
    assert limit.hit("198.51.100.1") == 1
    assert limit.exceeded("198.51.100.1") is True


def test_settings_override_the_default_limit(settings):
    settings.PORTAL_RATE_LIMITS = {"unit-test-override": (1, 60)}
    limit = RateLimit("unit-test-override", limit=100, window=600)
    assert (limit.allow("192.0.2.1"), limit.allow("192.0.2.1")) == (True, False)
    assert limit.retry_after == 60


@pytest.mark.parametrize(
    ("_case", "meta", "behind_proxy", "expected"),
    [
        ("plain IPv4", {"REMOTE_ADDR": "203.0.113.9"}, False, "203.0.113.9"),
        ("IPv6 counted per /64", {"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, False, "2001:db8:1:2::/64"),
        ("IPv4-mapped IPv6", {"REMOTE_ADDR": "::ffff:203.0.113.9"}, False, "203.0.113.9"),
        (
            "forwarded header ignored without a proxy",
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"},
            False,
            "10.0.0.2",
        ),
        (
            "behind a proxy: the address the proxy appended",
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"},
            True,
            "198.51.100.7",
        ),
        ("garbage", {"REMOTE_ADDR": "not-an-address"}, False, "unknown"),
    ],
)
def test_client_id(settings, _case, meta, behind_proxy, expected):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None
    request = RequestFactory().get("/", **meta)
    assert client_id(request) == expected
