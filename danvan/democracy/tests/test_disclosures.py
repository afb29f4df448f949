"""Disclosures (Luật Thực hiện dân chủ ở cơ sở 2022, Arts. 11–13): deadlines in working days, compliance,
the quarterly list, the public list."""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.core.errors import PermissionDeniedError, ValidationFailed
from danvan.democracy.documents import quarterly_list_docx, quarterly_list_xlsx
from danvan.democracy.models import Channel, DisclosureGroup
from danvan.democracy.selectors import (
    Problem,
    compliance_rows,
    disclosure_problems,
    public_disclosures,
    quarterly_list,
)
from danvan.democracy.services import DisclosureInput, disclosure_create, disclosure_update

pytestmark = pytest.mark.django_db
LATER = datetime(2027, 6, 1, 3, tzinfo=UTC)


def _make(commune, group, decision_date, *, actor=None, now=LATER, **extra):
    data = DisclosureInput(
        group=group, title=extra.pop("title", "Dự toán ngân sách xã năm 2027"), decision_date=decision_date, **extra
    )
    return disclosure_create(actor=actor, commune=commune, data=data, now=now)


def test_fourteen_groups_with_their_posting_rules(groups):
    assert sorted(groups) == list(range(1, 15))
    assert [n for n, g in groups.items() if g.permanent] == [4, 13]
    assert [n for n, g in groups.items() if g.loudspeaker_days == 3] == [7, 8, 9, 10, 11, 12]
    assert groups[2].min_posting_days == 30 and groups[4].min_posting_days == 0
    assert (
        groups[7].rule_text == "Niêm yết ít nhất 30 ngày liên tục; phát trên loa truyền thanh ít nhất 3 ngày liên tục."
    )
    assert DisclosureGroup.objects.count() == 14  # seeded by the migration; the seed is idempotent


def test_ordinary_deadline_is_five_working_days(commune_a, groups):
    # Wed 14/10/2026 → Thu 15, Fri 16, Mon 19, Tue 20, Wed 21/10/2026.
    assert _make(commune_a, groups[2], date(2026, 10, 14)).deadline == date(2026, 10, 21)


def test_deadline_of_a_decision_on_the_friday_before_tet_2027(commune_a, groups):
    """Tết Đinh Mùi 2027 in territory.calendar: days off Thu 4/2 → Wed 10/2/2027 (29 Tết to mùng 5).
    Decided Fri 29/1/2027: Mon 1/2 (1), Tue 2/2 (2), Wed 3/2 (3), [4–10/2 off], Thu 11/2 (4), Fri 12/2 (5)."""
    assert _make(commune_a, groups[7], date(2027, 1, 29)).deadline == date(2027, 2, 12)


def test_deadline_of_a_decision_signed_on_new_years_eve_2027(commune_a, groups):
    # Fri 5/2/2027 (Giao thừa, a day off): Thu 11, Fri 12, Mon 15, Tue 16, Wed 17/2/2027.
    assert _make(commune_a, groups[7], date(2027, 2, 5)).deadline == date(2027, 2, 17)


def test_a_specialised_law_may_set_another_deadline_with_its_basis(commune_a, groups):
    with pytest.raises(ValidationFailed, match="Ghi căn cứ pháp luật"):
        _make(commune_a, groups[3], date(2026, 10, 14), special_deadline=date(2026, 11, 14))
    item = _make(
        commune_a,
        groups[3],
        date(2026, 10, 14),
        special_deadline=date(2026, 11, 14),
        special_deadline_basis="Luật Đất đai 2024, Điều 87",
    )
    assert item.deadline == date(2026, 11, 14)


def test_compliance_late_missing_early_takedown_loudspeaker(commune_a, groups, leader):
    posting = [Channel.POSTING, Channel.PORTAL]
    on_time = _make(commune_a, groups[2], date(2026, 10, 14), published_on=date(2026, 10, 21), channels=posting)
    late = _make(commune_a, groups[2], date(2026, 10, 14), published_on=date(2026, 10, 22), channels=posting)
    missing = _make(commune_a, groups[1], date(2026, 10, 14))
    early = _make(
        commune_a,
        groups[5],
        date(2026, 10, 14),
        published_on=date(2026, 10, 15),
        taken_down_on=date(2026, 11, 13),  # posted 15/10 … 12/11 = 29 days
        channels=posting,
    )
    full = _make(
        commune_a,
        groups[5],
        date(2026, 10, 14),
        published_on=date(2026, 10, 15),
        taken_down_on=date(2026, 11, 14),  # posted 15/10 … 13/11 = 30 days
        channels=posting,
    )
    permanent = _make(commune_a, groups[13], date(2026, 10, 14), published_on=date(2026, 10, 15), channels=posting)
    short_loudspeaker = _make(
        commune_a,
        groups[7],
        date(2026, 10, 14),
        published_on=date(2026, 10, 15),
        channels=posting,
        loudspeaker_from=date(2026, 10, 15),
        loudspeaker_days=2,
    )
    today = date(2026, 12, 1)
    assert disclosure_problems(on_time, today=today) == []
    assert disclosure_problems(late, today=today) == [Problem.LATE]
    assert disclosure_problems(missing, today=today) == [Problem.MISSING]
    assert disclosure_problems(missing, today=date(2026, 10, 21)) == []  # deadline day itself: not yet late
    assert disclosure_problems(early, today=today) == [Problem.EARLY_TAKEDOWN]
    assert disclosure_problems(full, today=today) == []
    assert disclosure_problems(permanent, today=today) == []
    assert disclosure_problems(short_loudspeaker, today=today) == [Problem.LOUDSPEAKER]
    assert Channel.LOUDSPEAKER in short_loudspeaker.channels
    flagged = {row.item.pk for row in compliance_rows(leader, today=today)}
    assert flagged == {late.pk, missing.pk, early.pk, short_loudspeaker.pk}


def test_validation_messages(commune_a, groups):
    with pytest.raises(ValidationFailed, match="Ngày công khai không được trước ngày ban hành"):
        _make(commune_a, groups[2], date(2026, 10, 14), published_on=date(2026, 10, 13), channels=[Channel.POSTING])
    with pytest.raises(ValidationFailed, match="Chọn ít nhất một hình thức công khai"):
        _make(commune_a, groups[2], date(2026, 10, 14), published_on=date(2026, 10, 15))
    with pytest.raises(ValidationFailed, match="Ngày gỡ niêm yết phải sau ngày công khai"):
        _make(commune_a, groups[2], date(2026, 10, 14), taken_down_on=date(2026, 10, 15))
    with pytest.raises(ValidationFailed, match="không được sau ngày hôm nay"):
        _make(commune_a, groups[2], date(2027, 7, 1))


def test_permissions(commune_a, commune_b, groups, leader, village_head, outsider):
    assert _make(commune_a, groups[2], date(2026, 10, 14), actor=leader).unit_path == commune_a.path
    for actor, commune in ((leader, commune_b), (village_head, commune_a), (outsider, commune_a)):
        with pytest.raises(PermissionDeniedError):
            _make(commune, groups[2], date(2026, 10, 14), actor=actor)


def test_publish_later_through_update(commune_a, groups, leader):
    item = _make(commune_a, groups[2], date(2026, 10, 14), actor=leader)
    data = DisclosureInput(
        group=groups[2],
        title=item.title,
        decision_date=item.decision_date,
        published_on=date(2026, 10, 16),
        channels=[Channel.POSTING],
    )
    item = disclosure_update(actor=leader, disclosure_id=item.pk, data=data, now=LATER)
    assert item.published_on == date(2026, 10, 16) and item.deadline == date(2026, 10, 21)


def test_quarterly_list_generated_and_read_back(commune_a, commune_b, groups):
    channels = [Channel.POSTING, Channel.LOUDSPEAKER]
    _make(
        commune_a,
        groups[12],
        date(2026, 12, 28),
        title="Mức thu phí chợ năm 2027",
        published_on=date(2027, 1, 4),
        channels=channels,
    )
    _make(
        commune_a,
        groups[7],
        date(2027, 1, 29),
        title="Danh sách hộ nghèo năm 2027",
        published_on=date(2027, 2, 15),
        channels=channels,
    )
    _make(
        commune_a,
        groups[2],
        date(2027, 3, 25),
        title="Dự toán quý II",
        published_on=date(2027, 4, 1),
        channels=channels,
    )
    _make(
        commune_b,
        groups[2],
        date(2027, 1, 5),
        title="Của phường khác",
        published_on=date(2027, 1, 6),
        channels=channels,
    )
    _make(commune_a, groups[2], date(2027, 1, 5), title="Chưa công khai")

    items = quarterly_list(commune_a, 2027, 1)
    assert [i.title for i in items] == ["Mức thu phí chợ năm 2027", "Danh sách hộ nghèo năm 2027"]

    sheet = load_workbook(BytesIO(quarterly_list_xlsx(commune_a, 2027, 1, items))).active
    assert sheet["A2"].value == "DANH MỤC CÁC NỘI DUNG ĐÃ CÔNG KHAI QUÝ I NĂM 2027"
    assert [c.value for c in sheet[5]][:3] == ["STT", "Nhóm (Điều 11)", "Nội dung công khai"]
    first, second = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=7)]
    assert first[2] == "Mức thu phí chợ năm 2027" and first[6] == "04/01/2027" and first[9] == "Đúng hạn"
    # Decided 28/12/2026: 29, 30, 31/12, [1/1 off], 4/1, 5/1 → due 05/01/2027.
    assert first[5] == "05/01/2027"
    assert second[2] == "Danh sách hộ nghèo năm 2027" and second[5] == "12/02/2027" and second[9] == "Muộn"
    assert "Hệ thống loa truyền thanh" in second[7]
    assert sheet.max_row == 7

    text = "\n".join(p.text for p in Document(BytesIO(quarterly_list_docx(commune_a, 2027, 1, items))).paragraphs)
    assert "Các nội dung đã công khai quý I năm 2027" in text
    assert "1. Mức thu phí chợ năm 2027" in text and "2. Danh sách hộ nghèo năm 2027" in text


def test_public_list_shows_published_and_still_posted_only(commune_a, groups):
    channels = [Channel.POSTING]
    shown = _make(
        commune_a,
        groups[2],
        date(2026, 10, 14),
        title="Đang niêm yết",
        published_on=date(2026, 10, 15),
        channels=channels,
    )
    _make(commune_a, groups[2], date(2026, 10, 14), title="Chưa công khai")
    _make(
        commune_a,
        groups[2],
        date(2026, 9, 1),
        title="Đã gỡ",
        published_on=date(2026, 9, 2),
        taken_down_on=date(2026, 10, 10),
        channels=channels,
    )
    assert [d.pk for d in public_disclosures(commune_a, today=date(2026, 11, 1))] == [shown.pk]
