"""Browser tests: Playwright drives Debian's Chromium (never a browser downloaded by `playwright install`).

The test data is built with the real services, so the pages show what an officer would see.
Screenshots of every step go to ``test-output/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.world import World, build_world

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(transactional_db, live_server) -> World:
    return build_world()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread; Django's ORM refuses to run where a loop
    # is running unless told it is safe (it is: the loop only drives the browser). Only while browsing:
    # set at import time it would leak into every other test's environment.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


class PageProblems:
    """Console errors (e.g. Content-Security-Policy refusals) and failed requests seen by a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: self.errors.append(f"request failed: {req.url}"))

    def assert_none(self, *, allow: tuple[str, ...] = ()):
        errors = [e for e in self.errors if not any(re.search(pattern, e) for pattern in allow)]
        assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    yield context
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture
def page(request, context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page)
    yield page
    if getattr(request.node, "browser_failed", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"), full_page=True)


@pytest.fixture
def shoot():
    """shoot(page, "name") saves test-output/screenshots/<name>.png (full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shoot
