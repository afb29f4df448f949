import pytest

from danvan.accounts.roles import Role
from danvan.api.models import ApiToken
from danvan.api.services import api_token_revoke


def assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.mark.django_db
def test_missing_token_is_401_in_the_error_shape(api_client, legal_data):
    # when
    response = api_client().get("/api/v1/categories")

    # then
    error = assert_error_shape(response, 401, "unauthorized")
    assert "khóa kết nối" in error["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authorization",
    ["Bearer dv_00000000_invalid", "Bearer nonsense", "Token abc", "Basic dXNlcjpwYXNz"],
)
def test_invalid_token_is_401(api_client, legal_data, authorization):
    # when
    response = api_client().get("/api/v1/categories", headers={"Authorization": authorization})

    # then
    assert_error_shape(response, 401, "unauthorized")


@pytest.mark.django_db
def test_revoked_token_is_401(api_client, make_token, make_officer, commune_a, legal_data):
    # given
    token = make_token(make_officer(Role.CASE_HANDLER, commune_a))
    client = api_client(token)
    assert client.get("/api/v1/categories").status_code == 200

    # when
    api_token_revoke(token=ApiToken.objects.get())
    response = client.get("/api/v1/categories")

    # then
    assert_error_shape(response, 401, "unauthorized")


@pytest.mark.django_db
def test_token_of_a_deactivated_user_is_401(api_client, make_token, make_officer, commune_a, legal_data):
    # given
    user = make_officer(Role.CASE_HANDLER, commune_a)
    client = api_client(make_token(user))
    user.is_active = False
    user.save(update_fields=["is_active"])

    # when
    response = client.get("/api/v1/categories")

    # then
    assert_error_shape(response, 401, "unauthorized")


@pytest.mark.django_db
def test_vietnamese_comes_out_as_utf8_not_escapes(api_client, make_token, handler, legal_data):
    # when
    response = api_client(make_token(handler)).get("/api/v1/categories")

    # then
    assert response.status_code == 200
    assert "Đất đai".encode() in response.content
    assert b"\\u" not in response.content
