import pytest
from django.core.exceptions import ImproperlyConfigured

from danvan.envconf import env_bool, env_int, env_list, env_str


def test_typed_readers_parse_and_default(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.vn, b.vn,")
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a.vn", "b.vn"]
    assert env_int("X_MISSING", 7) == 7


@pytest.mark.parametrize(("reader", "value"), [(env_bool, "maybe"), (env_int, "bốn")])
def test_bad_values_fail_loudly(monkeypatch, reader, value):
    monkeypatch.setenv("X_BAD", value)
    with pytest.raises(ImproperlyConfigured, match="X_BAD"):
        reader("X_BAD", 0)


def test_file_variant_reads_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET", "") == "s3cret"
