"""Every page and endpoint of the officer side, found by walking the URL configuration (so pages added by
any app are covered without editing this file):

- anonymous visitors are sent to the login page (pages) or refused (API), and see no data;
- a logged-in user with no role assignment (an expired or revoked officer) gets no scoped data: a page
  answers 403 or 404, or renders without any record of the test's commune;
- POSTs without the right permission change nothing.
"""

from __future__ import annotations

import pytest

from danvan.accounts.services import user_create
from tests.urlwalk import officer_paths

# The API's own description is public on purpose (integrators read it before they have a token).
# The offline visit app's service worker and manifest are code, not data: the browser fetches them itself.
PUBLIC_EXCEPTIONS: set[str] = {
    "api/v1/openapi.json",
    "api/v1/docs",
    "lam-viec/di-co-so/sw.js",
    "lam-viec/di-co-so/manifest.webmanifest",
}


PATHS = officer_paths()


def test_the_walk_finds_the_officer_side():
    assert "lam-viec/" in PATHS and "lam-viec/don/" in PATHS and "api/v1/cases" in PATHS


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitors_are_sent_to_login_or_refused(client, path):
    response = client.get(f"/{path}")

    if path in PUBLIC_EXCEPTIONS:
        return
    if path.startswith("api/"):
        assert response.status_code in (401, 403, 404, 405), path
    else:
        assert response.status_code in (302, 401, 403, 404, 405), path  # 401: JSON endpoints (sync)
        if response.status_code == 302:
            assert "/tai-khoan/dang-nhap/" in response["Location"], path


@pytest.fixture
def unassigned_client(client, db):
    user = user_create(username="het.han", full_name="Cán bộ hết nhiệm kỳ", password="Mat-khau-thu-2026!")
    client.force_login(user)
    return client


@pytest.fixture
def a_case(submission):
    from danvan.cases.services import case_submit

    return case_submit(data=submission(subject="Sạt lở bờ kênh Xáng Thổi")).case


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_an_officer_without_assignments_sees_no_scoped_record(unassigned_client, a_case, path):
    response = unassigned_client.get(f"/{path}")

    assert response.status_code < 500, path
    if response.status_code == 200 and not getattr(response, "streaming", False):
        page = response.content.decode("utf-8", errors="replace")
        assert a_case.tracking_code not in page, path
        assert "Xáng Thổi" not in page, path


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p in PATHS if not p.startswith("api/")])
def test_posts_without_permission_change_nothing(unassigned_client, a_case, path):
    from danvan.core.models import AuditEvent

    before = AuditEvent.objects.count()
    response = unassigned_client.post(f"/{path}", {"case_ids": [a_case.pk], "q": "x"})

    assert response.status_code < 500, path
    assert AuditEvent.objects.count() == before, path
    a_case.refresh_from_db()
    assert a_case.assigned_to_id is None
