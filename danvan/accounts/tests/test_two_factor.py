"""Optional two-step login: an officer who turns it on needs a fresh code after the password; codes are
not replayable; wrong codes end the session after a few tries; API tokens are unaffected."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from danvan.accounts import two_factor
from danvan.accounts.models import TwoFactorDevice
from danvan.accounts.services import user_create
from danvan.core.errors import ValidationFailed
from danvan.core.models import AuditEvent

PASSWORD = "Mat-khau-thu-2026!"
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


@pytest.fixture
def officer(db, field_keyring):
    return user_create(username="canbo.xa", full_name="Nguyễn Thị Hoa", password=PASSWORD)


def code_at(device, when):
    return pyotp.TOTP(device.secret).at(when)


def enable(user, now=NOW):
    device = two_factor.two_factor_begin(user=user)
    two_factor.two_factor_confirm(user=user, code=code_at(device, now), now=now)
    device.refresh_from_db()
    return device


def test_turning_it_on_needs_a_correct_code(officer):
    device = two_factor.two_factor_begin(user=officer)

    with pytest.raises(ValidationFailed, match="Mã không đúng"):
        two_factor.two_factor_confirm(user=officer, code="000000", now=NOW)
    assert not two_factor.enabled_for(officer)

    two_factor.two_factor_confirm(user=officer, code=code_at(device, NOW), now=NOW)
    assert two_factor.enabled_for(officer)
    assert AuditEvent.objects.filter(action="accounts.two_factor_enabled").count() == 1
    # The secret is stored encrypted, not as the base32 text the app shows.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_twofactordevice WHERE id = %s", [device.pk])
        assert device.secret not in cursor.fetchone()[0]


def test_a_code_works_once_and_a_neighbouring_step_is_tolerated(officer):
    device = enable(officer)
    later = NOW + timedelta(minutes=5)

    assert two_factor.two_factor_verify(user=officer, code=code_at(device, later), now=later)
    assert not two_factor.two_factor_verify(user=officer, code=code_at(device, later), now=later)  # replay
    drift = later + timedelta(seconds=60)
    assert two_factor.two_factor_verify(user=officer, code=code_at(device, drift - timedelta(seconds=30)), now=drift)
    assert not two_factor.two_factor_verify(user=officer, code="123 456", now=drift)
    assert AuditEvent.objects.filter(action="accounts.two_factor_failed").count() == 2


def test_after_the_password_the_workspace_waits_for_the_code(client, officer):
    device = enable(officer, now=datetime.now(UTC) - timedelta(minutes=10))
    client.post("/tai-khoan/dang-nhap/", {"username": "canbo.xa", "password": PASSWORD})

    response = client.get("/lam-viec/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/?next=")

    wrong = client.post("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/", {"code": "000000", "next": "/lam-viec/"})
    assert "Mã không đúng hoặc đã được dùng" in wrong.content.decode()

    code = code_at(device, datetime.now(UTC))
    right = client.post("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/", {"code": code, "next": "/lam-viec/"})
    assert right.status_code == 302 and right["Location"] == "/lam-viec/"
    assert client.get("/lam-viec/").status_code == 200


def test_too_many_wrong_codes_end_the_session(client, officer):
    enable(officer, now=datetime.now(UTC) - timedelta(minutes=10))
    client.post("/tai-khoan/dang-nhap/", {"username": "canbo.xa", "password": PASSWORD})

    for _ in range(two_factor.MAX_ATTEMPTS):
        response = client.post("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/", {"code": "000000"})

    assert response.status_code == 302 and response["Location"] == "/tai-khoan/dang-nhap/"
    assert client.get("/lam-viec/")["Location"].startswith("/tai-khoan/dang-nhap/")


def test_an_officer_without_it_is_not_asked(client, officer):
    client.post("/tai-khoan/dang-nhap/", {"username": "canbo.xa", "password": PASSWORD})
    assert client.get("/lam-viec/").status_code == 200


def test_the_settings_page_turns_it_on_and_off(client, officer):
    client.force_login(officer)
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "begin"})
    page = client.get("/tai-khoan/xac-thuc-hai-buoc/").content.decode()
    assert "<svg" in page and "Kích hoạt" in page

    device = TwoFactorDevice.objects.get(user=officer)
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "confirm", "code": code_at(device, datetime.now(UTC))})
    assert two_factor.enabled_for(officer)

    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "disable", "code": "111111"})
    assert two_factor.enabled_for(officer)  # a wrong code keeps it on
    later = datetime.now(UTC) + timedelta(seconds=30)
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"action": "disable", "code": code_at(device, later)})
    assert not two_factor.enabled_for(officer)
