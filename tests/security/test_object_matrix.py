"""Every role × {own commune, sibling commune, parent province, other province, expired assignment} × every
object page (detail, edit, action) of the domain apps besides cases: meetings, fieldwork, practices,
democracy, inspections, surveys, evaluations, reporting and analytics. The cases app has its own matrix
(danvan/cases/tests/test_permission_matrix.py); tests/security/test_every_page.py walks the pages without
parameters.

Each app's record is made in commune_a by its own services (tests/security/objects.py). The expected
answer of a cell is computed from ``ROLE_PERMISSIONS`` and what each view checks (``Page`` below, read off
the view code): allowed only when the officer's unit covers commune_a *and* the role holds the permission
the view needs over the record; otherwise 404 (out of jurisdiction: indistinguishable from missing) or 403
where the view refuses a role before looking the record up. Denied requests change nothing (the record's
rows and the audit chain are compared before and after) and denied pages never show the record's text.

The records are built once per module in a transaction rolled back at its end (each test runs in a savepoint
inside it), and the module shares one test client: ~1,200 cells stay within a minute on SQLite. A cell that
departs from the rule without leaking anything is listed in ``KNOWN_DEVIATIONS`` (a strict xfail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from danvan.accounts.services import role_revoke, user_create
from danvan.core import crypto
from danvan.core.clock import local_date
from danvan.core.models import AuditEvent
from tests.security.objects import BUILDERS, Record, World
from tests.urlwalk import officer_paths

UNITS = {"own": "commune_a", "sibling": "commune_b", "parent": "province", "other": "other_province"}
WHERE = [*UNITS, "expired"]  # expired: the role at commune_a, but its assignment ended yesterday
COVERING = {"own", "parent"}  # units whose jurisdiction covers commune_a
NO_PERMS: frozenset[Perm] = frozenset()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def module_keyring(tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "field-keyring.json"
    crypto.write_keyring(crypto.new_keyring(), path)
    return path


@pytest.fixture(autouse=True)
def field_keyring(settings, module_keyring):
    """Replaces the root conftest's per-test keyring: the records are encrypted once, for the module."""
    settings.FIELD_ENCRYPTION_KEYRING = module_keyring
    return module_keyring


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 takes ~0.2 s per officer made; these tests make over a thousand and never check a password."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, module_keyring, tmp_path_factory):
    """The world and one record of each kind, built once for the module inside a transaction that is rolled
    back at its end; each test runs in a savepoint inside it (pytest-django's own transaction), so what a
    test changes is undone before the next."""
    media = tmp_path_factory.mktemp("uploads")
    overrides = override_settings(
        FIELD_ENCRYPTION_KEYRING=module_keyring, PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media
    )
    with overrides, django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = World.build()
            yield world, {key: build(world) for key, build in BUILDERS.items()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_client():
    """One test client for the module: a new one loads the middleware again, and WhiteNoise's start-up
    (a walk of every static file) would cost more than the request itself."""
    from django.test import Client

    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies.clear()
    return module_client


@pytest.fixture
def world(scene, db) -> World:
    return scene[0]


@pytest.fixture
def records(scene, db) -> dict[str, Record]:
    return scene[1]


def _today() -> str:
    return f"{local_date():%d/%m/%Y}"


# --- the pages ----------------------------------------------------------------------------------------------


Rule = Callable[[frozenset, str], int]


@dataclass(frozen=True)
class Page:
    """One object page or endpoint, and what its view checks.

    ``perm``: the permission the view needs over the record's unit (through ``visible_to`` or ``has_perm``).
    ``gate``: a permission the view requires *anywhere* before it looks the record up, and the status it
    answers without it. ``rule``: a view whose logic is more than that (written out beside it).
    """

    key: str  # "<app>.<page>"
    record: str  # key of the builder in objects.BUILDERS
    url: Callable[[Record], str]
    perm: Perm
    method: str = "GET"
    gate: tuple[Perm, int] | None = None
    data: Callable[[Record], dict] | None = None
    done: Callable[[Record], bool] | None = None  # POST allowed: the change the service makes
    rule: Rule | None = None

    @property
    def ok(self) -> int:
        return 200 if self.method == "GET" else 302


def expected(page: Page, perms: frozenset, where: str) -> int:
    if page.gate is not None and page.gate[0] not in perms:
        return page.gate[1]
    if page.rule is not None:
        return page.rule(perms, where)
    return page.ok if where in COVERING and page.perm in perms else 404


def _recommendation_report(perms: frozenset, where: str) -> int:
    """inspections.views.recommendation_action + services.recommendation_act: the recommendation is visible
    with UNIT_VIEW over its owner unit or INSPECTION_MANAGE over the plan (both commune_a here); reporting
    on it is the owner unit's (a role assigned *in* commune_a); the inspecting team (INSPECTION_MANAGE) is
    refused with 403; anyone else who can see it gets 404 (NotFoundError)."""
    if where not in COVERING or not perms & {Perm.UNIT_VIEW, Perm.INSPECTION_MANAGE}:
        return 404
    if where == "own" and Perm.UNIT_VIEW in perms:
        return 302
    return 403 if Perm.INSPECTION_MANAGE in perms else 404


def _assessment_self(perms: frozenset, where: str) -> int:
    """evaluations.services.can_self_assess: the assessment is visible with EVALUATION_MANAGE over commune_a;
    the commune itself scores it; the province, which reviews the round, may not (403)."""
    if where not in COVERING or Perm.EVALUATION_MANAGE not in perms:
        return 404
    return 302 if where == "own" else 403


def _url(name: str, attribute: str = "public_id") -> Callable[[Record], str]:
    return lambda record: reverse(name, args=[getattr(record.obj, attribute)])


def _refreshed(record: Record):
    """The record as stored now (a fresh instance: the built one is shared by the module's tests)."""
    return type(record.obj).objects.get(pk=record.obj.pk)


MEETINGS = (Perm.MEETING_MANAGE, 403)  # meetings.views._manager: PermissionDenied before any lookup
FIELDWORK_REVIEW = (Perm.FIELDWORK_REVIEW, 403)  # fieldwork.views.team_edit
DEMOCRACY = (Perm.DEMOCRACY_MANAGE, 404)  # democracy.views._require_manage raises Http404
REPORTING = (Perm.REPORT_VIEW, 404)  # reporting.views._need raises Http404
ALERTS = (Perm.ALERT_VIEW, 403)  # analytics.views._require: PermissionDenied


PAGES: list[Page] = [
    # meetings
    Page("meetings.session_detail", "meetings.session", _url("meetings:session"), Perm.MEETING_MANAGE, gate=MEETINGS),
    Page(
        "meetings.session_status",
        "meetings.session",
        _url("meetings:session_status"),
        Perm.MEETING_MANAGE,
        method="POST",
        gate=MEETINGS,
        data=lambda record: {"status": "cancelled"},
        done=lambda record: _refreshed(record).status == "cancelled",
    ),
    Page("meetings.visit_detail", "meetings.visit", _url("meetings:visit", "pk"), Perm.MEETING_MANAGE, gate=MEETINGS),
    Page(
        "meetings.visit_mark",
        "meetings.visit",
        _url("meetings:visit", "pk"),
        Perm.MEETING_MANAGE,
        method="POST",
        gate=MEETINGS,
        data=lambda record: {"what": "reply", "on": _today()},
        done=lambda record: _refreshed(record).replied_on == local_date(),
    ),
    Page(
        "meetings.dialogue_detail", "meetings.dialogue", _url("meetings:dialogue"), Perm.MEETING_MANAGE, gate=MEETINGS
    ),
    Page(
        "meetings.dialogue_participant",
        "meetings.dialogue",
        _url("meetings:dialogue"),
        Perm.MEETING_MANAGE,
        method="POST",
        gate=MEETINGS,
        data=lambda record: {"form": "participant", "p-side": "resident", "p-name": "Đại diện các hộ ven kênh"},
        done=lambda record: record.obj.participants.count() == 1,
    ),
    Page(
        "meetings.commitment_detail",
        "meetings.commitment",
        _url("meetings:commitment"),
        Perm.MEETING_MANAGE,
        gate=MEETINGS,
    ),
    Page(
        "meetings.commitment_progress",
        "meetings.commitment",
        _url("meetings:commitment"),
        Perm.MEETING_MANAGE,
        method="POST",
        gate=MEETINGS,
        data=lambda record: {"form": "progress", "progress": "40", "on": _today(), "is_public": "on"},
        done=lambda record: _refreshed(record).progress == 40,
    ),
    # fieldwork: reviewers see the visits and teams of their jurisdiction (participants their own: none here)
    Page("fieldwork.visit_detail", "fieldwork.visit", _url("fieldwork:visit"), Perm.FIELDWORK_REVIEW),
    Page(
        "fieldwork.follow_up",
        "fieldwork.visit",
        _url("fieldwork:follow_up"),
        Perm.FIELDWORK_REVIEW,  # the visit must be visible first; the service takes FIELDWORK_LOG or _REVIEW
        method="POST",
        data=lambda record: {
            "kind": "phan_anh",
            "category": record.extra["category"].pk,
            "subject": "Sắp xếp lại chợ tạm",
            "body": "Tiểu thương đề nghị bố trí lại chỗ bán.",
        },
        done=lambda record: record.obj.follow_ups.count() == 1,
    ),
    Page("fieldwork.team_detail", "fieldwork.team", _url("fieldwork:team"), Perm.FIELDWORK_REVIEW),
    Page(
        "fieldwork.team_edit",
        "fieldwork.team",
        _url("fieldwork:team_edit"),
        Perm.FIELDWORK_REVIEW,
        method="POST",
        gate=FIELDWORK_REVIEW,
        data=lambda record: {
            "name": "Tổ dân vận khu vực Cồn Khương (kiện toàn)",
            "kind": record.obj.kind,
            "unit": record.obj.unit_id,
            "leader": record.extra["leader"].pk,
        },
        done=lambda record: _refreshed(record).name.endswith("(kiện toàn)"),
    ),
    # practices
    Page("practices.practice_detail", "practices.practice", _url("practices:detail"), Perm.PRACTICE_MANAGE),
    Page(
        "practices.result_add",
        "practices.practice",
        _url("practices:result_add"),
        Perm.PRACTICE_MANAGE,
        method="POST",
        data=lambda record: {"kq-indicator": "Hộ tham gia", "kq-result": "120", "kq-unit_of_measure": "hộ"},
        done=lambda record: record.obj.results.count() == 1,
    ),
    # democracy
    Page(
        "democracy.disclosure_detail",
        "democracy.disclosure",
        _url("democracy:disclosure_edit", "pk"),
        Perm.DEMOCRACY_MANAGE,
        gate=DEMOCRACY,
    ),
    Page(
        "democracy.disclosure_update",
        "democracy.disclosure",
        _url("democracy:disclosure_edit", "pk"),
        Perm.DEMOCRACY_MANAGE,
        method="POST",
        gate=DEMOCRACY,
        data=lambda record: {
            "group": record.extra["group"].pk,
            "title": "Dự toán sửa chữa nhà văn hóa khu vực 5 (điều chỉnh)",
            "decision_date": "14/10/2026",
        },
        done=lambda record: _refreshed(record).title.endswith("(điều chỉnh)"),
    ),
    Page("democracy.vote_detail", "democracy.vote", _url("democracy:vote_detail", "pk"), Perm.DEMOCRACY_MANAGE),
    Page(
        "democracy.vote_counts",
        "democracy.vote",
        _url("democracy:vote_detail", "pk"),
        Perm.DEMOCRACY_MANAGE,
        method="POST",
        data=lambda record: {
            "action": "counts",
            "counts-households_present": "100",
            "counts-approve": "61",
            "counts-reject": "39",
        },
        done=lambda record: _refreshed(record).status == "decided",
    ),
    # inspections
    Page("inspections.plan_detail", "inspections.plan", _url("inspections:plan"), Perm.INSPECTION_MANAGE),
    Page(
        "inspections.findings",
        "inspections.plan",
        lambda record: reverse("inspections:findings", args=[record.obj.public_id, record.extra["target"].pk]),
        Perm.INSPECTION_MANAGE,
        method="POST",
        data=lambda record: {f"t{record.extra['target'].pk}-results": "Niêm yết đủ, đúng hạn tại trụ sở."},
        done=lambda record: record.obj.targets.get().findings_at is not None,
    ),
    Page(
        "inspections.recommendation_detail",
        "inspections.recommendation",
        _url("inspections:recommendation"),
        Perm.UNIT_VIEW,  # or INSPECTION_MANAGE over the plan: every role holds UNIT_VIEW
    ),
    Page(
        "inspections.recommendation_report",
        "inspections.recommendation",
        _url("inspections:recommendation_action"),
        Perm.UNIT_VIEW,
        method="POST",
        data=lambda record: {"action": "report", "note": "Đã niêm yết tại ba khu vực."},
        done=lambda record: record.obj.events.filter(action="report").exists(),
        rule=_recommendation_report,
    ),
    # surveys
    Page("surveys.survey_detail", "surveys.survey", _url("surveys:detail"), Perm.SURVEY_MANAGE),
    Page(
        "surveys.status",
        "surveys.survey",
        _url("surveys:status"),
        Perm.SURVEY_MANAGE,
        method="POST",
        data=lambda record: {"status": "open"},
        done=lambda record: _refreshed(record).status == "open",
    ),
    # evaluations
    Page(
        "evaluations.assessment_detail",
        "evaluations.assessment",
        _url("evaluations:assessment"),
        Perm.EVALUATION_MANAGE,
    ),
    Page(
        "evaluations.assessment_self",
        "evaluations.assessment",
        _url("evaluations:assessment_self"),
        Perm.EVALUATION_MANAGE,
        method="POST",
        data=lambda record: {f"points_{record.extra['criterion'].pk}": "80", "self_comment": "Đạt phần lớn."},
        done=lambda record: _refreshed(record).self_comment == "Đạt phần lớn.",
        rule=_assessment_self,
    ),
    # reporting
    Page("reporting.report_detail", "reporting.report", _url("reporting:report"), Perm.REPORT_VIEW, gate=REPORTING),
    Page(
        "reporting.report_edit",
        "reporting.report",
        _url("reporting:report"),
        Perm.REPORT_SUBMIT,  # reporting.views.report: can_edit, else 404
        method="POST",
        gate=REPORTING,
        data=lambda record: {f"section-{record.extra['section']}": "Đã tổ chức bốn buổi đối thoại."},
        done=lambda record: "bốn buổi" in _refreshed(record).narrative[record.extra["section"]],
    ),
    # analytics
    Page("analytics.alert_detail", "analytics.alert", _url("analytics:detail", "pk"), Perm.ALERT_VIEW, gate=ALERTS),
    Page(
        "analytics.acknowledge",
        "analytics.alert",
        _url("analytics:acknowledge", "pk"),
        Perm.ALERT_VIEW,
        method="POST",
        gate=ALERTS,
        data=lambda record: {"note": "Đã nắm tình hình."},
        done=lambda record: _refreshed(record).status == "acknowledged",
    ),
]
GET_PAGES = [page for page in PAGES if page.method == "GET"]


# --- helpers ------------------------------------------------------------------------------------------------


def _officer(world: World, role: Role, where: str):
    if where == "expired":
        officer = world.officer(role, world.commune_a)
        role_revoke(assignment=RoleAssignment.objects.get(user=officer), on=local_date())
        return officer
    return world.officer(role, getattr(world, UNITS[where]))


def _perms(role: Role, where: str) -> frozenset:
    return NO_PERMS if where == "expired" else ROLE_PERMISSIONS[role]


def _call(client, page: Page, record: Record):
    url = page.url(record)
    if page.method == "GET":
        return client.get(url)
    return client.post(url, page.data(record))


def _snapshot(record: Record):
    """The record's rows (every column) and the audit chain's length."""
    rows = [list(model.objects.order_by("pk").values()) for model in record.models]
    return rows, AuditEvent.objects.count()


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


# --- the matrix ---------------------------------------------------------------------------------------------


class UnexpectedStatus(AssertionError):
    """The answer's status differs from the rule (apart from other failures, so known deviations can be marked)."""


# Deviations from the rule that still deny (nothing shown, nothing changed): the cells are strict xfails, so
# the suite stays green while they last and fails the day they are fixed (then remove the entry).
KNOWN_DEVIATIONS: dict[str, tuple[int, str]] = {}  # page key → (expected status, where the code departs)


def _cell(role: Role, where: str, page: Page):
    marks = []
    deviation = KNOWN_DEVIATIONS.get(page.key)
    if deviation and expected(page, _perms(role, where), where) == deviation[0]:
        marks.append(pytest.mark.xfail(raises=UnexpectedStatus, strict=True, reason=deviation[1]))
    return pytest.param(role, where, page, id=f"{role.value}-{where}-{page.key}", marks=marks)


CELLS = [_cell(role, where, page) for page in PAGES for role in Role for where in WHERE]


@pytest.mark.parametrize(("role", "where", "page"), CELLS)
@pytest.mark.django_db
def test_object_pages_follow_role_and_jurisdiction(client, world, records, role, where, page):
    # given
    record = records[page.record]
    client.force_login(_officer(world, role, where))
    status = expected(page, _perms(role, where), where)
    before = _snapshot(record)

    # when
    response = _call(client, page, record)

    # then: the record's text only on an allowed page; only an allowed POST changes something; the status
    cell = f"{role.value} at {where}: {page.key} answered {response.status_code}"
    if page.method == "GET":
        assert (record.marker in _body(response)) == (status == 200), f"{cell}, record text"
    after = _snapshot(record)
    if page.method == "POST" and status == page.ok:
        assert page.done(record), f"{cell} without doing its work"
        assert after[1] > before[1], f"{cell} without an audit event"
    else:
        assert after == before, f"{cell} and changed something"
    if response.status_code != status:
        raise UnexpectedStatus(f"{cell}, expected {status}")


@pytest.mark.parametrize("page", PAGES, ids=[page.key for page in PAGES])
@pytest.mark.django_db
def test_an_officer_without_any_assignment_gets_nothing(client, records, page):
    record = records[page.record]
    client.force_login(
        user_create(username="khong.phan.quyen", full_name="Cán bộ chưa phân quyền", password="Mat-khau-thu-2026!")
    )
    before = _snapshot(record)

    response = _call(client, page, record)

    assert response.status_code == expected(page, NO_PERMS, "none"), page.key
    assert record.marker not in _body(response)
    assert _snapshot(record) == before


def _first_allowed_role(page: Page) -> Role:
    return next(role for role in Role if expected(page, ROLE_PERMISSIONS[role], "own") == page.ok)


@pytest.mark.parametrize("page", GET_PAGES, ids=[page.key for page in GET_PAGES])
@pytest.mark.django_db
def test_an_assignment_that_ends_loses_the_page(client, world, records, page):
    record = records[page.record]
    officer = world.officer(_first_allowed_role(page), world.commune_a)
    client.force_login(officer)
    assert client.get(page.url(record)).status_code == 200, page.key

    role_revoke(assignment=RoleAssignment.objects.get(user=officer), on=local_date())
    response = client.get(page.url(record))

    assert response.status_code == expected(page, NO_PERMS, "expired"), page.key
    assert record.marker not in _body(response)


# --- no leak through the app's other pages --------------------------------------------------------------------


def _app_pages(page: Page) -> list[str]:
    """The app's officer pages without parameters (lists, indexes, reports…), found by walking the URLs."""
    prefix = reverse(f"{page.key.split('.')[0]}:index")
    return [f"/{path}" for path in officer_paths() if f"/{path}".startswith(prefix)]


@pytest.mark.parametrize("page", GET_PAGES, ids=[page.key for page in GET_PAGES])
@pytest.mark.django_db
def test_denied_pages_do_not_show_the_record(client, world, records, page):
    """The record's own page, and every list and index page of its app, for officers denied the record: a
    neighbour (sibling commune) and an officer of another province whose role holds every permission the
    page needs, an officer of commune_a whose role lacks it, and one whose assignment has ended."""
    record = records[page.record]
    holder = _first_allowed_role(page)
    lacking = next((role for role in Role if expected(page, ROLE_PERMISSIONS[role], "own") != 200), None)
    denied = [(holder, "sibling"), (holder, "other"), (holder, "expired")]
    if lacking is not None:
        denied.append((lacking, "own"))
    urls = [page.url(record), *_app_pages(page)]
    for role, where in denied:
        client.force_login(_officer(world, role, where))
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, f"{role.value} at {where}: {url}"
            assert record.marker not in _body(response), f"{role.value} at {where}: {url} shows the record"
