"""Fixtures for the API tests: tokens, an authenticated client that remembers every response (so a test
can assert that no identity ever left the server), and the case fixtures of ``danvan.cases``."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from danvan.accounts.roles import Role
from danvan.api.services import api_token_create
from danvan.cases.tests import conftest as cases_fixtures

legal_data = cases_fixtures.legal_data
category = cases_fixtures.category
submission = cases_fixtures.submission
handler = cases_fixtures.handler
leader = cases_fixtures.leader

# What the `submission` fixture puts on a case about its submitter: none of it may appear in any response.
IDENTITY_MARKERS = ["Nguyễn Văn Tố", "001234567890", "0912345678", "Số 5, Khu vực 1", "to@example.vn", "$argon2"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_token(db):
    def make(user, name="Tích hợp kiểm thử"):
        _token, plaintext = api_token_create(user=user, name=name)
        return plaintext

    return make


class RecordingClient:
    """A test client that sends the bearer token and keeps every response body it received."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token
        self.bodies: list[str] = []

    def _headers(self, headers: dict | None) -> dict:
        merged = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        merged.update(headers or {})
        return merged

    def _keep(self, response):
        if not getattr(response, "streaming", False):
            self.bodies.append(response.content.decode("utf-8", errors="replace"))
        return response

    def get(self, path, data=None, headers=None):
        return self._keep(self.client.get(path, data, headers=self._headers(headers)))

    def post(self, path, data=None, headers=None, content_type="application/json"):
        if content_type == "application/json" and data is not None:
            data = json.dumps(data)
        return self._keep(self.client.post(path, data, content_type=content_type, headers=self._headers(headers)))

    def post_multipart(self, path, data, headers=None):
        return self._keep(self.client.post(path, data, headers=self._headers(headers)))

    def post_form(self, path, data):
        body = urlencode(data, doseq=True)
        return self._keep(self.client.post(path, body, content_type="application/x-www-form-urlencoded; charset=utf-8"))


@pytest.fixture
def api_client():
    """Build clients; after the test, no response any of them received may carry an identity marker."""
    clients: list[RecordingClient] = []

    def make(token: str | None = None) -> RecordingClient:
        client = RecordingClient(token)
        clients.append(client)
        return client

    yield make
    for client in clients:
        for body in client.bodies:
            for marker in IDENTITY_MARKERS:
                assert marker not in body, f"identity marker {marker!r} leaked into an API response"


@pytest.fixture
def coordinator(make_officer, province):
    """A province-wide officer: sees both communes."""
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def handler_b(make_officer, commune_b):
    return make_officer(Role.CASE_HANDLER, commune_b)
