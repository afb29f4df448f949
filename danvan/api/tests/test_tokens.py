import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from danvan.accounts.roles import Role
from danvan.api.models import ApiToken
from danvan.api.services import api_token_authenticate, api_token_create, api_token_revoke
from danvan.core.models import AuditEvent


@pytest.mark.django_db
def test_token_plaintext_is_returned_once_and_only_its_hash_is_stored(make_officer, commune_a):
    # given
    user = make_officer(Role.CASE_HANDLER, commune_a)

    # when
    token, plaintext = api_token_create(user=user, name="Tổng đài 1022")

    # then
    assert re.fullmatch(r"dv_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", plaintext)
    prefix, secret = plaintext.split("_", 2)[1:]
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.prefix == prefix
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in stored.key_hash
    assert AuditEvent.objects.filter(action="api.token_created", object_id=str(token.pk)).count() == 1


@pytest.mark.django_db
def test_authenticate_accepts_the_plaintext_and_refuses_a_wrong_secret_or_a_revoked_token(make_officer, commune_a):
    # given
    user = make_officer(Role.CASE_HANDLER, commune_a)
    token, plaintext = api_token_create(user=user, name="Tích hợp")
    prefix = plaintext.split("_", 2)[1]

    # when / then
    assert api_token_authenticate(plaintext).pk == token.pk
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert api_token_authenticate(f"dv_{prefix}_not-the-secret") is None
    assert api_token_authenticate("dv_zzzzzzzz_whatever") is None
    assert api_token_authenticate("garbage") is None
    api_token_revoke(token=token)
    assert api_token_authenticate(plaintext) is None


@pytest.mark.django_db
def test_management_command_prints_a_working_token(make_officer, commune_a):
    # given
    user = make_officer(Role.CASE_HANDLER, commune_a, username="tongdai")
    out, err = StringIO(), StringIO()

    # when
    call_command("api-token-create", "tongdai", "Tổng đài 1022", stdout=out, stderr=err)

    # then
    plaintext = out.getvalue().strip()
    assert api_token_authenticate(plaintext).user == user
    assert "không hiện lại" in err.getvalue()


@pytest.mark.django_db
def test_management_command_refuses_an_unknown_user():
    # when / then
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("api-token-create", "khong-co", "X", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.count() == 0
