import json

import pytest

from danvan.core import crypto
from danvan.core.errors import EncryptionKeyError


def test_round_trip_and_ciphertext_hides_the_text():
    token = crypto.encrypt("Nguyễn Văn Tố, CCCD 001234567890", purpose="cases.person.full_name")
    assert "Nguyễn" not in token and "001234567890" not in token
    assert token.startswith("v1$k1$")
    assert crypto.decrypt(token, purpose="cases.person.full_name") == "Nguyễn Văn Tố, CCCD 001234567890"


def test_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("A", purpose="p") != crypto.encrypt("A", purpose="p")


def test_wrong_key_fails_loudly(field_keyring):
    token = crypto.encrypt("bí mật", purpose="p")
    crypto.write_keyring(crypto.new_keyring(), field_keyring)  # same id "k1", different bytes
    with pytest.raises(EncryptionKeyError, match="khóa sai"):
        crypto.decrypt(token, purpose="p")


def test_value_moved_to_another_column_does_not_decrypt():
    token = crypto.encrypt("bí mật", purpose="cases.person.full_name")
    with pytest.raises(EncryptionKeyError):
        crypto.decrypt(token, purpose="cases.person.address")


def test_missing_keyring_names_the_file_and_the_fix(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEYRING = tmp_path / "none.json"
    with pytest.raises(EncryptionKeyError, match="init-keys"):
        crypto.encrypt("x", purpose="p")


def test_unknown_key_id_is_reported(field_keyring):
    token = crypto.encrypt("x", purpose="p").replace("$k1$", "$k7$")
    with pytest.raises(EncryptionKeyError, match="k7"):
        crypto.decrypt(token, purpose="p")


def test_rotation_keeps_old_values_readable_and_encrypts_new_ones_with_the_new_key(field_keyring):
    old = crypto.encrypt("trước", purpose="p")
    crypto.write_keyring(crypto.keyring_add_key(crypto.load_keyring()), field_keyring)
    new = crypto.encrypt("sau", purpose="p")
    assert crypto.key_id_of(old) == "k1" and crypto.key_id_of(new) == "k2"
    assert crypto.decrypt(old, purpose="p") == "trước"
    assert json.loads(field_keyring.read_text())["active"] == "k2"
    assert oct(field_keyring.stat().st_mode & 0o777) == "0o600"
