"""Community boards (Arts. 36–45): composition rules, recommendations answered in 15 days, overdue notices."""

from datetime import UTC, date, datetime

import pytest

from danvan.core.errors import ValidationFailed
from danvan.core.indicators import Scope, indicator
from danvan.democracy.models import Board, Channel, Matter, VoteForm
from danvan.democracy.selectors import board_minimum, recommendations_overdue
from danvan.democracy.services import (
    DisclosureInput,
    VoteInput,
    board_create,
    board_member_add,
    disclosure_create,
    recommendation_answer,
    recommendation_create,
    recommendations_overdue_notify,
    vote_create,
    vote_record_counts,
)
from danvan.notifications.models import Message

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 10, 3, tzinfo=UTC)


@pytest.fixture
def inspection_board(commune_a):
    return board_create(
        actor=None,
        commune=commune_a,
        kind=Board.Kind.INSPECTION,
        name="Ban Thanh tra nhân dân phường Ninh Kiều",
        established_on=date(2026, 1, 10),
    )


def test_inspection_board_refuses_commune_officials(inspection_board, villages):
    with pytest.raises(ValidationFailed, match="Nguyễn Văn Cán là cán bộ, công chức cấp xã"):
        board_member_add(actor=None, board_id=inspection_board.pk, full_name="Nguyễn Văn Cán", is_commune_official=True)
    board_member_add(actor=None, board_id=inspection_board.pk, full_name="Trần Thị Dân", village=villages[0])
    assert inspection_board.members.count() == 1
    # One member per village, at least 5 (3 villages here).
    assert board_minimum(inspection_board) == 5


def test_investment_board_is_per_project_and_refuses_relatives(commune_a):
    with pytest.raises(ValidationFailed, match="nhập tên dự án"):
        board_create(
            actor=None,
            commune=commune_a,
            kind=Board.Kind.INVESTMENT,
            name="Ban giám sát",
            established_on=date(2026, 3, 1),
        )
    board = board_create(
        actor=None,
        commune=commune_a,
        kind=Board.Kind.INVESTMENT,
        name="Ban Giám sát đầu tư của cộng đồng công trình đường Khu vực 2",
        project="Nâng cấp đường Khu vực 2",
        investor="Ban Quản lý dự án phường",
        contractor="Công ty TNHH Xây dựng Tân Phát",
        established_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationFailed, match="người thân của chủ đầu tư hoặc nhà thầu"):
        board_member_add(actor=None, board_id=board.pk, full_name="Lê Văn Thân", is_related_to_investor=True)
    # A commune official is not barred from an investment board by the law's text: only relatives are.
    assert board_member_add(actor=None, board_id=board.pk, full_name="Phạm Văn Bốn", is_commune_official=True).pk


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (date(2026, 11, 2), date(2026, 11, 17)),  # Mon + 15 days = Tue 17/11
        (date(2026, 11, 7), date(2026, 11, 23)),  # Sat + 15 = Sun 22/11 → next working day Mon 23/11
        (date(2026, 11, 9), date(2026, 11, 25)),  # Mon + 15 = Tue 24/11 (Ngày Văn hóa Việt Nam, off) → Wed 25/11
    ],
)
def test_answer_due_fifteen_days_rolled_to_a_working_day(inspection_board, sent, due):
    item = recommendation_create(
        actor=None,
        board_id=inspection_board.pk,
        finding="Chợ thu phí sai",
        recommendation="Hoàn trả",
        sent_on=sent,
        now=NOW,
    )
    assert item.answer_due == due


def test_overdue_notice_to_commune_leaders_is_idempotent(inspection_board, leader, make_officer, commune_b):
    from danvan.accounts.roles import Role

    other_leader = make_officer(Role.LEADER, commune_b)
    item = recommendation_create(
        actor=None,
        board_id=inspection_board.pk,
        finding="Niêm yết danh sách hộ nghèo chưa đủ 30 ngày",
        recommendation="Niêm yết lại đủ thời gian",
        sent_on=date(2026, 11, 2),
        now=NOW,
    )
    assert recommendations_overdue(leader, today=date(2026, 11, 17)).count() == 0
    assert recommendations_overdue(leader, today=date(2026, 11, 18)).count() == 1
    assert recommendations_overdue_notify(now=NOW) == 1
    assert recommendations_overdue_notify(now=NOW) == 0
    messages = Message.objects.filter(recipient=leader)
    assert messages.count() == 1 and "Quá hạn trả lời kiến nghị" in messages.get().subject
    assert not Message.objects.filter(recipient=other_leader).exists()
    recommendation_answer(
        actor=leader, recommendation_id=item.pk, answered_on=date(2026, 12, 1), answer="Đã niêm yết lại", now=NOW
    )
    assert recommendations_overdue(leader, today=date(2026, 12, 10)).count() == 0


def test_indicators(commune_a, groups, villages, households, inspection_board):
    late = datetime(2027, 1, 10, 3, tzinfo=UTC)
    for published in (date(2026, 10, 21), date(2026, 10, 22)):
        disclosure_create(
            actor=None,
            commune=commune_a,
            data=DisclosureInput(
                group=groups[2],
                title="Dự toán",
                decision_date=date(2026, 10, 14),
                published_on=published,
                channels=[Channel.POSTING],
            ),
            now=late,
        )
    vote = vote_create(
        actor=None,
        village=villages[0],
        data=VoteInput(matter=Matter.OTHER, form=VoteForm.MEETING, title="Trồng cây", vote_date=date(2026, 10, 14)),
    )
    vote_record_counts(actor=None, vote_id=vote.pk, households_present=90, approve=70, reject=20)
    vote_create(
        actor=None,
        village=villages[1],
        data=VoteInput(matter=Matter.OTHER, form=VoteForm.MEETING, title="Chưa họp", vote_date=date(2026, 10, 20)),
    )
    recommendation_create(
        actor=None, board_id=inspection_board.pk, finding="x", recommendation="y", sent_on=date(2026, 10, 1), now=late
    )
    scope = Scope((commune_a.path,), date(2026, 10, 1), date(2026, 12, 31))
    assert indicator("democracy.disclosures_on_time").value(scope).result("rate") == 50.0
    assert indicator("democracy.votes_held").value(scope).numerator == 1
    assert indicator("democracy.board_recommendations_overdue").value(scope).numerator == 1
    other = Scope(("/12/",), date(2026, 10, 1), date(2026, 12, 31))
    assert indicator("democracy.votes_held").value(other).numerator == 0


def test_periodic_task_declared():
    from django.apps import apps

    assert ("danvan.democracy.tasks.notify_overdue_recommendations", 21600) in apps.get_app_config(
        "democracy"
    ).periodic_tasks
