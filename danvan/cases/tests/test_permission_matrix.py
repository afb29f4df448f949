"""Every role × {own commune, sibling commune, parent province, other province} × every officer case page and
endpoint: allowed, or 404 (out of jurisdiction: indistinguishable from missing) or 403 (visible, but the role
lacks the permission) — and a denied request changes nothing (Saleor's rule, STYLE.md §c13).

The expectations are written out from the role table of DESIGN.md §1 rather than computed from
``ROLE_PERMISSIONS``, so a change there that opens a page to a new role makes this test fail until someone
means it. A final "no leak" test renders every page for every role that may not see denouncers and checks
that a denouncer's name, ID number and phone appear in no response body.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from danvan.accounts.roles import Role
from danvan.cases.models import Case, CaseEvent, Person
from danvan.cases.services import PersonInput, attachment_add, case_apply_action, case_submit
from danvan.core.models import AuditEvent

UNITS = {"own": "commune_a", "sibling": "commune_b", "parent": "province", "other": "other_province"}
COVERS = {"own": True, "sibling": False, "parent": True, "other": False}  # does the unit cover commune_a?

# Who holds what (DESIGN.md §1; accounts.roles): written out on purpose.
VIEWERS = {Role.RECEPTION_OFFICER, Role.CASE_HANDLER, Role.LEADER, Role.COORDINATOR, Role.INSPECTOR}
HANDLERS = {Role.CASE_HANDLER, Role.LEADER}  # CASE_HANDLE
DECIDERS = {Role.LEADER}  # CASE_DECIDE
ASSIGNERS = {Role.LEADER}  # CASE_ASSIGN
REVEALERS = {Role.LEADER}  # CASE_REVEAL_IDENTITY
RECEIVERS = {Role.RECEPTION_OFFICER, Role.CASE_HANDLER}  # CASE_RECEIVE

DENOUNCER = "Phạm Thị Bảo Mật"
DENOUNCER_ID = "079199001234"
DENOUNCER_PHONE = "0987654321"
SECRETS = (DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 takes ~0.2 s per officer made; these tests make hundreds and never check a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@dataclass
class Scene:
    complaint: Case
    accepted: Case
    denunciation: Case
    plain_file: object
    secret_file: object
    deputy: object  # a handler at commune_a, the assignee in bulk assignment


@pytest.fixture
def scene(submission, commune_a, make_officer, make_org) -> Scene:
    make_org(commune_a)
    setup_leader = make_officer(Role.LEADER, commune_a, username="setup-leader")
    complaint = case_submit(data=submission()).case
    accepted = case_submit(data=submission(subject="Khiếu nại đã thụ lý")).case
    case_apply_action(case_id=accepted.pk, action="accept", actor=setup_leader)
    person = PersonInput(full_name=DENOUNCER, id_number=DENOUNCER_ID, phone=DENOUNCER_PHONE, address="Tổ 3")
    denunciation = case_submit(
        data=submission(kind="to_cao", subject="Tố cáo cán bộ", body="Cán bộ nhận tiền", persons=[person])
    ).case
    plain = attachment_add(case=complaint, uploaded_file=SimpleUploadedFile("bien-ban.pdf", PDF))
    secret = attachment_add(case=denunciation, uploaded_file=SimpleUploadedFile("don-goc.pdf", PDF))
    deputy = make_officer(Role.CASE_HANDLER, commune_a, username="deputy")
    return Scene(complaint, accepted, denunciation, plain, secret, deputy)


def _snapshot():
    """Everything a denied request must leave as it was."""
    return (
        Case.objects.count(),
        list(Case.objects.order_by("pk").values_list("status", "assigned_to_id", "due_date", "complexity")),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        Person.objects.count(),
    )


def _reception_data(unit, category):
    return {
        "unit": unit.pk,
        "channel": "in_person",
        "full_name": "Lê Thị Tiếp",
        "group_size": "1",
        "blocks-TOTAL_FORMS": "1",
        "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "1",
        "blocks-MAX_NUM_FORMS": "10",
        "blocks-0-kind": "phan_anh",
        "blocks-0-category": category.pk,
        "blocks-0-subject": "Đèn đường hỏng",
        "blocks-0-body": "Tổ 5 tối om",
    }


# Each endpoint: (request, expected status for a role and whether its unit covers commune_a).
def _visible(role, covers):
    return role in VIEWERS and covers


def _gated(role, covers, holders, ok=200):
    if not _visible(role, covers):
        return 404
    return ok if role in holders else 403


ENDPOINTS = {
    "detail": lambda role, covers: 200 if _visible(role, covers) else 404,
    "detail:denunciation": lambda role, covers: 200 if _visible(role, covers) else 404,
    "action:start_screening": lambda role, covers: _gated(role, covers, HANDLERS, ok=302),
    "action:accept": lambda role, covers: _gated(role, covers, DECIDERS, ok=302),
    "reveal": lambda role, covers: _gated(role, covers, REVEALERS),
    "attachment:plain": lambda role, covers: 200 if _visible(role, covers) else 404,
    "attachment:identity": lambda role, covers: _gated(role, covers, REVEALERS),
    "notice": lambda role, covers: _gated(role, covers, HANDLERS),
    "assign": lambda role, covers: (302 if covers else 404) if role in ASSIGNERS else 403,
    "reception:get": lambda role, covers: 200 if role in RECEIVERS else 403,
    "reception:post": lambda role, covers: (200 if covers else 422) if role in RECEIVERS else 403,
}


def _call(client, endpoint: str, scene: Scene, *, commune_a, category):
    complaint, denunciation = scene.complaint, scene.denunciation
    if endpoint == "detail":
        return client.get(reverse("cases:detail", args=[complaint.public_id]))
    if endpoint == "detail:denunciation":
        return client.get(reverse("cases:detail", args=[denunciation.public_id]))
    if endpoint.startswith("action:"):
        action = endpoint.split(":")[1]
        return client.post(reverse("cases:action", args=[complaint.public_id]), {"action": action, "note": ""})
    if endpoint == "reveal":
        return client.post(reverse("cases:reveal", args=[denunciation.public_id]), {"reason": "Cần xác minh nội dung"})
    if endpoint == "attachment:plain":
        return client.get(reverse("cases:attachment", args=[complaint.public_id, scene.plain_file.pk]))
    if endpoint == "attachment:identity":
        return client.get(reverse("cases:attachment", args=[denunciation.public_id, scene.secret_file.pk]))
    if endpoint == "notice":
        return client.get(reverse("cases:notice", args=[scene.accepted.public_id, "thu-ly"]))
    if endpoint == "assign":
        return client.post(reverse("cases:assign"), {"cases": [complaint.public_id], "assignee": scene.deputy.pk})
    if endpoint == "reception:get":
        return client.get(reverse("cases:reception"))
    if endpoint == "reception:post":
        return client.post(reverse("cases:reception"), _reception_data(commune_a, category))
    raise AssertionError(endpoint)


def _changed_as_expected(endpoint: str, scene: Scene, before, after) -> None:
    """The side effect an allowed request has, and only that."""
    if endpoint == "action:start_screening":
        scene.complaint.refresh_from_db()
        assert scene.complaint.status == "screening"
    elif endpoint == "action:accept":
        scene.complaint.refresh_from_db()
        assert scene.complaint.status == "accepted"
    elif endpoint == "assign":
        scene.complaint.refresh_from_db()
        assert scene.complaint.assigned_to_id == scene.deputy.pk
    elif endpoint == "reception:post":
        assert after[0] == before[0] + 1
    elif endpoint in ("reveal", "attachment:identity"):
        assert AuditEvent.objects.filter(action="cases.identity_revealed").count() == 1
        assert after[:3] == before[:3]
    else:
        assert after[:3] == before[:3]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("where", list(UNITS))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.django_db
def test_case_pages_respect_role_and_jurisdiction(
    request, client, scene, make_officer, commune_a, category, other_province, role, where, endpoint
):
    # given
    officer = make_officer(role, request.getfixturevalue(UNITS[where]))
    client.force_login(officer)
    expected = ENDPOINTS[endpoint](role, COVERS[where])
    before = _snapshot()

    # when
    response = _call(client, endpoint, scene, commune_a=commune_a, category=category)

    # then
    assert response.status_code == expected, f"{role} at {where}: {endpoint}"
    after = _snapshot()
    if expected in (200, 302) and endpoint not in ("reception:get", "detail", "detail:denunciation"):
        _changed_as_expected(endpoint, scene, before, after)
    else:
        assert after == before, f"{role} at {where}: {endpoint} changed something"


@pytest.mark.parametrize("where", list(UNITS))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.django_db
def test_worklist_contents_follow_the_jurisdiction(request, client, scene, make_officer, other_province, role, where):
    officer = make_officer(role, request.getfixturevalue(UNITS[where]))
    client.force_login(officer)

    response = client.get(reverse("cases:worklist"))

    if role not in VIEWERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = set(re.findall(r'<a class="code" href="[^"]+">([A-Z0-9]+)</a>', response.content.decode()))
    cases = {scene.complaint.tracking_code, scene.accepted.tracking_code, scene.denunciation.tracking_code}
    assert listed == (cases if COVERS[where] else set())


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_and_change_nothing(client, scene, commune_a, category):
    before = _snapshot()
    for endpoint in ENDPOINTS:
        response = _call(client, endpoint, scene, commune_a=commune_a, category=category)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], endpoint
    assert client.get(reverse("cases:worklist")).status_code == 302
    assert _snapshot() == before


# --- no leak -------------------------------------------------------------------------------------------


def _body(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        document = Document(io.BytesIO(response.content))
        parts = [p.text for p in document.paragraphs]
        parts += [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
        return "\n".join(parts)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


@pytest.mark.parametrize("where", ["own", "parent"])
@pytest.mark.parametrize("role", [role for role in Role if role not in REVEALERS] + ["accused_leader"])
@pytest.mark.django_db
def test_no_page_leaks_the_denouncer(client, request, scene, make_officer, make_org, commune_a, category, role, where):
    """Every page built here, for every role that may not see the denouncer (including a leader of the accused
    organisation, who holds the reveal permission), at units that do see the case."""
    unit = request.getfixturevalue(UNITS[where])
    if role == "accused_leader":
        accused = make_org(commune_a, kind="police", name="Công an phường Ninh Kiều")
        Case.objects.filter(pk=scene.denunciation.pk).update(accused_organization=accused)
        officer = make_officer(Role.LEADER, unit, organization=accused)
    else:
        officer = make_officer(role, unit)
    client.force_login(officer)
    denunciation = scene.denunciation
    # Accepted, so that a document can be drafted on the denunciation itself.
    case_apply_action(case_id=denunciation.pk, action="accept", actor=make_officer(Role.LEADER, commune_a))
    pages = [
        client.get(reverse("workspace:home")),
        client.get(reverse("cases:worklist")),
        client.get(reverse("cases:worklist"), {"q": "to cao"}),
        client.get(reverse("cases:detail", args=[denunciation.public_id])),
        client.get(reverse("cases:detail", args=[scene.complaint.public_id])),
        client.post(reverse("cases:reveal", args=[denunciation.public_id]), {"reason": "Muốn biết ai tố cáo"}),
        client.post(reverse("cases:action", args=[denunciation.public_id]), {"action": "refuse", "note": ""}),
        client.post(reverse("cases:action", args=[denunciation.public_id]), {"action": "start_verifying"}),
        client.get(reverse("cases:attachment", args=[denunciation.public_id, scene.secret_file.pk])),
        client.get(reverse("cases:notice", args=[denunciation.public_id, "thu-ly"])),
        client.get(reverse("cases:reception")),
    ]
    for response in pages:
        body = _body(response)
        for secret in SECRETS:
            assert secret not in body, f"{role} at {where}: {response.request['PATH_INFO']} shows {secret}"
    # Search never indexes personal data: searching by the name or the phone finds nothing.
    for query in (DENOUNCER, DENOUNCER_PHONE):
        response = client.get(reverse("cases:worklist"), {"q": query})
        assert denunciation.tracking_code not in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.identity_revealed").exists()
