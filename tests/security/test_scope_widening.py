"""A commune officer cannot widen their scope: not through query parameters (unit codes, paths, the whole
country), not through ids of another commune's records, not through the API or Open311."""

from __future__ import annotations

import json

import pytest

from danvan.accounts.roles import Role
from danvan.api.services import api_token_create
from danvan.cases.models import Case
from danvan.cases.services import case_submit


@pytest.fixture
def scene(submission, make_unit, commune_a, commune_b, other_province, make_officer):
    far = make_unit("03439", "Xã Bình Lư", parent=other_province, kind="xa")
    cases = {}
    for name, unit in {"own": commune_a, "sibling": commune_b, "far": far}.items():
        cases[name] = case_submit(
            data=submission(kind="kien_nghi", subject=f"Đơn ở {unit.name}", submitted_unit=unit)
        ).case
    officer = make_officer(Role.CASE_HANDLER, commune_a)
    _token, plaintext = api_token_create(user=officer, name="Thử mở rộng địa bàn")
    return {"cases": cases, "officer": officer, "token": plaintext, "units": (commune_a, commune_b, far)}


def codes_in(text: str, scene) -> set[str]:
    return {name for name, case in scene["cases"].items() if case.tracking_code in text}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unit_param", ["", "92", "/", "/92/", "31186", "/92/31186/", "12", "/12/", "03439", "%", "/%", "../"]
)
def test_api_list_never_goes_beyond_the_officers_commune(client, scene, unit_param):
    response = client.get(
        "/api/v1/cases",
        {"unit": unit_param} if unit_param else {},
        headers={"Authorization": f"Bearer {scene['token']}"},
    )

    assert response.status_code in (200, 422)
    seen = codes_in(response.content.decode(), scene)
    assert seen <= {"own"}
    if unit_param in ("", "92", "/92/"):
        assert seen == {"own"}  # the filter narrows within the scope, so the officer's own case is there


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["unit", "province", "commune"])
def test_worklist_parameters_do_not_widen_the_list(client, scene, param):
    client.force_login(scene["officer"])
    assert codes_in(client.get("/lam-viec/don/", {"q": "Đơn"}).content.decode(), scene) == {"own"}
    for unit in scene["units"]:
        page = client.get("/lam-viec/don/", {param: unit.pk, "q": "Đơn"}).content.decode()
        assert codes_in(page, scene) <= {"own"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["sibling", "far"])
def test_records_of_other_communes_are_404_by_id_and_unchanged(client, scene, name):
    case = scene["cases"][name]
    auth = {"Authorization": f"Bearer {scene['token']}"}
    client.force_login(scene["officer"])

    assert client.get(f"/lam-viec/don/{case.public_id}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.public_id}", headers=auth).status_code == 404
    action = client.post(
        f"/api/v1/cases/{case.public_id}/actions",
        json.dumps({"action": "start_screening"}),
        content_type="application/json",
        headers=auth,
    )
    assert action.status_code == 404
    assert Case.objects.get(pk=case.pk).status == case.status


@pytest.mark.django_db
def test_open311_lists_only_public_feedback_whatever_the_jurisdiction(client, scene):
    for unit in scene["units"]:
        response = client.get("/open311/v2/requests.json", {"jurisdiction_id": unit.code})
        # Petitions (kiến nghị) are public in Open311 only as their status, never with persons; the
        # service must not show anything a citizen could not already see, whoever asks.
        assert "Nguyễn Văn Tố" not in response.content.decode()
        assert response.status_code in (200, 404)
