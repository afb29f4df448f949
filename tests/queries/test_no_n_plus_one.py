"""Query discipline: every officer list page and the API list run the same number of queries whether a
commune has 2 cases or 14 (no query per row). Pages are found by walking the URL configuration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.accounts.roles import Role
from danvan.api.services import api_token_create
from tests.urlwalk import officer_paths

PAGES = [path for path in officer_paths() if not path.startswith("api/")]
# Kinds chosen so that the rows differ (group petitions, denunciations, anonymous information).
KINDS = ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]


def add_cases(submission, count: int) -> None:
    from danvan.cases.services import PersonInput, case_submit

    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        data = submission(kind=kind, subject=f"Đơn số {number}")
        if number % 3 == 0:
            data.group_size = 6
            data.persons = [PersonInput(full_name=f"Đại diện {n}", role="representative") for n in range(2)]
        case_submit(data=data)


def queries_for(client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/{path}", headers=headers)
    assert response.status_code < 500, path
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.COORDINATOR])
def test_officer_pages_do_not_run_a_query_per_row(client, make_officer, commune_a, province, submission, role):
    officer = make_officer(role, commune_a if role == Role.LEADER else province)
    client.force_login(officer)
    add_cases(submission, 2)
    for path in PAGES:
        queries_for(client, path)  # warm per-process caches (content types, categories)
    few = {path: queries_for(client, path) for path in PAGES}

    add_cases(submission, 12)
    many = {path: queries_for(client, path) for path in PAGES}

    assert {path: n for path, n in many.items() if n > few[path]} == {}


@pytest.mark.django_db
def test_the_api_list_does_not_run_a_query_per_row(client, make_officer, commune_a, submission):
    _token, plaintext = api_token_create(user=make_officer(Role.CASE_HANDLER, commune_a), name="Đếm truy vấn")
    auth = {"Authorization": f"Bearer {plaintext}"}
    add_cases(submission, 2)
    queries_for(client, "api/v1/cases", **auth)
    few = queries_for(client, "api/v1/cases?page_size=50", **auth)

    add_cases(submission, 12)

    assert queries_for(client, "api/v1/cases?page_size=50", **auth) == few
