"""Key management services: create the keyring, rotate to a new key and re-encrypt stored values."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from danvan.core import crypto
from danvan.core.audit import audit_record
from danvan.core.fields import EncryptedTextField


def encrypted_fields() -> list[tuple[type, list[str]]]:
    found = []
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def keyring_init() -> bool:
    """Create a keyring if none exists. Returns False (and changes nothing) when one is already there."""
    if crypto.keyring_path().exists():
        return False
    crypto.write_keyring(crypto.new_keyring())
    return True


def keyring_rotate(*, actor: object = None, batch_size: int = 500) -> tuple[str, int]:
    """Make a new key active, then re-encrypt every encrypted value with it. Old keys stay in the ring
    so that a half-finished rotation (crash, power cut) can simply be run again."""
    keyring = crypto.keyring_add_key(crypto.load_keyring())
    crypto.write_keyring(keyring)
    rewritten = 0
    for model, names in encrypted_fields():
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                rows = model._default_manager.select_for_update().filter(pk__in=pks[start : start + batch_size])
                for row in rows:
                    # Reading decrypts with the old key id; saving encrypts with the new active key.
                    row.save(update_fields=names)
                    rewritten += 1
    with transaction.atomic():
        audit_record(action="core.key_rotated", actor=actor, data={"active": keyring.active, "rows": rewritten})
    return keyring.active, rewritten
