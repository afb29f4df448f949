"""AES-256-GCM field encryption with key ids and rotation.

The keyring is a JSON file outside the database (``FIELD_ENCRYPTION_KEYRING``)::

    {"active": "k2", "keys": {"k1": "<base64 32 bytes>", "k2": "<base64 32 bytes>"}}

A ciphertext is ``v1$<key id>$<base64(nonce ‖ ciphertext ‖ tag)>``. The key id lets old values be read
after rotation; ``danvan rotate-key`` adds a key, makes it active and re-encrypts every stored value.
The ``purpose`` (e.g. "cases.person.full_name") is bound as associated data, so a value copied into
another column fails to decrypt instead of being shown in the wrong place.
A missing or wrong key is always a loud ``EncryptionKeyError``: never ciphertext shown as text, never a blank.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from danvan.core.errors import EncryptionKeyError

PREFIX = "v1"
NONCE_BYTES = 12


@dataclass(frozen=True)
class Keyring:
    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise EncryptionKeyError(
                f"Không có khóa mã hóa '{key_id}' trong tệp khóa; dữ liệu này không thể giải mã."
            ) from None


def keyring_path() -> Path:
    return Path(settings.FIELD_ENCRYPTION_KEYRING)


@lru_cache(maxsize=4)
def _load_keyring(path: str, mtime_ns: int) -> Keyring:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        keys = {key_id: base64.b64decode(value, validate=True) for key_id, value in raw["keys"].items()}
        active = raw["active"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EncryptionKeyError(f"Tệp khóa mã hóa {path} không đọc được hoặc sai định dạng: {exc}") from exc
    if active not in keys or any(len(key) != 32 for key in keys.values()):
        raise EncryptionKeyError(f"Tệp khóa mã hóa {path}: khóa đang dùng phải có trong danh sách, dài 32 byte.")
    return Keyring(active=active, keys=keys)


def load_keyring() -> Keyring:
    path = keyring_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise EncryptionKeyError(
            f"Thiếu tệp khóa mã hóa {path}. Tạo bằng `danvan init-keys` hoặc đặt DANVAN_FIELD_KEYRING_FILE."
        ) from None
    return _load_keyring(str(path), mtime)


def write_keyring(keyring: Keyring, path: Path | None = None) -> None:
    """Write atomically with owner-only permissions."""
    path = path or keyring_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"active": keyring.active, "keys": {k: base64.b64encode(v).decode() for k, v in keyring.keys.items()}}
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
    tmp.replace(path)
    _load_keyring.cache_clear()


def new_keyring() -> Keyring:
    return Keyring(active="k1", keys={"k1": AESGCM.generate_key(bit_length=256)})


def keyring_add_key(keyring: Keyring) -> Keyring:
    number = 1 + max((int(k[1:]) for k in keyring.keys if k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    return Keyring(active=key_id, keys={**keyring.keys, key_id: AESGCM.generate_key(bit_length=256)})


def encrypt(plaintext: str, *, purpose: str) -> str:
    keyring = load_keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keyring.key(keyring.active)).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"{PREFIX}${keyring.active}${base64.b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str:
    return _split(token)[0]


def _split(token: str) -> tuple[str, bytes]:
    try:
        prefix, key_id, body = token.split("$", 2)
        if prefix != PREFIX:
            raise ValueError(prefix)
        return key_id, base64.b64decode(body, validate=True)
    except ValueError as exc:
        raise EncryptionKeyError("Giá trị mã hóa bị hỏng hoặc không đúng định dạng.") from exc


def decrypt(token: str, *, purpose: str) -> str:
    key_id, blob = _split(token)
    key = load_keyring().key(key_id)
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], purpose.encode()).decode()
    except InvalidTag:
        raise EncryptionKeyError(f"Không giải mã được bằng khóa '{key_id}': khóa sai hoặc dữ liệu đã bị sửa.") from None
