"""Writes for API tokens: create (plaintext shown once), revoke, and authenticate (which records use)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.api.models import ApiToken
from danvan.core.audit import audit_record
from danvan.core.clock import now_or_current
from danvan.core.errors import ValidationFailed
from danvan.core.text import normalize

TOKEN_SCHEME = "dv"
PREFIX_LENGTH = 8
# Recording every use would write a row per request; once a minute is enough to see which keys are alive.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_prefix() -> str:
    while True:
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix


def parse_token(plaintext: str) -> tuple[str, str] | None:
    """``dv_<prefix>_<secret>`` → (prefix, secret); None when it is not shaped like one of our tokens."""
    parts = (plaintext or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME or len(parts[1]) != PREFIX_LENGTH or not parts[2]:
        return None
    return parts[1], parts[2]


@transaction.atomic
def api_token_create(*, user, name: str, actor=None, now: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for ``user``. Returns the row and the plaintext, which is never stored or shown again."""
    name = normalize(name)
    if not name:
        raise ValidationFailed(_("Vui lòng đặt tên cho kết nối."))
    if not user.is_active:
        raise ValidationFailed(_("Tài khoản đã bị khóa, không thể cấp khóa kết nối."))
    prefix = _new_prefix()
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=prefix, key_hash=_hash(secret))
    audit_record(
        action="api.token_created",
        actor=actor,
        target=token,
        now=now_or_current(now),
        data={"user": user.pk, "prefix": prefix},
    )
    return token, f"{TOKEN_SCHEME}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None, now: datetime | None = None) -> ApiToken:
    now = now_or_current(now)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = now
        locked.save(update_fields=["revoked_at"])
        audit_record(action="api.token_revoked", actor=actor, target=locked, now=now, data={"prefix": locked.prefix})
    return locked


def api_token_authenticate(plaintext: str, *, now: datetime | None = None) -> ApiToken | None:
    """The active token whose secret matches, with its (active) user; None otherwise. Records the use."""
    parsed = parse_token(plaintext)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    # Compare a hash even when the prefix is unknown, so timing does not tell prefixes apart.
    expected = token.key_hash if token is not None else _hash("")
    matches = hmac.compare_digest(expected, _hash(secret))
    if token is None or not matches or token.revoked_at is not None or not token.user.is_active:
        return None
    now = now_or_current(now)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
