import pytest

from danvan.accounts.roles import Role


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(make_officer, commune_a):
    officer = make_officer(Role.LEADER, commune_a)
    assert officer.password.startswith("argon2$")


@pytest.mark.django_db
def test_login_then_officer_home_lists_units_and_roles(client, make_officer, commune_a):
    make_officer(Role.CASE_HANDLER, commune_a, username="xuly", password="mat-khau-dung-2026")
    response = client.post("/tai-khoan/dang-nhap/", {"username": "xuly", "password": "mat-khau-dung-2026"})
    assert response.status_code == 302
    home = client.get(response["Location"])
    body = home.content.decode()
    assert home.status_code == 200
    assert "Phường Ninh Kiều" in body
    assert "Cán bộ xử lý đơn" in body


@pytest.mark.django_db
def test_wrong_password_message_is_vietnamese(client, make_officer, commune_a):
    make_officer(Role.CASE_HANDLER, commune_a, username="xuly")
    response = client.post("/tai-khoan/dang-nhap/", {"username": "xuly", "password": "sai"})
    assert response.status_code == 200
    assert "tên đăng nhập" in response.content.decode().lower()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, make_officer, commune_a, settings):
    make_officer(Role.CASE_HANDLER, commune_a, username="xuly", password="mat-khau-dung-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/tai-khoan/dang-nhap/", {"username": "xuly", "password": "sai"})
    locked = client.post("/tai-khoan/dang-nhap/", {"username": "xuly", "password": "mat-khau-dung-2026"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_officer_pages_need_login(client):
    response = client.get("/lam-viec/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")
