"""The rules of Luật Thực hiện dân chủ ở cơ sở 2022 (Law 10/2022/QH15, in force 1/7/2023) and Decree
59/2023/NĐ-CP that this app applies, as plain data and pure functions (no database), so that every
threshold can be unit-tested and cited. DOMAIN.md §2 holds the paraphrased text.

Thresholds are always counted against ALL households of the village (Art. 21), never against those who
came to the meeting or returned a ballot.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# Arts. 12–13: publish within 05 working days of the decision unless another law says otherwise.
PUBLISH_WITHIN_WORKING_DAYS = 5
# Art. 13: posting lasts at least 30 consecutive days (groups 1–3 and 5–12).
MIN_POSTING_DAYS = 30
# Art. 13: loudspeaker broadcast on at least 3 consecutive days for groups 7–12 (where loudspeakers exist).
MIN_LOUDSPEAKER_DAYS = 3
# Art. 20: the decision record is sent within 05 working days; recognition within 05 working days.
SEND_RECORD_WITHIN_WORKING_DAYS = 5
RECOGNISE_WITHIN_WORKING_DAYS = 5
# Arts. 36–40: the commune People's Committee answers People's Inspection Board recommendations in 15 days.
BOARD_ANSWER_WITHIN_DAYS = 15
# Arts. 36–45: at least 5 members per board.
MIN_BOARD_MEMBERS = 5
# Art. 18 (ND59 Art. 3): a village of 200 households or more may meet in clusters.
CLUSTER_MEETING_MIN_HOUSEHOLDS = 200
# Art. 16: a citizen initiative needs the support of at least 10% of the households.
INITIATIVE_SHARE = Fraction(1, 10)
# Art. 17 and ND59: online voting only where more than half of the households chose it.
ONLINE_OPT_IN_SHARE = Fraction(1, 2)

TWO_THIRDS = Fraction(2, 3)
HALF = Fraction(1, 2)


@dataclass(frozen=True)
class GroupRule:
    number: int
    name: str
    permanent: bool  # Art. 13: posted permanently and updated on change (groups 4 and 13)
    loudspeaker: bool  # Art. 13: groups 7–12


# Art. 11, khoản 1–14: what the commune must publish.
DISCLOSURE_GROUPS: list[GroupRule] = [
    GroupRule(1, "Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện", False, False),
    GroupRule(2, "Dự toán, báo cáo tình hình thực hiện và quyết toán ngân sách", False, False),
    GroupRule(
        3,
        "Dự án, công trình đầu tư và tiến độ; phương án thu hồi đất, bồi thường, tái định cư; quỹ đất; "
        "quy hoạch xây dựng",
        False,
        False,
    ),
    GroupRule(
        4,
        "Quy chế thực hiện dân chủ ở cơ sở; nhiệm vụ, quyền hạn của cán bộ, công chức; quy tắc ứng xử",
        True,
        False,
    ),
    GroupRule(5, "Các quỹ, khoản tài trợ, khoản đóng góp huy động từ Nhân dân", False, False),
    GroupRule(6, "Mua sắm, quản lý, sử dụng, xử lý tài sản công", False, False),
    GroupRule(
        7,
        "Chính sách hỗ trợ, trợ cấp, tín dụng và danh sách đối tượng thụ hưởng (hộ nghèo, nhà ở, bảo hiểm y tế…)",
        False,
        True,
    ),
    GroupRule(8, "Phân bổ, hỗ trợ khắc phục hậu quả thiên tai, dịch bệnh", False, True),
    GroupRule(9, "Danh sách gọi công dân nhập ngũ, thực hiện nghĩa vụ tham gia Công an nhân dân", False, True),
    GroupRule(
        10,
        "Kết quả thanh tra, kiểm tra, xử lý tham nhũng, kỷ luật cán bộ; kết quả lấy phiếu tín nhiệm",
        False,
        True,
    ),
    GroupRule(11, "Kế hoạch, kết quả lấy ý kiến Nhân dân và giải trình", False, True),
    GroupRule(12, "Các khoản phí, lệ phí", False, True),
    GroupRule(13, "Thủ tục hành chính và việc giải quyết thủ tục hành chính thuộc thẩm quyền của cấp xã", True, False),
    GroupRule(14, "Những nội dung khác theo quy định của pháp luật", False, False),
]


def posting_rule_text(rule: GroupRule) -> str:
    """The posting rule of a group in one sentence (Art. 13)."""
    text = (
        "Niêm yết thường xuyên, cập nhật khi có thay đổi"
        if rule.permanent
        else f"Niêm yết ít nhất {MIN_POSTING_DAYS} ngày liên tục"
    )
    if rule.loudspeaker:
        text += f"; thông báo trên loa truyền thanh ít nhất {MIN_LOUDSPEAKER_DAYS} ngày liên tục"
    return text + "."


def share_at_least(count: int, total: int, share: Fraction) -> bool:
    """count/total ≥ share, in exact arithmetic (80/120 is exactly 2/3; no float rounding)."""
    return total > 0 and Fraction(count, total) >= share


def share_more_than(count: int, total: int, share: Fraction) -> bool:
    return total > 0 and Fraction(count, total) > share


def contribution_matter(matter: str) -> bool:
    """Art. 15 items 1–2 (works and contributions; funds) need two thirds; the rest more than half."""
    return matter in ("cong_trinh", "quy")


def village_vote_passes(matter: str, approve: int, households: int) -> bool:
    """Art. 21: the vote passes against ALL households of the village: ≥ 2/3 for matters 1–2 (works,
    contributions, funds), > 50% for conventions, village heads, board members and other matters."""
    if contribution_matter(matter):
        return share_at_least(approve, households, TWO_THIRDS)
    return share_more_than(approve, households, HALF)


def commune_vote_passes(villages_approving: int, villages_total: int) -> bool:
    """Art. 21: a commune-wide contribution passes when at least 2/3 of the villages approve it."""
    return share_at_least(villages_approving, villages_total, TWO_THIRDS)


def initiative_supported(supporters: int, households: int) -> bool:
    """Art. 16: a citizen initiative goes to a community decision with ≥ 10% of households."""
    return share_at_least(supporters, households, INITIATIVE_SHARE)


def online_vote_allowed(opted_in: int, households: int) -> bool:
    """ND59: online voting only where more than half of the households chose it."""
    return share_more_than(opted_in, households, ONLINE_OPT_IN_SHARE)
