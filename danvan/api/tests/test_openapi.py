import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_committed_openapi_schema_matches_the_code():
    # when / then: fails with "chưa khớp" until `danvan openapi-export` is run and the file committed
    out = StringIO()
    call_command("openapi-export", "--check", stdout=out)
    assert "khớp" in out.getvalue()


def test_check_fails_on_a_stale_schema(tmp_path):
    # given
    stale = tmp_path / "openapi.json"
    call_command("openapi-export", "--path", str(stale), stdout=StringIO())
    schema = json.loads(stale.read_text(encoding="utf-8"))
    schema["info"]["version"] = "0"
    stale.write_text(json.dumps(schema), encoding="utf-8")

    # when / then
    with pytest.raises(CommandError, match="chưa khớp"):
        call_command("openapi-export", "--check", "--path", str(stale), stdout=StringIO())


def test_exported_schema_is_sorted_utf8_and_never_describes_identity(tmp_path):
    # given
    target = tmp_path / "openapi.json"

    # when
    call_command("openapi-export", "--path", str(target), stdout=StringIO())

    # then
    text = target.read_text(encoding="utf-8")
    schema = json.loads(text)
    assert text == json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert schema["info"]["title"] == "Danvan API"
    assert "Gửi đơn mới" in text
    for name in ("CaseOut", "CaseCreatedOut", "EventOut", "AttachmentOut"):
        properties = set(schema["components"]["schemas"][name]["properties"])
        assert not properties & {"persons", "notify_email", "pin_hash", "full_name", "id_number", "phone"}
