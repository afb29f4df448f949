"""A few hundred realistic cases across the demo communes, in every state, made through the services
(so the timeline, deadlines and audit chain are real). Deterministic: the same seed gives the same world."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.cases.deadlines import seed_legal_data
from danvan.cases.models import Case, Category
from danvan.cases.services import (
    PersonInput,
    Submission,
    case_apply_action,
    case_rate,
    case_submit,
    cases_sweep_overdue,
)
from danvan.cases.workflow import Kind, transition_for
from danvan.core.clock import local_date
from danvan.demo.personas import DEMO_COMMUNES
from danvan.territory.models import AdministrativeUnit

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Giàng", "Lý", "Thào", "Tòng"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "A", "Thanh", "Quốc", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Khánh",
    "Lan",
    "Mai",
    "Nam",
    "Páo",
    "Sử",
    "Tâm",
    "Thảo",
    "Vinh",
    "Xuân",
    "Yến",
]

# (category, kind, subject, body): how people really write to a commune.
TOPICS = [
    (
        "dat_dai",
        Kind.COMPLAINT,
        "Khiếu nại quyết định thu hồi đất làm đường",
        "Gia đình tôi bị thu hồi 320 m² đất nông nghiệp để mở rộng đường liên xã nhưng mức bồi thường thấp hơn giá thị "
        "trường, chưa được hỗ trợ chuyển đổi nghề. Đề nghị xem xét lại quyết định bồi thường.",
    ),
    (
        "dat_dai",
        Kind.PETITION,
        "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất của gia đình nộp từ đầu năm đến nay chưa có kết quả.",
    ),
    (
        "dat_dai",
        Kind.COMPLAINT,
        "Khiếu nại về giá đất tái định cư",
        "Giá đất tái định cư cao hơn mức bồi thường cho đất bị thu hồi, các hộ không đủ tiền nhận đất tái định cư.",
    ),
    (
        "nha_o_xay_dung",
        Kind.FEEDBACK,
        "Phản ánh công trình xây dựng lấn chiếm vỉa hè",
        "Công trình nhà ở đang xây dựng tại đầu hẻm đổ vật liệu lấn chiếm vỉa hè, gây cản trở đi lại và mất an toàn.",
    ),
    (
        "nha_o_xay_dung",
        Kind.FEEDBACK,
        "Phản ánh nhà xây dựng sai phép",
        "Hộ gia đình cạnh nhà tôi xây thêm tầng 4 không có giấy phép, làm nứt tường nhà bên cạnh.",
    ),
    (
        "moi_truong",
        Kind.FEEDBACK,
        "Phản ánh ô nhiễm mùi từ cơ sở chăn nuôi",
        "Trại chăn nuôi heo gần khu dân cư xả nước thải ra kênh, bốc mùi hôi thối nhiều ngày nay.",
    ),
    (
        "moi_truong",
        Kind.FEEDBACK,
        "Phản ánh rác thải không được thu gom",
        "Rác thải sinh hoạt tại điểm tập kết không được thu gom gần một tuần, gây ô nhiễm và ruồi muỗi.",
    ),
    (
        "moi_truong",
        Kind.PETITION,
        "Kiến nghị nạo vét kênh thoát nước",
        "Kênh thoát nước chung của khu vực bị bồi lắng, mỗi khi mưa lớn nước tràn vào nhà dân.",
    ),
    (
        "chinh_sach_xa_hoi",
        Kind.PETITION,
        "Kiến nghị xét hộ cận nghèo",
        "Gia đình tôi có hai người già bệnh, thu nhập thấp nhưng không có tên trong danh sách hộ cận nghèo năm nay.",
    ),
    (
        "chinh_sach_xa_hoi",
        Kind.PETITION,
        "Kiến nghị giải quyết chế độ người có công",
        "Bố tôi tham gia kháng chiến, hồ sơ đề nghị hưởng chế độ nộp đã lâu chưa được giải quyết.",
    ),
    (
        "cong_chuc_cong_vu",
        Kind.FEEDBACK,
        "Phản ánh thái độ cán bộ một cửa",
        "Khi làm thủ tục chứng thực, cán bộ bộ phận một cửa trả lời thiếu tôn trọng và yêu cầu bổ sung "
        "giấy tờ không cần thiết.",
    ),
    (
        "cong_chuc_cong_vu",
        Kind.DENUNCIATION,
        "Tố cáo cán bộ địa chính nhận tiền của dân",
        "Cán bộ địa chính xã yêu cầu nộp thêm tiền ngoài quy định để hồ sơ được giải quyết nhanh, có người làm chứng.",
    ),
    (
        "tham_nhung_tieu_cuc",
        Kind.DENUNCIATION,
        "Tố cáo sai phạm trong hỗ trợ giống cây trồng",
        "Danh sách hộ nhận hỗ trợ giống cây trồng có tên người không canh tác, trong khi nhiều hộ khó khăn "
        "không được nhận.",
    ),
    (
        "thu_tuc_hanh_chinh",
        Kind.FEEDBACK,
        "Phản ánh thời gian giải quyết thủ tục đăng ký kinh doanh",
        "Hồ sơ đăng ký hộ kinh doanh quá hạn hẹn trả kết quả 5 ngày mà không có thông báo lý do.",
    ),
    (
        "an_ninh_trat_tu",
        Kind.FEEDBACK,
        "Phản ánh tụ tập gây mất trật tự ban đêm",
        "Nhóm thanh niên thường xuyên tụ tập, nẹt pô xe máy sau 23 giờ tại khu vực chợ, gây mất an ninh trật tự.",
    ),
    (
        "an_ninh_trat_tu",
        Kind.PETITION,
        "Kiến nghị lắp đèn chiếu sáng đường liên thôn",
        "Đoạn đường liên thôn dài khoảng 1 km không có đèn chiếu sáng, học sinh đi học buổi tối không an toàn.",
    ),
]

# Where each case ends up, with weights: a living system has most cases in progress.
PATHS = [
    ([], 12),
    (["start_screening"], 10),
    (["start_screening", "accept"], 14),
    (["start_screening", "accept", "start_verifying"], 16),
    (["start_screening", "accept", "start_verifying", "answer"], 10),
    (["start_screening", "accept", "start_verifying", "answer", "close"], 22),
    (["start_screening", "refuse"], 4),
    (["start_screening", "forward"], 4),
    (["start_screening", "accept", "suspend"], 2),
    (["start_screening", "accept", "extend"], 3),
    (["withdraw"], 2),
]
NOTES = {
    "refuse": "Nội dung đã được giải quyết bằng quyết định có hiệu lực pháp luật (Điều 11 Luật Khiếu nại).",
    "forward": "Không thuộc thẩm quyền; chuyển Sở Tài nguyên và Môi trường xem xét theo quy định.",
    "suspend": "Chờ kết quả đo đạc lại của Văn phòng đăng ký đất đai.",
    "extend": "Vụ việc phức tạp: phải xác minh tại nhiều địa điểm (điểm a khoản 1 Điều 3a Nghị định 124/2020).",
    "answer": "Đã kiểm tra thực tế và có văn bản trả lời.",
    "withdraw": "Công dân có đơn xin rút.",
}
ANSWERS = [
    "UBND đã kiểm tra thực tế, yêu cầu chủ công trình khắc phục trong 07 ngày; lực lượng chức năng sẽ giám sát.",
    "Đã đưa vào kế hoạch nạo vét quý tới; trước mắt tổ chức khơi thông dòng chảy.",
    "Xét hồ sơ đủ điều kiện; đề nghị gia đình bổ sung giấy xác nhận để hoàn tất trong tháng.",
    "Giữ nguyên mức bồi thường theo bảng giá; hỗ trợ thêm chuyển đổi nghề theo quy định của tỉnh.",
]


@dataclass
class _Actors:
    leader: User
    handler: User


def _actors_for(unit: AdministrativeUnit) -> _Actors:
    province_code = unit.parent.code
    leader = User.objects.get(
        username="lanhdao.xa"
        if unit.code == "31135"
        else ("lanhdao.tinh" if province_code == "92" else "lanhdao.laichau")
    )
    handler = User.objects.get(username="xuly") if unit.code == "31135" else leader
    return _Actors(leader=leader, handler=handler)


def _person(rng: random.Random) -> PersonInput:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return PersonInput(
        full_name=name,
        id_number=f"0{rng.randrange(10**10, 10**11)}",
        phone=f"09{rng.randrange(10**7, 10**8)}",
        address=f"Số {rng.randint(1, 200)}, tổ {rng.randint(1, 12)}",
    )


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def demo_cases_build(*, count: int = 320, seed: int = 2026) -> int:
    """Create ``count`` cases unless the demo already has cases. Returns how many were made."""
    if Case.objects.exists():
        return 0
    seed_legal_data()
    rng = random.Random(seed)
    categories = {c.code: c for c in Category.objects.all()}
    communes = list(
        AdministrativeUnit.objects.current()
        .filter(code__in=[c for codes in DEMO_COMMUNES.values() for c in codes])
        .select_related("parent")
    )
    today = local_date()
    paths, weights = zip(*PATHS, strict=True)
    for _ in range(count):
        unit = rng.choice(communes)
        category, kind, subject, body = rng.choice(TOPICS)
        path = rng.choices(paths, weights)[0]
        # Cases still open are mostly recent, as in a unit that keeps up; a few have slipped.
        still_open = not path or path[-1] in ("start_screening", "accept", "start_verifying", "suspend", "extend")
        received = today - timedelta(
            days=rng.randint(0, 12) if still_open and rng.random() < 0.8 else rng.randint(0, 150)
        )
        group = rng.choice([1] * 12 + [3, 6, 12, 25])
        anonymous = kind in (Kind.FEEDBACK, Kind.DENUNCIATION) and rng.random() < 0.12
        persons = [_person(rng)] + (
            [PersonInput(full_name=_person(rng).full_name, role="representative") for _ in range(min(group // 5, 3))]
            if group >= 5
            else []
        )
        case = case_submit(
            data=Submission(
                kind=kind,
                channel=rng.choice(["portal", "portal", "in_person", "hotline", "post", "email"]),
                category=categories[category],
                subject=subject,
                body=body,
                submitted_unit=unit,
                persons=persons,
                is_anonymous=anonymous,
                group_size=group,
                address=f"Khu vực {rng.randint(1, 9)}",
                notify_email="",
            ),
            now=_at(received, rng.randint(7, 16)),
        ).case
        _advance(case, path, received, today, _actors_for(unit), rng)
    cases_sweep_overdue(today=today)
    return count


def _advance(case: Case, path: list[str], received, today, actors: _Actors, rng: random.Random) -> None:
    day = received
    if case.is_anonymous and case.kind == Kind.DENUNCIATION:
        path = ["keep_as_information"] if path else []
    for action in path:
        day = min(day + timedelta(days=rng.randint(1, 12)), today)
        actor = (
            actors.handler if action in ("start_screening", "start_verifying", "close", "forward") else actors.leader
        )
        params = {}
        if action == "answer":
            params["public_answer"] = rng.choice(ANSWERS)
        if action == "extend":
            params["complexity"] = "complex"
        if transition_for(action, case.status, case.kind) is None or (
            action == "extend" and case.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION)
        ):
            continue  # this kind of case does not take that step (e.g. petitions are not suspended)
        case = case_apply_action(
            case_id=case.pk,
            action=action,
            actor=actor,
            now=_at(day, 10),
            note=NOTES.get(action, "Theo thẩm quyền." if action == "keep_as_information" else ""),
            **params,
        )
        if action == "close" and rng.random() < 0.6:
            # Through the citizen's service, so the rating is timelined and counted like a real one.
            case_rate(case_id=case.pk, score=rng.choice([2, 3, 4, 4, 5, 5]), now=_at(day, 16))
