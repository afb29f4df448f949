"""Whole-HTTP measurements with the standard library: keep-alive clients in threads, closed-loop runs at a
fixed concurrency and open-loop runs at a fixed arrival rate, reported as median / p95 / p99 latency and
throughput. Open-loop latency is measured from each request's *intended* start, so a stalled server shows
up in the percentiles instead of silently lowering the load (no coordinated omission)."""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


class Client:
    """One keep-alive connection with a cookie jar (enough for Django sessions and CSRF)."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        merged = {**self.headers, **(headers or {})}
        if self.cookies:
            merged["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=merged)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            return response.status, data
        raise AssertionError("unreachable")

    def login(self, username: str, password: str, path: str = "/tai-khoan/dang-nhap/") -> None:
        self.request("GET", path)
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        status, _body = self.request(
            "POST",
            path,
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{self.host}:{self.port}{path}"},
        )
        if status != 302:
            raise RuntimeError(f"login failed: HTTP {status}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def record(self, error: str | None, elapsed_ms: float) -> None:
        """Called under the run's lock."""
        if error is None:
            self.latencies_ms.append(elapsed_ms)
        else:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(error)

    def summary(self) -> dict:
        done = len(self.latencies_ms)
        return {
            "requests": done + self.errors,
            "errors": self.errors,
            "median_ms": round(percentile(self.latencies_ms, 0.5), 2),
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 2),
            "p99_ms": round(percentile(self.latencies_ms, 0.99), 2),
            "throughput_rps": round(done / self.seconds, 1) if self.seconds else 0.0,
        }


# A call gets the thread's client and a sequence number, and returns None on success or an error text.
Call = Callable[[Client, int], str | None]


def closed_loop(make_client: Callable[[], Client], call: Call, *, concurrency: int, seconds: float) -> Run:
    """``concurrency`` clients, each sending its next request as soon as the last one answered."""
    run, lock, counter = Run(), threading.Lock(), iter(range(10**9))
    stop_at = time.monotonic() + seconds

    def loop() -> None:
        client = make_client()
        while time.monotonic() < stop_at:
            with lock:
                number = next(counter)
            start = time.perf_counter()
            try:
                error = call(client, number)
            except Exception as exc:
                error = repr(exc)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                run.record(error, elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    return run


def open_loop(make_client: Callable[[], Client], call: Call, *, rate: float, seconds: float, pool: int = 64) -> Run:
    """Requests start at ``rate`` per second whatever the server does; latency counts from the planned start."""
    run, lock, local = Run(), threading.Lock(), threading.local()
    total = int(rate * seconds)

    def one(number: int, planned: float) -> None:
        if not hasattr(local, "client"):
            local.client = make_client()
        try:
            error = call(local.client, number)
        except Exception as exc:
            error = repr(exc)
        elapsed = (time.perf_counter() - planned) * 1000
        with lock:
            run.record(error, elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=pool) as executor:
        for number in range(total):
            planned = started + number / rate
            delay = planned - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            executor.submit(one, number, planned)
    run.seconds = time.perf_counter() - started
    return run
