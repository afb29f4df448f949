"""The democracy pages: what an officer and a citizen see, permission and jurisdiction (404 outside)."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.democracy.models import Board, Channel, CommunityVote, Disclosure, Matter, VoteForm
from danvan.democracy.services import DisclosureInput, VoteInput, board_create, disclosure_create, vote_create

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-kiem-thu-2026"


@pytest.fixture
def signed_in(client, leader):
    client.force_login(leader)
    return client


def _disclosure(commune, group, **extra):
    values = {"title": "Dự toán ngân sách phường năm 2026", "decision_date": date(2026, 10, 14)}
    values.update(extra)
    return disclosure_create(actor=None, commune=commune, data=DisclosureInput(group=group, **values))


def test_index_and_desk_card(signed_in):
    page = signed_in.get("/lam-viec/dan-chu-co-so/").content.decode()
    assert "14 nhóm nội dung phải công khai" in page and "Quy chế thực hiện dân chủ ở cơ sở" in page
    desk = signed_in.get("/lam-viec/").content.decode()
    assert "công khai chậm, thiếu" in desk


def test_desk_card_hidden_without_permission(client, make_officer, commune_a):
    from danvan.accounts.roles import Role

    client.force_login(make_officer(Role.CASE_HANDLER, commune_a))
    assert "công khai chậm, thiếu" not in client.get("/lam-viec/").content.decode()
    assert client.get("/lam-viec/dan-chu-co-so/").status_code == 404


def test_create_disclosure_shows_the_deadline(signed_in, commune_a, groups):
    response = signed_in.post(
        "/lam-viec/dan-chu-co-so/cong-khai/them/",
        {
            "commune": commune_a.pk,
            "group": groups[7].pk,
            "title": "Danh sách hộ nghèo, cận nghèo năm 2027",
            "decision_date": "14/10/2026",
            "channels": [Channel.POSTING, Channel.LOUDSPEAKER],
            "published_on": "16/10/2026",
            "loudspeaker_from": "2026-10-16",
            "loudspeaker_days": "3",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu. Hạn công khai: 21/10/2026." in page
    item = Disclosure.objects.get()
    assert item.published_on == date(2026, 10, 16) and item.loudspeaker_days == 3


def test_bad_input_keeps_what_was_typed(signed_in, commune_a, groups):
    response = signed_in.post(
        "/lam-viec/dan-chu-co-so/cong-khai/them/",
        {
            "commune": commune_a.pk,
            "group": groups[2].pk,
            "title": "Quyết toán ngân sách 2025",
            "decision_date": "2026-10-14",
            "published_on": "2026-10-13",
            "channels": [Channel.POSTING],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày công khai không được trước ngày ban hành quyết định." in page
    assert 'value="Quyết toán ngân sách 2025"' in page
    assert not Disclosure.objects.exists()


def test_other_province_records_are_404(client, outsider, commune_a, groups, villages, households):
    item = _disclosure(commune_a, groups[2])
    vote = vote_create(
        actor=None,
        village=villages[0],
        data=VoteInput(matter=Matter.OTHER, form=VoteForm.MEETING, title="Trồng cây", vote_date=date(2026, 10, 14)),
    )
    board = board_create(
        actor=None, commune=commune_a, kind=Board.Kind.INSPECTION, name="BTTND", established_on=date(2026, 1, 1)
    )
    client.force_login(outsider)
    for url in (
        f"/lam-viec/dan-chu-co-so/cong-khai/{item.pk}/",
        f"/lam-viec/dan-chu-co-so/bieu-quyet/{vote.pk}/",
        f"/lam-viec/dan-chu-co-so/bieu-quyet/{vote.pk}/bien-ban.docx",
        f"/lam-viec/dan-chu-co-so/ban/{board.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert item.title not in client.get("/lam-viec/dan-chu-co-so/cong-khai/").content.decode()


def test_compliance_page_lists_late_items(signed_in, commune_a, groups):
    _disclosure(
        commune_a, groups[2], title="Công khai muộn", published_on=date(2026, 10, 22), channels=[Channel.POSTING]
    )
    _disclosure(
        commune_a, groups[2], title="Công khai đúng hạn", published_on=date(2026, 10, 20), channels=[Channel.POSTING]
    )
    page = signed_in.get("/lam-viec/dan-chu-co-so/cong-khai/tuan-thu/").content.decode()
    assert "Công khai muộn" in page and "Công khai đúng hạn" not in page


def test_quarterly_downloads(signed_in, commune_a, groups):
    _disclosure(
        commune_a, groups[12], title="Mức thu phí chợ", published_on=date(2026, 10, 15), channels=[Channel.POSTING]
    )
    url = f"/lam-viec/dan-chu-co-so/cong-khai/danh-muc-quy/?commune={commune_a.pk}&year=2026&quarter=4"
    assert "Mức thu phí chợ" in signed_in.get(url).content.decode()
    sheet = load_workbook(BytesIO(signed_in.get(url + "&format=xlsx").content)).active
    assert sheet["C6"].value == "Mức thu phí chợ"
    text = "\n".join(p.text for p in Document(BytesIO(signed_in.get(url + "&format=docx").content)).paragraphs)
    assert "Mức thu phí chợ" in text


def test_record_counts_and_download_the_record(signed_in, villages, households):
    vote = vote_create(
        actor=None,
        village=villages[0],
        data=VoteInput(
            matter=Matter.CONVENTION, form=VoteForm.MEETING, title="Quy ước Khu vực 1", vote_date=date(2026, 10, 14)
        ),
    )
    url = f"/lam-viec/dan-chu-co-so/bieu-quyet/{vote.pk}/"
    response = signed_in.post(
        url,
        {
            "action": "counts",
            "counts-households_present": "100",
            "counts-approve": "61",
            "counts-reject": "39",
            "counts-village_head_name": "Nguyễn Văn Trưởng",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "61/120 hộ tán thành" in page and "Thông qua" in page
    assert "21/10/2026" in page  # Wed 14/10 + 5 working days: Thu 15, Fri 16, Mon 19, Tue 20, Wed 21
    vote.refresh_from_db()
    assert vote.status == CommunityVote.Status.DECIDED and vote.send_due == date(2026, 10, 21)
    listing = signed_in.get("/lam-viec/dan-chu-co-so/bieu-quyet/").content.decode()
    assert "Gửi biên bản: 21/10/2026" in listing and "Quá hạn" in listing  # the record was never sent
    docx = Document(BytesIO(signed_in.get(url + "bien-ban.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Tổng số hộ gia đình trong thôn, tổ dân phố: 120 hộ." in text
    assert "61 hộ tán thành" in text and "Nội dung được cộng đồng dân cư thông qua." in text
    bad = signed_in.post(
        url, {"action": "counts", "counts-households_present": "130", "counts-approve": "61", "counts-reject": "0"}
    )
    assert "vượt quá tổng số hộ của thôn (120)" in bad.content.decode()


def test_online_vote_refused_in_the_form(signed_in, villages, households):
    response = signed_in.post(
        "/lam-viec/dan-chu-co-so/bieu-quyet/them/",
        {
            "village": villages[0].pk,
            "matter": Matter.OTHER,
            "form": VoteForm.ONLINE,
            "clusters": "1",
            "title": "Chọn ngày tổng vệ sinh",
            "vote_date": "2026-10-14",
        },
    )
    assert "mới có 50/120 hộ của Khu vực 1 đăng ký, cần hơn một nửa số hộ" in response.content.decode()
    assert not CommunityVote.objects.exists()


def test_board_member_flag_refused_on_the_page(signed_in, commune_a):
    board = board_create(
        actor=None, commune=commune_a, kind=Board.Kind.INSPECTION, name="BTTND", established_on=date(2026, 1, 1)
    )
    response = signed_in.post(
        f"/lam-viec/dan-chu-co-so/ban/{board.pk}/",
        {
            "action": "member",
            "member-full_name": "Đỗ Công Chức",
            "member-position": "Thành viên",
            "member-is_commune_official": "on",
        },
    )
    assert "không được là thành viên Ban Thanh tra nhân dân" in response.content.decode()
    assert "Ban cần ít nhất 5 thành viên" in response.content.decode()


def test_public_pages(client, province, commune_a, groups):
    _disclosure(
        commune_a, groups[2], title="Dự toán đang niêm yết", published_on=date(2026, 10, 15), channels=[Channel.POSTING]
    )
    _disclosure(commune_a, groups[2], title="Chưa công khai")
    assert commune_a.name in client.get(f"/cong-khai/?province={province.pk}").content.decode()
    page = client.get(f"/cong-khai/{commune_a.pk}/").content.decode()
    assert "Dự toán đang niêm yết" in page and "Chưa công khai" not in page
    assert client.get(f"/cong-khai/{province.pk}/").status_code == 404
    assert client.get("/cong-khai/999999/").status_code == 404


def test_every_page_renders_with_data(signed_in, commune_a, groups, villages, households):
    from danvan.democracy.services import board_member_add, commune_vote_create, recommendation_create

    item = _disclosure(commune_a, groups[2], published_on=date(2026, 10, 15), channels=[Channel.POSTING])
    parent = commune_vote_create(
        actor=None,
        commune=commune_a,
        data=VoteInput(
            matter=Matter.FUNDS, form=VoteForm.MEETING, title="Quỹ khuyến học", vote_date=date(2026, 10, 14)
        ),
    )
    board = board_create(
        actor=None,
        commune=commune_a,
        kind=Board.Kind.INSPECTION,
        name="Ban Thanh tra nhân dân",
        established_on=date(2026, 1, 1),
    )
    board_member_add(actor=None, board_id=board.pk, full_name="Trần Thị Dân", village=villages[0])
    recommendation_create(
        actor=None, board_id=board.pk, finding="Phát hiện", recommendation="Kiến nghị", sent_on=date(2026, 10, 1)
    )
    base = "/lam-viec/dan-chu-co-so/"
    expectations = {
        "": "Dân chủ ở cơ sở",
        "cong-khai/": item.title,
        f"cong-khai/{item.pk}/": "Niêm yết ít nhất đến hết ngày",
        "cong-khai/them/": "Hình thức công khai",
        "thon/": "Khu vực 3",
        "bieu-quyet/": "Quỹ khuyến học",
        "bieu-quyet/them/": "Tổ chức biểu quyết",
        f"bieu-quyet/{parent.pk}/": "Kết quả từng thôn, tổ dân phố",
        "lay-y-kien/": "Ghi nhận đợt lấy ý kiến",
        "ban/": "Kiến nghị quá hạn trả lời",
        f"ban/{board.pk}/": "Quá hạn trả lời",
    }
    for path, text in expectations.items():
        response = signed_in.get(base + path)
        assert response.status_code == 200, path
        assert text in response.content.decode(), path


def test_answer_a_recommendation_on_the_page(signed_in, commune_a):
    from danvan.democracy.models import Recommendation
    from danvan.democracy.services import recommendation_create

    board = board_create(
        actor=None,
        commune=commune_a,
        kind=Board.Kind.INSPECTION,
        name="Ban Thanh tra nhân dân",
        established_on=date(2026, 1, 1),
    )
    item = recommendation_create(
        actor=None, board_id=board.pk, finding="Phát hiện", recommendation="Kiến nghị", sent_on=date(2026, 10, 1)
    )
    response = signed_in.post(
        f"/lam-viec/dan-chu-co-so/ban/{board.pk}/",
        {"action": f"answer-{item.pk}", "answer-answered_on": "10/10/2026", "answer-answer": "Đã khắc phục"},
        follow=True,
    )
    assert "Trả lời ngày 10/10/2026" in response.content.decode()
    assert Recommendation.objects.get().answered_on == date(2026, 10, 10)
