from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from danvan.api.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dv_<prefix>_<secret>``. ``request.auth`` is the token's user, so every read
    is scoped exactly as for that user; ``request.api_token`` is the token (its prefix names the client
    for idempotency keys)."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user
