"""A small inspection world: Cần Thơ's Ban Tuyên giáo và Dân vận (a Party body) inspects two of its wards;
Lai Châu is the other province whose officers must see nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.inspections import services
from danvan.inspections.models import Directive, Plan, TeamMember

PLAN_START, PLAN_END = date(2026, 9, 7), date(2026, 9, 25)
NOW = timezone.make_aware(datetime(2026, 9, 1, 9, 0))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class InspectionWorld:
    province: object
    commune_a: object
    commune_b: object
    other_province: object
    ban: object
    ubnd_a: object
    inspector: object
    coordinator: object
    officer_a: object
    leader_a: object
    officer_b: object
    outsider: object
    directive: Directive


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def iw(db, province, commune_a, commune_b, other_province, make_org, make_officer) -> InspectionWorld:
    services.directives_seed()
    ban = make_org(province, kind="tuyen_giao_dan_van", name="Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ")
    ban.document_symbol = "BTGDVTU"
    ban.save(update_fields=["document_symbol"])
    ubnd_a = make_org(commune_a)
    return InspectionWorld(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        other_province=other_province,
        ban=ban,
        ubnd_a=ubnd_a,
        inspector=make_officer(Role.INSPECTOR, province, username="kiemtra"),
        coordinator=make_officer(Role.COORDINATOR, province, username="dieuphoi"),
        officer_a=make_officer(Role.CASE_HANDLER, commune_a, username="xuly.a"),
        leader_a=make_officer(Role.LEADER, commune_a, username="lanhdao.a"),
        officer_b=make_officer(Role.CASE_HANDLER, commune_b, username="xuly.b"),
        outsider=make_officer(Role.INSPECTOR, other_province, username="kiemtra.laichau"),
        directive=Directive.objects.get(code="chi-thi-33-ct-ttg"),
    )


@pytest.fixture
def draft_plan(iw) -> Plan:
    return services.plan_create(
        data=services.PlanInput(
            title="Kế hoạch kiểm tra việc thực hiện Chỉ thị 33/CT-TTg năm 2026",
            directive_id=iw.directive.pk,
            organization_id=iw.ban.pk,
            starts_on=PLAN_START,
            ends_on=PLAN_END,
            contents="Việc quán triệt, triển khai Chỉ thị; tiếp công dân, đối thoại; phong trào thi đua Dân vận khéo.",
        ),
        actor=iw.inspector,
        now=NOW,
    )


@pytest.fixture
def running_plan(iw, draft_plan):
    """A plan in progress: the inspector heads the team, ward A is the target (visited on 10/9)."""
    services.plan_member_add(
        plan_id=draft_plan.pk, user_id=iw.inspector.pk, role=TeamMember.Role.HEAD, actor=iw.inspector, now=NOW
    )
    target = services.plan_target_add(
        plan_id=draft_plan.pk, unit_id=iw.commune_a.pk, visit_on=date(2026, 9, 10), actor=iw.inspector, now=NOW
    )
    services.plan_apply_action(plan_id=draft_plan.pk, action="approve", actor=iw.coordinator, now=NOW)
    services.plan_apply_action(plan_id=draft_plan.pk, action="start", actor=iw.inspector, now=NOW)
    draft_plan.refresh_from_db()
    return draft_plan, target


@pytest.fixture
def recommendation(iw, running_plan):
    plan, target = running_plan
    return services.recommendation_add(
        plan_id=plan.pk,
        data=services.RecommendationInput(
            target_id=target.pk,
            text="Xây dựng quy chế dân chủ ở cơ sở và công khai tại trụ sở, nhà văn hóa các khu vực.",
            deadline=date(2026, 10, 30),
            evidence_required="Quyết định ban hành quy chế, ảnh niêm yết công khai",
        ),
        actor=iw.inspector,
        now=NOW,
    )
