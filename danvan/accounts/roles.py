"""Roles and permissions, in code (one vocabulary; no boolean columns per permission).

A role is what a person does (DESIGN.md §1); a permission is what the system checks. Which roles grant
which permissions is the table ``ROLE_PERMISSIONS``: change it here, with a test, never in a view.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("Cán bộ tiếp công dân")
    CASE_HANDLER = "case_handler", _("Cán bộ xử lý đơn")
    LEADER = "leader", _("Lãnh đạo (người đứng đầu)")
    COORDINATOR = "coordinator", _("Cán bộ Ban Tuyên giáo và Dân vận, Mặt trận")
    FIELD_CADRE = "field_cadre", _("Cán bộ đi cơ sở, tổ dân vận")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn, Ban công tác Mặt trận")
    INSPECTOR = "inspector", _("Cán bộ kiểm tra, giám sát")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class Perm(models.TextChoices):
    UNIT_VIEW = "unit.view", _("Xem đơn vị, cơ quan và cán bộ")
    CASE_VIEW = "case.view", _("Xem đơn thư, vụ việc")
    CASE_RECEIVE = "case.receive", _("Tiếp nhận đơn thư, ghi sổ tiếp công dân")
    CASE_HANDLE = "case.handle", _("Xử lý đơn thư (thụ lý, xác minh, dự thảo trả lời)")
    CASE_ASSIGN = "case.assign", _("Phân công xử lý")
    CASE_DECIDE = "case.decide", _("Ký quyết định, kết luận, gia hạn")
    CASE_REVEAL_IDENTITY = "case.reveal_identity", _("Xem danh tính người tố cáo (có ghi nhật ký)")
    MEETING_MANAGE = "meeting.manage", _("Quản lý tiếp công dân, đối thoại, cam kết")
    FIELDWORK_LOG = "fieldwork.log", _("Ghi nhận đi cơ sở")
    FIELDWORK_REVIEW = "fieldwork.review", _("Theo dõi chỉ tiêu đi cơ sở")
    PRACTICE_MANAGE = "practice.manage", _("Quản lý mô hình Dân vận khéo")
    DEMOCRACY_MANAGE = "democracy.manage", _("Quản lý công khai, lấy ý kiến, biểu quyết")
    EVALUATION_MANAGE = "evaluation.manage", _("Đánh giá, chấm điểm đơn vị")
    SURVEY_MANAGE = "survey.manage", _("Quản lý khảo sát sự hài lòng")
    INSPECTION_MANAGE = "inspection.manage", _("Kiểm tra, giám sát")
    REPORT_VIEW = "report.view", _("Xem báo cáo, số liệu tổng hợp")
    REPORT_SUBMIT = "report.submit", _("Lập và gửi báo cáo định kỳ")
    ALERT_VIEW = "alert.view", _("Xem cảnh báo sớm")
    ADMIN_MANAGE = "admin.manage", _("Quản trị danh mục, người dùng, lịch làm việc")


P = Perm
ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.RECEPTION_OFFICER: frozenset({P.UNIT_VIEW, P.CASE_VIEW, P.CASE_RECEIVE, P.MEETING_MANAGE}),
    Role.CASE_HANDLER: frozenset({P.UNIT_VIEW, P.CASE_VIEW, P.CASE_RECEIVE, P.CASE_HANDLE}),
    Role.LEADER: frozenset(
        {
            P.UNIT_VIEW,
            P.CASE_VIEW,
            P.CASE_HANDLE,
            P.CASE_ASSIGN,
            P.CASE_DECIDE,
            P.CASE_REVEAL_IDENTITY,
            P.MEETING_MANAGE,
            P.REPORT_VIEW,
            P.REPORT_SUBMIT,
            P.ALERT_VIEW,
            P.FIELDWORK_REVIEW,
            P.DEMOCRACY_MANAGE,
            P.PRACTICE_MANAGE,
            P.EVALUATION_MANAGE,
            P.SURVEY_MANAGE,
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            P.UNIT_VIEW,
            P.CASE_VIEW,
            P.MEETING_MANAGE,
            P.FIELDWORK_LOG,
            P.FIELDWORK_REVIEW,
            P.DEMOCRACY_MANAGE,
            P.PRACTICE_MANAGE,
            P.EVALUATION_MANAGE,
            P.SURVEY_MANAGE,
            P.INSPECTION_MANAGE,
            P.REPORT_VIEW,
            P.REPORT_SUBMIT,
            P.ALERT_VIEW,
        }
    ),
    Role.FIELD_CADRE: frozenset({P.UNIT_VIEW, P.FIELDWORK_LOG}),
    Role.VILLAGE_HEAD: frozenset({P.UNIT_VIEW, P.DEMOCRACY_MANAGE, P.FIELDWORK_LOG}),
    Role.INSPECTOR: frozenset({P.UNIT_VIEW, P.CASE_VIEW, P.INSPECTION_MANAGE, P.REPORT_VIEW}),
    Role.ADMINISTRATOR: frozenset({P.UNIT_VIEW, P.ADMIN_MANAGE, P.REPORT_VIEW}),
}
# Note: no role but the leader's grants CASE_REVEAL_IDENTITY; the reveal itself still needs a reason
# and writes an audit event (Luật Tố cáo 2018, Điều 8 và 47).


def roles_granting(perm: Perm) -> list[Role]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
