"""The civic activity beside the benchmark cases: reception days, dialogues, commitments and grassroots visits.

Called by bench/generate.py after the cases; sizes follow the number of cases (for 100k cases about 100
communes whose chairs receive citizens weekly and hold quarterly dialogues, 80 cadres who go to the
grassroots every month; ten times as many for 1M), over the same three years as the cases.

- Leaders: a chair per chosen commune (chosen by the case weights, so busy wards are the ones on the
  platform) and one per province, each with a ``ReceptionDuty`` under the seeded legal policies, a user and a
  role assignment; the organisations (UBND, Mặt trận and mass organisations, Ban Tuyên giáo và Dân vận) are
  created when missing.
- Reception days: commune chairs weekly on a fixed weekday (moved within the week around holidays; Tết weeks
  and about 3 % of the others missed, some delegated to a deputy or cancelled), provincial chairs monthly
  (one online day a year with connection points), a few ad hoc days, the next weeks planned. The reception
  book: walk-ins guided on the spot or refused with a legal ground, and, for generated in-person cases
  received on a reception day in that commune (or province), an entry with that case linked, the
  submitter's name and phone; names, ID numbers, phones and addresses go through the encrypted fields.
- Dialogues: quarterly per commune, twice a year per province; participants, minutes, two to five issues
  with a tone and a severity (angrier in the communes with land-recovery bursts); each issue answered on
  the spot, turned into a commitment, or linked to an in-person case received in the days after.
- Commitments: a dated timeline (``CommitmentUpdate``); past due ones mostly done (some late), some
  overdue (``overdue_since`` as the escalation task would set it) and some cancelled; running ones with
  progress.
- Fieldwork: commune cadres (field cadre of a mass organisation) and provincial coordinators with the
  monthly quota (3 field trips + 1 block meeting) mostly met, some months missed; coordinators lead a
  government tổ dân vận with commune cadres of their province, whose team trips count for every member.
  Visits go to communes by the case weights; observations carry a topic, tone, severity and Vietnamese text.

Everything is bulk-inserted in batches, with no service call and no query per row, and without audit events
(the services write those; this data never went through them). Deterministic for a seed.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import SimpleNamespace

USERNAME_PREFIX = "bench.hd."
BATCH = 2000
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lò",
    "Giàng",
    "Hà",
]
SURNAME_WEIGHTS = [30, 11, 9, 7, 5, 4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1]
MIDDLE = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"],
    "f": ["Thị", "Thu", "Ngọc", "Thanh", "Mỹ"],
}
GIVEN = {
    "m": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Trung",
    ],
    "f": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Ngân", "Nhung", "Phương", "Yến"],
}
PLACES = [
    "khu phố 1",
    "khu phố 2",
    "tổ dân phố 5",
    "ấp Phú Lợi",
    "ấp Thạnh Hòa",
    "thôn Đông",
    "bản Nà Luông",
    "khu vực 3",
]
PROJECTS = ["khu dân cư mới", "mở rộng quốc lộ", "bờ kè ven sông", "khu công nghiệp", "khu tái định cư"]

# Per case category (the codes bench/generate.py uses): dialogue topics and target groups, issues raised
# (topic, what residents said), commitments promised, what cadres hear (observation topics) and what people
# come to the reception for (content, handling when guided on the spot).
BANK = {
    "dat_dai": {
        "dialogues": [
            ("Bồi thường, hỗ trợ, tái định cư dự án {project}", "Các hộ dân bị ảnh hưởng bởi dự án {project}"),
            ("Cấp giấy chứng nhận quyền sử dụng đất", "Các hộ chưa được cấp giấy chứng nhận ở {place}"),
            ("Quy hoạch sử dụng đất, chỉnh trang khu dân cư", "Người dân {place}"),
        ],
        "issues": [
            ("Đơn giá bồi thường", "Đơn giá đất bồi thường thấp hơn giá chuyển nhượng thực tế trong khu vực."),
            ("Vị trí tái định cư", "Chưa công bố vị trí khu tái định cư, các hộ không yên tâm bàn giao mặt bằng."),
            ("Tiến độ chi trả", "Đã bàn giao mặt bằng nhiều tháng nhưng chưa nhận đủ tiền hỗ trợ."),
            ("Đo đạc ranh giới", "Việc đo đạc, kiểm đếm chưa thông báo trước cho các hộ liền kề."),
            ("Cấp giấy chứng nhận", "Hồ sơ cấp giấy chứng nhận nộp từ lâu nhưng chưa có kết quả."),
        ],
        "commitments": [
            "Công khai phương án bồi thường, hỗ trợ dự án {project}",
            "Đo đạc lại ranh giới thửa đất các hộ {place}",
            "Chi trả dứt điểm tiền hỗ trợ cho các hộ đã bàn giao mặt bằng",
            "Trả kết quả hồ sơ cấp giấy chứng nhận còn tồn đọng",
        ],
        "observations": [
            "Thu hồi đất dự án {project}",
            "Giá bồi thường, hỗ trợ tái định cư",
            "Tiến độ cấp giấy chứng nhận quyền sử dụng đất",
            "Tranh chấp ranh giới đất giữa các hộ",
        ],
        "walk_ins": [
            ("Hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất", "Hướng dẫn nộp hồ sơ tại Bộ phận một cửa."),
            (
                "Hỏi về phương án bồi thường dự án {project}",
                "Giải thích căn cứ tính giá bồi thường, hẹn trả lời bằng văn bản.",
            ),
            ("Đề nghị hòa giải tranh chấp ranh giới đất", "Hướng dẫn gửi đơn đến tổ hòa giải ở cơ sở."),
        ],
    },
    "moi_truong": {
        "dialogues": [
            ("Thu gom, xử lý rác thải sinh hoạt", "Người dân {place}"),
            ("Ô nhiễm từ cơ sở chăn nuôi, sản xuất trong khu dân cư", "Các hộ sống gần cơ sở sản xuất ở {place}"),
            ("Nạo vét kênh mương, chống ngập úng", "Người dân {place}"),
        ],
        "issues": [
            ("Rác thải tồn đọng", "Rác tập kết nhiều ngày ở đầu hẻm không được thu gom, bốc mùi."),
            ("Nước thải chăn nuôi", "Nước thải trại heo chảy ra kênh thủy lợi, ảnh hưởng ruộng lúa."),
            ("Khói bụi, tiếng ồn", "Xưởng gỗ hoạt động ban đêm gây ồn, bụi cho các hộ xung quanh."),
            ("Ngập úng", "Mỗi lần mưa lớn đường vào khu dân cư ngập sâu, cống thoát nước bị tắc."),
        ],
        "commitments": [
            "Bố trí thêm điểm tập kết và tăng tần suất thu gom rác ở {place}",
            "Kiểm tra, xử lý cơ sở chăn nuôi xả thải ra kênh thủy lợi",
            "Nạo vét cống thoát nước tuyến đường {place}",
        ],
        "observations": [
            "Vệ sinh môi trường, rác thải kênh rạch",
            "Ô nhiễm từ cơ sở sản xuất",
            "Ngập úng khi mưa lớn",
        ],
        "walk_ins": [
            ("Phản ánh mùi hôi từ cơ sở sản xuất", "Giao công chức địa chính – môi trường kiểm tra thực tế."),
            ("Hỏi lịch thu gom rác", "Thông báo lịch thu gom của đơn vị vệ sinh môi trường."),
        ],
    },
    "nha_o_xay_dung": {
        "dialogues": [
            ("Đầu tư sửa chữa đường giao thông nông thôn", "Người dân {place}"),
            ("Trật tự xây dựng, lấn chiếm vỉa hè", "Các hộ kinh doanh ở {place}"),
            ("Xây dựng nhà văn hóa khu dân cư", "Người dân {place}"),
        ],
        "issues": [
            ("Đường hư hỏng", "Tuyến đường liên ấp xuống cấp, nhiều ổ gà, đi lại nguy hiểm mùa mưa."),
            ("Xây dựng không phép", "Một số công trình xây dựng không phép lấn ra hành lang đường."),
            ("Cầu dân sinh", "Cầu dân sinh bị nứt, học sinh đi qua hằng ngày rất lo."),
            ("Nhà văn hóa", "Khu dân cư chưa có nhà văn hóa, sinh hoạt phải mượn nhà dân."),
        ],
        "commitments": [
            "Sửa chữa tuyến đường liên ấp đoạn qua {place}",
            "Gia cố cầu dân sinh trước mùa mưa",
            "Lắp đèn chiếu sáng hẻm ở {place}",
            "Sửa chữa nhà văn hóa {place}",
        ],
        "observations": [
            "Đường giao thông nông thôn xuống cấp",
            "Chỉnh trang đô thị, lát vỉa hè",
            "Trật tự xây dựng trong khu dân cư",
        ],
        "walk_ins": [
            ("Hỏi thủ tục cấp giấy phép xây dựng nhà ở", "Hướng dẫn hồ sơ xin phép xây dựng."),
            ("Kiến nghị sửa chữa đường hẻm bị sụt lún", "Ghi nhận, báo cáo lãnh đạo đưa vào kế hoạch sửa chữa."),
        ],
    },
    "chinh_sach_xa_hoi": {
        "dialogues": [
            ("Rà soát hộ nghèo, hộ cận nghèo", "Người dân {place}"),
            ("Chi trả trợ cấp, bảo hiểm y tế cho người cao tuổi", "Người cao tuổi, người có công ở {place}"),
            ("Hỗ trợ khắc phục thiệt hại do thiên tai", "Các hộ bị thiệt hại do đợt lũ vừa qua"),
        ],
        "issues": [
            ("Xét hộ cận nghèo", "Việc bình xét hộ cận nghèo chưa công khai danh sách tại khu dân cư."),
            ("Trợ cấp người có công", "Trợ cấp tháng này chi trả chậm so với mọi năm."),
            ("Thẻ bảo hiểm y tế", "Người cao tuổi chưa nhận được thẻ bảo hiểm y tế năm nay."),
            ("Hỗ trợ thiên tai", "Tiền hỗ trợ sau đợt lũ chưa đến tay các hộ bị thiệt hại."),
        ],
        "commitments": [
            "Niêm yết công khai danh sách hộ nghèo, cận nghèo tại {place}",
            "Chi trả đủ tiền hỗ trợ khắc phục thiệt hại do thiên tai",
            "Cấp thẻ bảo hiểm y tế cho người cao tuổi còn thiếu",
        ],
        "observations": [
            "Hỗ trợ xóa nhà tạm, nhà dột nát",
            "Chi trả chính sách an sinh xã hội",
            "Việc làm, thu nhập của người lao động",
        ],
        "walk_ins": [
            ("Đề nghị xem xét chế độ hộ nghèo", "Giải thích tiêu chí rà soát hộ nghèo năm nay."),
            ("Hỏi chế độ trợ cấp người có công", "Hướng dẫn hồ sơ đề nghị hưởng trợ cấp."),
        ],
    },
    "cong_chuc_cong_vu": {
        "dialogues": [
            (
                "Cải cách thủ tục hành chính tại Bộ phận một cửa",
                "Người dân, doanh nghiệp có giao dịch tại Bộ phận một cửa",
            ),
            ("Tác phong, thái độ phục vụ của cán bộ, công chức", "Người dân {place}"),
        ],
        "issues": [
            ("Thời gian giải quyết hồ sơ", "Hồ sơ chứng thực, đăng ký hộ tịch còn trễ hẹn."),
            ("Thái độ phục vụ", "Một số công chức hướng dẫn chưa tận tình, phải đi lại nhiều lần."),
            ("Dịch vụ công trực tuyến", "Người cao tuổi gặp khó khi nộp hồ sơ trực tuyến."),
        ],
        "commitments": [
            "Bố trí người hỗ trợ nộp hồ sơ trực tuyến tại Bộ phận một cửa",
            "Công khai thời hạn giải quyết từng loại thủ tục hành chính",
        ],
        "observations": [
            "Cải cách thủ tục hành chính",
            "Thái độ phục vụ của cán bộ, công chức",
        ],
        "walk_ins": [
            ("Phản ánh hồ sơ chứng thực trễ hẹn", "Kiểm tra, hẹn trả kết quả trong ngày làm việc tiếp theo."),
            ("Hỏi thủ tục đăng ký hộ tịch", "Hướng dẫn nộp hồ sơ trên Cổng dịch vụ công."),
        ],
    },
}
CATEGORIES = list(BANK)
GENERAL_OBSERVATIONS = [
    "An ninh trật tự khu dân cư",
    "Giá nông sản, thu nhập của bà con",
    "Phong trào toàn dân đoàn kết",
]
DISASTER_OBSERVATIONS = ["Sạt lở đất mùa mưa", "Khắc phục hậu quả mưa lũ", "Di dời dân khỏi vùng nguy hiểm"]
TONE_TEXTS = {
    "positive": [
        "Bà con đồng tình, phấn khởi với {topic}.",
        "Người dân ghi nhận chính quyền đã giải quyết kịp thời {topic}.",
        "Các hộ tích cực tham gia ngày công, đóng góp ý kiến về {topic}.",
    ],
    "neutral": [
        "Tình hình ổn định; người dân quan tâm theo dõi {topic}.",
        "Một số ý kiến hỏi thêm về {topic}, đã giải thích tại chỗ.",
        "Chưa ghi nhận vấn đề mới về {topic}.",
    ],
    "concerned": [
        "Một số hộ ở {place} lo lắng về {topic}, đề nghị sớm có thông tin chính thức.",
        "Người dân băn khoăn về {topic}, mong được trả lời rõ ràng.",
        "Bà con lo {topic} kéo dài ảnh hưởng đời sống.",
    ],
    "angry": [
        "Nhiều hộ ở {place} bức xúc về {topic}, có ý kiến sẽ kéo lên cấp trên.",
        "Người dân phản ứng gay gắt vì {topic} chưa được giải quyết dù đã kiến nghị nhiều lần.",
        "Có nguy cơ tụ tập đông người liên quan {topic}, cần đối thoại sớm.",
    ],
}
ANSWERS = [
    "Lãnh đạo giải thích căn cứ pháp lý; người dân thống nhất.",
    "Đã giao công chức chuyên môn kiểm tra, trả lời các hộ trong tháng.",
    "Nội dung đã được giải quyết đúng quy định; đề nghị người dân phối hợp thực hiện.",
    "Tiếp thu ý kiến, báo cáo cấp trên xem xét trong kế hoạch năm sau.",
]
REFUSED = [
    ("Khiếu nại lại việc đã được giải quyết đúng pháp luật", "da-giai-quyet"),
    ("Đơn lặp lại nội dung cũ, không có tình tiết mới", "khong-co-tinh-tiet-moi"),
    ("Yêu cầu giải quyết tranh chấp dân sự thuộc thẩm quyền Tòa án", "ngoai-tham-quyen"),
]
AD_HOC_REASONS = [
    "Đoàn {n} hộ dân {place} phản ánh ngập úng kéo dài.",
    "Vụ việc đông người liên quan dự án {project}.",
    "Tranh chấp đất đai có nguy cơ phức tạp về an ninh trật tự.",
    "Nhiều hộ kiến nghị về tiền hỗ trợ sau đợt thiên tai.",
]
CONCLUSIONS = [
    "Giao Văn phòng theo dõi, đôn đốc các bộ phận trả lời công dân đúng hạn.",
    "Giao công chức địa chính – xây dựng kiểm tra thực địa, báo cáo trong 10 ngày làm việc.",
    "Các nội dung đã hướng dẫn tại chỗ; đơn được chuyển bộ phận chuyên môn giải quyết theo thẩm quyền.",
]
NO_VISITORS = "Trong buổi tiếp không có công dân đến kiến nghị, phản ánh."
PROGRESS_NOTES = ["Đang triển khai theo kế hoạch.", "Đã khảo sát, lập dự toán.", "Đã bố trí kinh phí, đang thi công."]
CANCEL_NOTES = ["Không còn phù hợp sau khi điều chỉnh quy hoạch.", "Nội dung đã được cấp tỉnh giải quyết chung."]
PURPOSES = {
    "field_trip": [
        "Đi cơ sở nắm tình hình tư tưởng, đời sống nhân dân",
        "Nắm tình hình dư luận về {topic}",
        "Kiểm tra việc thực hiện dân chủ ở cơ sở",
    ],
    "block_meeting": ["Dự sinh hoạt chi hội, khu dân cư", "Dự họp {place}"],
    "disaster_support": ["Hỗ trợ người dân khắc phục hậu quả mưa lũ", "Kiểm tra phòng, chống sạt lở mùa mưa"],
    "dialogue": ["Tiếp xúc, đối thoại với người dân {place}"],
    "other": ["Dự lễ ra quân tổng vệ sinh môi trường", "Dự ngày hội Đại đoàn kết toàn dân tộc"],
}
FRONT_BODIES = [
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}"),
    ("women_union", "Hội Liên hiệp Phụ nữ {unit}"),
    ("farmers_union", "Hội Nông dân {unit}"),
    ("youth_union", "Đoàn Thanh niên {unit}"),
    ("veterans_association", "Hội Cựu chiến binh {unit}"),
]
TONES = [("positive", 20), ("neutral", 40), ("concerned", 30), ("angry", 10)]
HOT_TONES = [("positive", 5), ("neutral", 20), ("concerned", 45), ("angry", 30)]


@dataclass
class Unit:
    index: int  # position in the case generator's commune list (-1 for provinces)
    model: object  # the AdministrativeUnit
    province: int = 0  # pk of the province (communes)
    hot: bool = False

    @property
    def pk(self) -> int:
        return self.model.pk

    @property
    def lower(self) -> str:
        return _uncapital(self.model.name)


@dataclass
class Leader:
    user: object
    unit: Unit
    organization: object
    title: str
    duty: object = None
    weekday: int = 0


@lru_cache(maxsize=200_000)
def _normalize(text: str) -> str:
    """``core.text.normalize`` (NFC, tone-mark placement) is pure and the generated texts repeat: cached."""
    from danvan.core.text import normalize

    return normalize(text)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _person(rng: random.Random) -> str:
    sex = rng.choice("mf")
    return f"{rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _fill(text: str, rng: random.Random, **extra) -> str:
    return text.format(place=rng.choice(PLACES), project=rng.choice(PROJECTS), n=rng.randint(5, 30), **extra)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncapital(text: str) -> str:
    return text[:1].lower() + text[1:]


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def activity_exists() -> bool:
    from danvan.accounts.models import User

    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()


def activity_clear() -> None:
    """Remove what an earlier run generated (its users' records), before generating for a new size."""
    from danvan.accounts.models import RoleAssignment, User
    from danvan.fieldwork.models import Observation, Team, Visit
    from danvan.meetings.models import (
        Commitment,
        CommitmentUpdate,
        ConnectionPoint,
        Dialogue,
        DialogueIssue,
        DialogueParticipant,
        ReceptionDuty,
        ReceptionSession,
        ReceptionVisit,
    )

    users = User.objects.filter(username__startswith=USERNAME_PREFIX)
    visits = Visit.objects.filter(cadre__in=users)
    Observation.objects.filter(visit__in=visits).delete()
    Visit.participants.through.objects.filter(visit__in=visits).delete()
    visits.delete()
    teams = Team.objects.filter(leader__in=users)
    Team.members.through.objects.filter(team__in=teams).delete()
    teams.delete()
    dialogues = Dialogue.objects.filter(leader__in=users)
    commitments = Commitment.objects.filter(leader__in=users)
    DialogueIssue.objects.filter(dialogue__in=dialogues).delete()
    DialogueParticipant.objects.filter(dialogue__in=dialogues).delete()
    dialogues.delete()
    CommitmentUpdate.objects.filter(commitment__in=commitments).delete()
    commitments.delete()
    sessions = ReceptionSession.objects.filter(duty__leader__in=users)
    entries = ReceptionVisit.objects.filter(session__in=sessions)
    ReceptionVisit.cases.through.objects.filter(receptionvisit__in=entries).delete()
    entries.delete()
    ConnectionPoint.objects.filter(session__in=sessions).delete()
    sessions.delete()
    ReceptionDuty.objects.filter(leader__in=users).delete()
    RoleAssignment.objects.filter(user__in=users).delete()
    users.delete()


class Generator:
    def __init__(self, cases: int, *, profile, today: date, seed: int) -> None:
        from zoneinfo import ZoneInfo

        from django.conf import settings

        from danvan.territory.calendar import working_calendar
        from danvan.territory.models import AdministrativeUnit

        self.rng = random.Random(f"danvan-activity:{seed}:{cases}")
        self.cases = cases
        self.today = today
        self.start = today - timedelta(days=3 * 365 - 1)  # the cases' first day
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.calendar = working_calendar(range(self.start.year, today.year + 2))
        self.counts: dict[str, int] = defaultdict(int)
        communes, weights, hot = profile
        level = AdministrativeUnit.Level
        models = {
            unit.pk: unit
            for unit in AdministrativeUnit.objects.current().filter(level__in=[level.PROVINCE, level.COMMUNE])
        }
        by_path = {unit.path: unit for unit in models.values() if unit.level == level.PROVINCE}
        self.provinces = [Unit(-1, unit) for unit in sorted(by_path.values(), key=lambda u: u.path)]
        self.communes = [
            Unit(index, models[pk], province=by_path["/" + path.split("/")[1] + "/"].pk, hot=index in hot)
            for index, (pk, path) in enumerate(communes)
        ]
        self.weights = weights
        self.in_province: dict[int, list[Unit]] = defaultdict(list)
        for unit in self.communes:
            self.in_province[unit.province].append(unit)
        self.province_weights = [sum(weights[u.index] for u in self.in_province[p.pk]) for p in self.provinces]
        self.commune_cases: dict[tuple[int, date], list[int]] = defaultdict(list)
        self.province_cases: dict[tuple[int, date], list[int]] = defaultdict(list)
        self.used_cases: set[int] = set()
        self.pending_cases: list[int] = []
        self.codes: set[str] = set()

    def run(self) -> dict[str, int]:
        provincial, communal = self.leaders()
        self.sessions(provincial, communal)
        self.dialogues(provincial, communal)
        self.fieldwork()
        return dict(self.counts)

    # --- helpers -----------------------------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def working(self, day: date) -> bool:
        return self.calendar.is_working_day(day)

    def sample_communes(self, n: int) -> list[Unit]:
        """``n`` distinct communes drawn by the case weights (Efraimidis–Spirakis), in list order."""
        keys = sorted(
            ((self.rng.random() ** (1.0 / self.weights[u.index]), u.index) for u in self.communes), reverse=True
        )
        return [self.communes[index] for index in sorted(index for _key, index in keys[:n])]

    def commune_in(self, province_pk: int) -> Unit:
        units = self.in_province[province_pk]
        return self.rng.choices(units, weights=[self.weights[u.index] for u in units])[0]

    def category(self, unit: Unit) -> str:
        return "dat_dai" if unit.hot and self.rng.random() < 0.6 else self.rng.choice(CATEGORIES)

    def tone(self, unit: Unit, category: str) -> tuple[str, int]:
        tone = _weighted(self.rng, HOT_TONES if unit.hot and category == "dat_dai" else TONES)
        roll = self.rng.random()
        severity = {"angry": 3 if roll < 0.5 else 2, "concerned": 2 if roll < 0.4 else 1}.get(tone, 1)
        return tone, severity

    def code(self) -> str:
        while True:
            code = "CK-" + "".join(self.rng.choice(CODE_ALPHABET) for _ in range(6))
            if code not in self.codes:
                self.codes.add(code)
                return code

    # --- organisations, users, roles, duties ----------------------------------------------------------

    def organizations(self, wanted: list[tuple[str, Unit, str, object]]) -> dict[tuple[str, int], object]:
        """(kind code, unit, name, parent) → the Organization, created when missing; keyed by (kind, unit pk)."""
        from danvan.organizations.models import Organization, OrganizationKind
        from danvan.organizations.services import organization_fill_derived, organization_kinds_seed

        organization_kinds_seed()
        kinds = {kind.code: kind for kind in OrganizationKind.objects.all()}
        codes = sorted({code for code, *_ in wanted})
        existing = {
            (org.kind_id, org.unit_id, org.name): org for org in Organization.objects.filter(kind__code__in=codes)
        }
        found, missing = {}, []
        for code, unit, name, parent in wanted:
            kind = kinds[code]
            org = existing.get((kind.pk, unit.pk, _normalize(name)))
            if org is None:
                org = organization_fill_derived(
                    Organization(
                        kind=kind, unit=unit.model, name=name, parent=parent, document_symbol=kind.default_symbol
                    )
                )
                existing[(kind.pk, unit.pk, org.name)] = org
                missing.append(org)
            found[(code, unit.pk)] = org
        Organization.objects.bulk_create(missing, batch_size=1000)
        self.counts["organizations"] += len(missing)
        return found

    def users(self, people: list[tuple[str, str, str, Unit, object]]) -> list:
        """(username, full name, role, unit, organisation) → users holding the role since the data's first day."""
        from danvan.accounts.models import RoleAssignment, User
        from danvan.core.text import person_sort_key

        users = User.objects.bulk_create(
            [
                # "!" is an unusable password: nobody logs in as these generated officers.
                User(username=username, full_name=_normalize(name), name_sort=person_sort_key(name), password="!")
                for username, name, *_ in people
            ],
            batch_size=1000,
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=user, role=role, unit=unit.model, organization=org, valid_from=self.start)
                for user, (_username, _name, role, unit, org) in zip(users, people, strict=True)
            ],
            batch_size=1000,
        )
        self.counts["users"] += len(users)
        return users

    def leaders(self) -> tuple[list[Leader], list[Leader]]:
        """A chair with a reception duty in every province and in the communes chosen by the case weights."""
        from danvan.meetings.models import ReceptionDuty, ReceptionPolicy
        from danvan.meetings.services import reception_policies_seed

        reception_policies_seed()
        policies = {policy.code: policy for policy in ReceptionPolicy.objects.all()}
        self.duty_communes = self.sample_communes(min(len(self.communes), max(3, round(self.cases / 1000))))
        orgs = self.organizations([("ubnd", p, f"Ủy ban nhân dân {p.model.name}", None) for p in self.provinces])
        orgs |= self.organizations(
            [("ubnd", c, f"Ủy ban nhân dân {c.model.name}", orgs[("ubnd", c.province)]) for c in self.duty_communes]
        )
        leaders = [
            Leader(
                user=None,
                unit=unit,
                organization=orgs[("ubnd", unit.pk)],
                title=f"Chủ tịch UBND {unit.lower}",
                weekday=_weighted(self.rng, [(0, 10), (1, 25), (2, 25), (3, 30), (4, 10)]),
            )
            for unit in [*self.provinces, *self.duty_communes]
        ]
        people = [
            (
                f"{USERNAME_PREFIX}ct.{leader.unit.model.code}",
                _person(self.rng),
                "leader",
                leader.unit,
                leader.organization,
            )
            for leader in leaders
        ]
        for leader, user in zip(leaders, self.users(people), strict=True):
            leader.user = user
            leader.duty = ReceptionDuty(
                leader=user,
                title=leader.title,
                policy=policies["chu-tich-tinh" if leader.unit.index < 0 else "chu-tich-xa"],
                unit=leader.unit.model,
                unit_path=leader.unit.model.path,
                organization=leader.organization,
                valid_from=self.start,
            )
        ReceptionDuty.objects.bulk_create([leader.duty for leader in leaders], batch_size=1000)
        self.counts["reception_duties"] += len(leaders)
        return leaders[: len(self.provinces)], leaders[len(self.provinces) :]

    # --- generated cases to link -------------------------------------------------------------------------

    def load_in_person_cases(self, provincial_days: set[date]) -> None:
        """In-person cases (with a named submitter) received in the chosen communes, or anywhere on a provincial
        reception day: by (commune pk, local day) and by (province pk, local day). One query."""
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        from danvan.cases.models import Case

        commune_pks = {unit.pk for unit in self.duty_communes}
        province_of = {unit.pk: unit.province for unit in self.communes}
        days = [
            Q(received_at__gte=self.at(day, 0), received_at__lt=self.at(day + timedelta(days=1), 0))
            for day in sorted(provincial_days)
        ]
        condition = reduce(or_, days, Q(submitted_unit_id__in=sorted(commune_pks)))
        rows = (
            Case.objects.filter(condition, channel=Case.Channel.IN_PERSON, is_anonymous=False)
            .filter(received_at__gte=self.at(self.start, 0))
            .order_by("pk")
            .values_list("pk", "submitted_unit_id", "received_at")
        )
        for pk, unit_pk, received_at in rows.iterator(chunk_size=5000):
            day = received_at.astimezone(self.tz).date()
            if unit_pk in commune_pks:
                self.commune_cases[(unit_pk, day)].append(pk)
            if day in provincial_days and unit_pk in province_of:
                self.province_cases[(province_of[unit_pk], day)].append(pk)

    def take_cases(self, found: dict, keys: list[tuple[int, date]], limit: int) -> list[int]:
        """Up to ``limit`` cases found under ``keys`` that no book entry or issue links yet."""
        taken = []
        for key in keys:
            for pk in found.get(key, ()):
                if pk not in self.used_cases and len(taken) < limit:
                    taken.append(pk)
        self.used_cases.update(taken)
        return taken

    def case_details(self, pks: list[int]) -> dict[int, list]:
        """Subject, group size, the submitter's name and phone (decrypted by the model field) of linked cases."""
        from danvan.cases.models import Case, Person

        details: dict[int, list] = {}
        for chunk in _chunks(sorted(set(pks)), 500):
            for pk, subject, group_size in Case.objects.filter(pk__in=chunk).values_list("pk", "subject", "group_size"):
                details[pk] = [subject, group_size, "", ""]
            submitters = Person.objects.filter(case_id__in=chunk, role="submitter").order_by("pk")
            for case_id, name, phone in submitters.values_list("case_id", "full_name", "phone"):
                details[case_id][2:] = [name, phone]
        return details

    # --- reception days and the book ----------------------------------------------------------------------

    def week_plans(self, leader: Leader) -> list[dict]:
        """A commune chair's weeks: one regular day each (the chair's weekday, or another working day of the
        week around holidays), a few missed, cancelled or delegated; ad hoc days; the next four weeks planned."""
        rng, plans = self.rng, []
        monday = self.start - timedelta(days=self.start.weekday())
        horizon = self.today + timedelta(days=28)
        while monday <= horizon:
            candidates = [monday + timedelta(days=leader.weekday)] + [monday + timedelta(days=n) for n in range(5)]
            day = next((d for d in candidates if self.working(d) and d >= self.start), None)
            monday += timedelta(days=7)
            if day is None:
                continue  # a Tết week: no reception, a gap on the compliance page
            if day > self.today:
                plans.append({"day": day, "status": "planned"})
                continue
            roll = rng.random()
            if roll < 0.02:
                continue  # missed without a trace
            status = "cancelled" if roll < 0.035 else "held"
            plans.append({"day": day, "status": status, "delegated": status == "held" and roll < 0.065})
        for year in range(self.start.year, self.today.year + 1):
            for _ in range(rng.choices([0, 1, 2, 3], weights=[2, 4, 2, 1] if leader.unit.hot else [5, 4, 1, 0])[0]):
                day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                if self.start <= day < self.today and self.working(day):
                    plans.append({"day": day, "status": "held", "kind": "ad_hoc"})
        return sorted(plans, key=lambda plan: plan["day"])

    def month_plans(self, leader: Leader) -> list[dict]:
        """A provincial chair's months: a fixed day (the next working day), one online day a year."""
        rng, plans = self.rng, []
        day_of_month, online_month = rng.choice([5, 10, 15, 20]), rng.randint(3, 11)
        first = date(self.start.year, self.start.month, 1)
        while first <= self.today + timedelta(days=31):
            day = first.replace(day=day_of_month)
            while not self.working(day):
                day += timedelta(days=1)
            first = (first + timedelta(days=32)).replace(day=1)
            kind = "online" if day.month == online_month else "regular"
            if day < self.start:
                continue
            if day > self.today:
                plans.append({"day": day, "status": "planned", "kind": kind})
                continue
            roll = rng.random()
            if roll < 0.03:
                continue
            plans.append({"day": day, "status": "held", "kind": kind, "delegated": roll < 0.05})
        return plans

    def sessions(self, provincial: list[Leader], communal: list[Leader]) -> None:
        from danvan.meetings.models import ConnectionPoint, ReceptionSession

        rng = self.rng
        plans = [(leader, self.month_plans(leader)) for leader in provincial]
        provincial_days = {plan["day"] for _leader, items in plans for plan in items if plan["status"] == "held"}
        plans += [(leader, self.week_plans(leader)) for leader in communal]
        self.load_in_person_cases(provincial_days)
        serials = self.last_serials()
        pending: list[tuple] = []
        for leader, items in plans:
            unit = leader.unit
            is_province = unit.index < 0
            location = f"Trụ sở Tiếp công dân {unit.lower}" if is_province else f"Trụ sở UBND {unit.lower}"
            for plan in items:
                day, kind, status = plan["day"], plan.get("kind", "regular"), plan["status"]
                delegated = plan.get("delegated", False)
                session = ReceptionSession(
                    public_id=_uuid(rng),
                    kind=kind,
                    status=status,
                    duty=leader.duty,
                    chaired_by=_normalize(
                        f"{_person(rng)}, Phó {leader.title}"
                        if delegated
                        else f"{leader.user.full_name}, {leader.title}"
                    ),
                    delegated=delegated,
                    unit=unit.model,
                    unit_path=unit.model.path,
                    held_on=day,
                    start_time=time(8, 0) if is_province else time(7, 30),
                    end_time=time(11, 30) if is_province else time(11, 0),
                    location=location,
                    reason=_fill(rng.choice(AD_HOC_REASONS), rng) if kind == "ad_hoc" else "",
                    notified_on=min(day - timedelta(days=14), self.today) if kind == "online" else None,
                    recording_url=f"https://tiepcongdan.gov.vn/ghi-hinh/{unit.model.code}-{day:%Y%m%d}"
                    if kind == "online" and status == "held"
                    else "",
                    is_public=True,
                )
                entries = self.book(unit, session) if status == "held" else []
                if entries:
                    session.conclusion = rng.choice(CONCLUSIONS)
                    session.conclusion_recipients = "Văn phòng HĐND và UBND\nCác phòng, ban chuyên môn"
                elif status == "held" and rng.random() < 0.5:
                    session.conclusion = NO_VISITORS
                for entry, _links in entries:
                    serials[(unit.pk, day.year)] += 1
                    entry.serial = serials[(unit.pk, day.year)]
                points = []
                for commune in [self.commune_in(unit.pk) for _ in range(rng.randint(2, 4))] if kind == "online" else []:
                    expected = rng.randint(15, 60)
                    points.append(
                        ConnectionPoint(
                            name=f"Điểm cầu {commune.lower}",
                            unit=commune.model,
                            chaired_by=_normalize(f"{_person(rng)}, Chủ tịch UBND {commune.lower}"),
                            expected=expected,
                            attended=rng.randint(expected // 2, expected) if status == "held" else None,
                        )
                    )
                pending.append((session, entries, points))
                if len(pending) >= BATCH:
                    self.flush_sessions(pending)
                    pending = []
        self.flush_sessions(pending)

    def last_serials(self) -> dict[tuple[int, int], int]:
        from django.db.models import Max

        from danvan.meetings.models import ReceptionVisit

        serials: dict[tuple[int, int], int] = defaultdict(int)
        rows = ReceptionVisit.objects.values("unit_id", "book_year").annotate(last=Max("serial"))
        for unit_id, year, last in rows.values_list("unit_id", "book_year", "last"):
            serials[(unit_id, year)] = last
        return serials

    def book(self, unit: Unit, session) -> list[tuple[object, list[int]]]:
        """A held session's reception book: the in-person cases received that day, then walk-ins."""
        rng, day = self.rng, session.held_on
        if unit.index < 0:
            linked = self.take_cases(self.province_cases, [(unit.pk, day)], 4)
            extra = rng.choices([0, 1, 2, 3, 4], weights=[10, 25, 30, 20, 15])[0]
        else:
            linked = self.take_cases(self.commune_cases, [(unit.pk, day)], 6)
            extra = rng.choices([0, 1, 2, 3], weights=[45, 35, 15, 5])[0]
        entries = [(self.entry(session, unit, "cases"), [pk]) for pk in linked]
        entries += [
            (self.entry(session, unit, "guided" if rng.random() < 0.9 else "refused"), []) for _ in range(extra)
        ]
        self.pending_cases.extend(linked)
        return entries

    def entry(self, session, unit: Unit, outcome: str):
        from danvan.meetings.models import ReceptionVisit
        from danvan.meetings.services import REFUSAL_NEEDS_NOTICE, REFUSAL_NOTICE_WORKING_DAYS, REPLY_WORKING_DAYS

        rng, day = self.rng, session.held_on
        entry = ReceptionVisit(
            session=session,
            unit=unit.model,
            unit_path=unit.model.path,
            serial=0,
            book_year=day.year,
            visited_on=day,
            full_name=_normalize(_person(rng)),
            id_number=self.id_number(unit) if rng.random() < 0.4 else "",
            phone=f"09{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.6 else "",
            address=_normalize(f"Số {rng.randint(1, 200)}, {rng.choice(PLACES)}"),
            outcome=outcome,
        )
        if outcome == ReceptionVisit.Outcome.REFUSED:
            entry.content, entry.refusal_reason = rng.choice(REFUSED)
            entry.past_handling = "Đã được cơ quan có thẩm quyền trả lời bằng văn bản."
            if entry.refusal_reason in REFUSAL_NEEDS_NOTICE:
                entry.refusal_notice_due = self.calendar.add_working_days(day, REFUSAL_NOTICE_WORKING_DAYS)
                if entry.refusal_notice_due < self.today and rng.random() < 0.9:
                    entry.refusal_notice_sent_on = max(
                        day, entry.refusal_notice_due - timedelta(days=rng.randint(0, 2))
                    )
            return entry
        if outcome == ReceptionVisit.Outcome.GUIDED:
            content, handling = rng.choice(BANK[self.category(unit)]["walk_ins"])
            entry.content, entry.handling = _fill(content, rng), handling
            entry.request = "Đề nghị được hướng dẫn, trả lời."
            entry.group_size = rng.randint(2, 4) if rng.random() < 0.08 else 1
        else:
            entry.handling = "Tiếp nhận đơn, chuyển bộ phận chuyên môn giải quyết theo thẩm quyền."
        entry.reply_due = self.calendar.add_working_days(day, REPLY_WORKING_DAYS)
        if entry.reply_due < self.today and rng.random() < 0.85:
            entry.replied_on = min(day + timedelta(days=rng.randint(2, 16)), self.today)
        elif entry.reply_due >= self.today and rng.random() < 0.3:
            entry.replied_on = min(day + timedelta(days=rng.randint(1, 5)), self.today)
        return entry

    def id_number(self, unit: Unit) -> str:
        """A 12-digit citizen ID: province code, sex and century, year of birth, six digits."""
        rng = self.rng
        born = rng.randint(1945, 2005)
        century = (0 if born < 2000 else 2) + rng.randint(0, 1)
        return f"{int(unit.model.path.split('/')[1]):03d}{century}{born % 100:02d}{rng.randint(0, 999999):06d}"

    def flush_sessions(self, pending: list) -> None:
        from danvan.meetings.models import ConnectionPoint, ReceptionSession, ReceptionVisit

        if not pending:
            return
        ReceptionSession.objects.bulk_create([session for session, _e, _p in pending], batch_size=1000)
        details = self.case_details(self.pending_cases)
        entries, links, points = [], [], []
        for session, items, session_points in pending:
            for entry, pks in items:
                entry.session = session
                if pks:
                    subject, group_size, name, phone = details[pks[0]]
                    entry.content, entry.group_size = subject, group_size
                    entry.full_name, entry.phone = name or entry.full_name, phone
                entries.append(entry)
                links.append(pks)
            for point in session_points:
                point.session = session
                points.append(point)
        ReceptionVisit.objects.bulk_create(entries, batch_size=1000)
        through = ReceptionVisit.cases.through
        rows = [
            through(receptionvisit_id=entry.pk, case_id=pk)
            for entry, pks in zip(entries, links, strict=True)
            for pk in pks
        ]
        through.objects.bulk_create(rows, batch_size=1000)
        ConnectionPoint.objects.bulk_create(points, batch_size=1000)
        self.counts["reception_sessions"] += len(pending)
        self.counts["reception_book_entries"] += len(entries)
        self.counts["reception_case_links"] += len(rows)
        self.counts["connection_points"] += len(points)
        self.pending_cases = []

    # --- dialogues and commitments -------------------------------------------------------------------------

    def dialogues(self, provincial: list[Leader], communal: list[Leader]) -> None:
        """Quarterly in each commune, twice a year in each province; a few planned ahead, a few cancelled."""
        from danvan.meetings.models import Commitment

        self.codes = set(Commitment.objects.values_list("code", flat=True))
        rng, pending = self.rng, []
        for leader, months in [(leader, 6) for leader in provincial] + [(leader, 3) for leader in communal]:
            first = date(self.start.year, self.start.month, 1)
            while first <= self.today:
                span = 30 * months
                day = first + timedelta(days=rng.randrange(span))
                while not self.working(day):
                    day += timedelta(days=1)
                first = date(first.year + (first.month + months - 1) // 12, (first.month + months - 1) % 12 + 1, 1)
                if day < self.start + timedelta(days=15):
                    continue
                if day >= self.today - timedelta(days=1):
                    if rng.random() < 0.5:
                        pending.append(self.dialogue(leader, max(day, self.today + timedelta(days=rng.randint(6, 30)))))
                    continue
                pending.append(self.dialogue(leader, day))
                if len(pending) >= BATCH // 4:
                    self.flush_dialogues(pending)
                    pending = []
        self.flush_dialogues(pending)

    def dialogue(self, leader: Leader, day: date) -> tuple:
        from danvan.core.text import fold
        from danvan.meetings.models import Dialogue, DialogueIssue, DialogueParticipant

        rng, unit = self.rng, leader.unit
        category = self.category(unit)
        topic, target = (_fill(text, rng) for text in rng.choice(BANK[category]["dialogues"]))
        venue = _normalize(rng.choice([f"Hội trường UBND {unit.lower}", f"Nhà văn hóa {rng.choice(PLACES)}"]))
        status = "planned" if day > self.today else ("cancelled" if rng.random() < 0.04 else "held")
        dialogue = Dialogue(
            public_id=_uuid(rng),
            organization=leader.organization,
            unit=unit.model,
            unit_path=unit.model.path,
            leader=leader.user,
            leader_title=f"{leader.user.full_name}, {leader.title}",
            topic=_normalize(topic),
            target_group=_normalize(target),
            held_on=day,
            start_time=time(8, 0) if rng.random() < 0.7 else time(14, 0),
            venue=venue,
            notified_on=min(day - timedelta(days=rng.randint(7, 15)), self.today),
            status=status,
            search_text=fold(f"{topic} {target} {venue}"),
        )
        participants, issues = [], []
        if status != "held":
            return dialogue, participants, issues
        dialogue.minutes = (
            f"Hội nghị đối thoại về {_uncapital(topic)} khai mạc lúc {dialogue.start_time.hour} giờ, có "
            f"đại diện {_uncapital(target)} tham dự. Lãnh đạo đã lắng nghe, trả lời và tiếp thu các ý "
            "kiến dưới đây."
        )
        dialogue.minutes_recorded_at = self.at(day, dialogue.start_time.hour + 3, 30)
        officials = [
            (leader.user.full_name, leader.title),
            ("Đại diện Ủy ban MTTQ", unit.model.name),
            (
                _person(rng),
                rng.choice(["Công chức địa chính – xây dựng", "Trưởng Công an", "Công chức văn hóa – xã hội"]),
            ),
        ]
        residents = [("Đại diện các hộ dân", target)] + [
            (_person(rng), _capital(rng.choice(PLACES))) for _ in range(rng.randint(1, 3))
        ]
        participants = [
            DialogueParticipant(
                side=side, name=_normalize(name), role=_normalize(role)[:200], attended=rng.random() < 0.95
            )
            for side, people in (("official", officials), ("resident", residents))
            for name, role in people
        ]
        for issue_topic, text in rng.sample(
            BANK[category]["issues"], min(len(BANK[category]["issues"]), rng.randint(2, 5))
        ):
            tone, severity = self.tone(unit, category)
            issue = DialogueIssue(
                topic=_normalize(issue_topic), text=_normalize(text), tone=tone, severity=severity, outcome="answered"
            )
            roll, commitment, updates = rng.random(), None, []
            linked = []
            if unit.index >= 0 and roll < 0.15:  # raised again as a petition in the days after
                linked = self.take_cases(self.commune_cases, [(unit.pk, day + timedelta(days=n)) for n in range(7)], 1)
            if linked:
                issue.outcome = DialogueIssue.Outcome.CASE
                issue.case_id = linked[0]
            elif roll < 0.35 or (tone == "angry" and roll < 0.6):
                issue.outcome = DialogueIssue.Outcome.COMMITMENT
                title = _fill(rng.choice(BANK[category]["commitments"]), rng)
                description = f"Cam kết tại hội nghị đối thoại “{dialogue.topic}” ngày {day:%d/%m/%Y}: {text}"
                commitment, updates = self.commitment(leader, title, description, day)
            else:
                issue.answer = rng.choice(ANSWERS)
            issues.append((issue, commitment, updates))
        return dialogue, participants, issues

    def commitment(self, leader: Leader, title: str, description: str, committed_on: date) -> tuple:
        """A commitment and its dated timeline: done (some late), overdue, cancelled, or running."""
        from danvan.core.text import fold
        from danvan.meetings.models import Commitment, CommitmentUpdate

        rng, today = self.rng, self.today
        due = committed_on + timedelta(days=rng.choice([30, 45, 60, 90, 120, 180]))
        commitment = Commitment(
            public_id=_uuid(rng),
            code=self.code(),
            title=_normalize(title)[:400],
            description=description,
            organization=leader.organization,
            unit=leader.unit.model,
            unit_path=leader.unit.model.path,
            leader=leader.user,
            due_date=due,
            committed_on=committed_on,
            is_public=rng.random() < 0.9,
            search_text=fold(f"{title} {description}"),
        )
        updates = [
            CommitmentUpdate(
                on=committed_on,
                progress=0,
                status="open",
                note=f"Cam kết được ghi nhận, hạn hoàn thành {due:%d/%m/%Y}.",
            )
        ]
        last = today - timedelta(days=1)
        roll = rng.random()
        if roll < 0.72 and (due < today or rng.random() < 0.15):
            late = due < today and rng.random() < 0.2
            low = committed_on + timedelta(days=max(1, (due - committed_on).days // 3))
            end = (
                due + timedelta(days=rng.randint(1, 30))
                if late
                else low + timedelta(days=rng.randint(0, (due - low).days))
            )
            end = max(min(end, last), committed_on)
            commitment.status, commitment.progress, commitment.done_on = "done", 100, end
            final = ("done", 100, "Hoàn thành, đã nghiệm thu.")
        elif roll < 0.9 or due >= today:
            end = min(due, last) if due < today else last
            elapsed = max(0, (end - committed_on).days) / max(1, (due - committed_on).days)
            progress = (
                10 + int(elapsed * 70 * rng.uniform(0.5, 1.2))
                if due < today
                else int(elapsed * 100 * rng.uniform(0.4, 1.1))
            )
            commitment.progress = min(95, progress // 5 * 5)
            if due < today:
                commitment.overdue_since = due + timedelta(days=1)  # as the escalation task marks it
            final = None
        else:
            end = max(committed_on, min(due + timedelta(days=rng.randint(0, 30)), last))
            commitment.status, commitment.progress = "cancelled", rng.randrange(0, 50, 5)
            final = ("cancelled", None, rng.choice(CANCEL_NOTES))
        steps = sorted(rng.sample(range(1, 20), rng.randint(0, 3)))
        target = commitment.progress if commitment.status != "done" else 90
        span = (end - committed_on).days
        for n, step in enumerate(steps, 1):
            progress = target * n // (len(steps) + (1 if final else 0)) // 5 * 5
            if span > 1 and progress > 0:
                on = committed_on + timedelta(days=span * step // 20)
                updates.append(
                    CommitmentUpdate(on=on, progress=progress, status="open", note=rng.choice(PROGRESS_NOTES))
                )
        if final is None and commitment.progress and (not updates[1:] or updates[-1].progress != commitment.progress):
            updates.append(
                CommitmentUpdate(on=end, progress=commitment.progress, status="open", note=rng.choice(PROGRESS_NOTES))
            )
        if final:
            status, progress, note = final
            updates.append(CommitmentUpdate(on=end, progress=progress, status=status, note=note))
        return commitment, updates

    def flush_dialogues(self, pending: list) -> None:
        from danvan.meetings.models import Commitment, CommitmentUpdate, Dialogue, DialogueIssue, DialogueParticipant

        if not pending:
            return
        Dialogue.objects.bulk_create([dialogue for dialogue, _p, _i in pending], batch_size=1000)
        commitments = [commitment for _d, _p, issues in pending for _i, commitment, _u in issues if commitment]
        Commitment.objects.bulk_create(commitments, batch_size=1000)
        participants, issues, updates = [], [], []
        for dialogue, people, items in pending:
            for participant in people:
                participant.dialogue = dialogue
                participants.append(participant)
            for issue, commitment, timeline in items:
                issue.dialogue, issue.commitment = dialogue, commitment
                issues.append(issue)
                for update in timeline:
                    update.commitment = commitment
                    updates.append(update)
        DialogueParticipant.objects.bulk_create(participants, batch_size=1000)
        DialogueIssue.objects.bulk_create(issues, batch_size=1000)
        CommitmentUpdate.objects.bulk_create(updates, batch_size=1000)
        self.counts["dialogues"] += len(pending)
        self.counts["dialogue_participants"] += len(participants)
        self.counts["dialogue_issues"] += len(issues)
        self.counts["dialogue_case_links"] += sum(1 for issue in issues if issue.case_id)
        self.counts["commitments"] += len(commitments)
        self.counts["commitment_updates"] += len(updates)

    # --- fieldwork ----------------------------------------------------------------------------------------

    def fieldwork(self) -> None:
        """Commune cadres of the mass organisations and provincial coordinators, their teams and visits."""
        from danvan.fieldwork.models import Team
        from danvan.fieldwork.services import quota_policy_seed

        quota_policy_seed()
        rng = self.rng
        total = max(5, round(self.cases / 1250))
        coordinators = max(1, total // 5)
        homes = rng.choices(self.communes, weights=self.weights, k=total - coordinators)
        provinces = rng.choices(self.provinces, weights=self.province_weights, k=coordinators)
        bodies = [rng.choice(FRONT_BODIES) for _ in homes]
        orgs = self.organizations(
            [
                (code, unit, name.format(unit=unit.model.name), None)
                for unit, (code, name) in zip(homes, bodies, strict=True)
            ]
        )
        orgs |= self.organizations(
            [("tuyen_giao_dan_van", p, f"Ban Tuyên giáo và Dân vận {self.party_committee(p)}", None) for p in provinces]
        )
        people = [
            (f"{USERNAME_PREFIX}cb.{n:05d}", _person(rng), "field_cadre", unit, orgs[(code, unit.pk)])
            for n, (unit, (code, _name)) in enumerate(zip(homes, bodies, strict=True))
        ]
        people += [
            (f"{USERNAME_PREFIX}dp.{n:05d}", _person(rng), "coordinator", p, orgs[("tuyen_giao_dan_van", p.pk)])
            for n, p in enumerate(provinces)
        ]
        users = self.users(people)
        cadres = [(user, unit, None) for user, unit in zip(users, homes, strict=False)]
        # A coordinator leads a government tổ dân vận for the busiest commune of its province, with up to three
        # commune cadres of that province.
        existing = set(Team.objects.values_list("unit_id", "name"))
        teams, members = [], []
        for user, province in zip(users[len(homes) :], provinces, strict=True):
            local = [(u, home) for u, home in zip(users, homes, strict=False) if home.province == province.pk][:3]
            commune = max((home for _u, home in local), key=lambda h: self.weights[h.index], default=None)
            commune = commune or self.commune_in(province.pk)
            name = f"Tổ dân vận Ban Tuyên giáo và Dân vận {self.party_committee(province)} phụ trách {commune.lower}"
            suffix = 1
            while (commune.pk, name if suffix == 1 else f"{name} ({suffix})") in existing:
                suffix += 1
            name = name if suffix == 1 else f"{name} ({suffix})"
            existing.add((commune.pk, name))
            team = Team(
                public_id=_uuid(rng),
                name=name,
                kind=Team.Kind.GOVERNMENT,
                unit=commune.model,
                unit_path=commune.model.path,
                organization=orgs[("tuyen_giao_dan_van", province.pk)],
                leader=user,
                tasks="Nắm tình hình tư tưởng nhân dân; vận động người dân thực hiện chủ trương, chính sách; "
                "phòng, chống thiên tai.",
            )
            teams.append(team)
            members.append([u for u, _home in local])
            cadres.append((user, province, (team, commune)))
        Team.objects.bulk_create(teams, batch_size=1000)
        through = Team.members.through
        through.objects.bulk_create(
            [
                through(team_id=team.pk, user_id=u.pk)
                for team, people in zip(teams, members, strict=True)
                for u in people
            ],
            batch_size=1000,
        )
        self.team_people = {
            team.pk: [team.leader_id, *(u.pk for u in people)] for team, people in zip(teams, members, strict=True)
        }
        self.counts["teams"] += len(teams)
        pending: list[tuple] = []
        for user, unit, team in cadres:
            pending.extend(self.visits(user, unit, team))
            if len(pending) >= BATCH:
                self.flush_visits(pending)
                pending = []
        self.flush_visits(pending)

    def party_committee(self, province: Unit) -> str:
        from danvan.territory.services import name_without_kind

        body = "Thành ủy" if province.model.kind == "thanh_pho_tw" else "Tỉnh ủy"
        return f"{body} {name_without_kind(province.model.name)}"

    def visits(self, user, unit: Unit, team) -> list[tuple]:
        """A cadre's visits month by month: most months meet 3 field trips + 1 block meeting, some do not."""
        rng = self.rng
        diligence = _weighted(rng, [("good", 60), ("ok", 30), ("weak", 10)])
        trips_by = {
            "good": ([3, 4, 5], [50, 35, 15]),
            "ok": ([2, 3, 4], [30, 50, 20]),
            "weak": ([0, 1, 2, 3], [15, 35, 35, 15]),
        }
        blocks_by = {"good": ([1, 2], [80, 20]), "ok": ([0, 1, 2], [20, 70, 10]), "weak": ([0, 1], [50, 50])}
        made = []
        first = date(self.start.year, self.start.month, 1)
        while first <= self.today:
            following = (first + timedelta(days=32)).replace(day=1)
            length = (following - first).days
            trips = rng.choices(*trips_by[diligence])[0]
            blocks = rng.choices(*blocks_by[diligence])[0]
            kinds = []
            for _ in range(trips):
                roll = rng.random()
                flood = first.month in (9, 10, 11) and roll < 0.2
                kinds.append("disaster_support" if flood else ("dialogue" if roll > 0.9 else "field_trip"))
            kinds += ["block_meeting"] * blocks + (["other"] if rng.random() < 0.05 else [])
            for kind in kinds:
                day = first + timedelta(days=rng.randrange(length))
                if self.start <= day < self.today:
                    made.append(self.visit(user, unit, team, kind, day))
            first = following
        return made

    def visit(self, user, unit: Unit, team, kind: str, day: date) -> tuple:
        from danvan.core.text import fold
        from danvan.fieldwork.models import Observation, Visit
        from danvan.fieldwork.services import ObservationInput, VisitInput, content_hash

        rng = self.rng
        with_team = team is not None and kind != "block_meeting" and rng.random() < 0.6
        place = unit
        if unit.index < 0:  # a coordinator: the team's commune, or any commune of the province by weight
            place = team[1] if with_team and rng.random() < 0.5 else self.commune_in(unit.pk)
        category = self.category(place)
        count = {"block_meeting": ([0, 1], [50, 50]), "other": ([0], [1])}.get(kind, ([0, 1, 2, 3], [10, 55, 30, 5]))
        observations = []
        for _ in range(rng.choices(*count)[0]):
            if kind == "disaster_support":
                topic = rng.choice(DISASTER_OBSERVATIONS)
            elif rng.random() < 0.15:
                topic = rng.choice(GENERAL_OBSERVATIONS)
            else:
                topic = _fill(rng.choice(BANK[category]["observations"]), rng)
            tone, severity = self.tone(place, category if topic not in GENERAL_OBSERVATIONS else "")
            if kind == "disaster_support" and tone == "positive":
                tone = "concerned"
            text = _fill(rng.choice(TONE_TEXTS[tone]), rng, topic=_uncapital(topic))
            observations.append(
                ObservationInput(topic=_normalize(topic)[:200], tone=tone, severity=severity, text=_normalize(text))
            )
        topic = observations[0].topic.lower() if observations else "đời sống nhân dân"
        purpose = _normalize(_fill(rng.choice(PURPOSES[kind]), rng, topic=topic))[:300]
        notes = rng.choice(["", "", "", "Đã báo cáo lãnh đạo địa phương.", "Đề nghị theo dõi thêm."])
        hour = rng.choice([19, 20]) if kind == "block_meeting" else rng.randint(7, 16)
        visited_at = self.at(day, hour, rng.choice([0, 15, 30, 45]))
        team_obj = team[0] if with_team else None
        data = VisitInput(
            client_id=_uuid(rng),
            unit=SimpleNamespace(pk=place.pk),
            visited_at=visited_at,
            kind=kind,
            purpose=purpose,
            notes=notes,
            team=team_obj,
            observations=observations,
        )
        visit = Visit(
            public_id=_uuid(rng),
            client_id=data.client_id,
            content_hash=content_hash(data),
            cadre=user,
            team=team_obj,
            unit=place.model,
            unit_path=place.model.path,
            visited_at=visited_at,
            visited_on=day,
            kind=kind,
            purpose=purpose,
            notes=notes,
            source=Visit.Source.OFFLINE if rng.random() < 0.25 else Visit.Source.FORM,
            search_text=fold(" ".join([purpose, notes, place.model.name, *(o.topic for o in observations)])),
        )
        rows = [
            Observation(unit_path=place.model.path, topic=o.topic, tone=o.tone, severity=o.severity, text=o.text)
            for o in observations
        ]
        people = self.team_people[team_obj.pk] if team_obj else [user.pk]
        return visit, rows, sorted(set(people) | {user.pk})

    def flush_visits(self, pending: list) -> None:
        from danvan.fieldwork.models import Observation, Visit

        if not pending:
            return
        Visit.objects.bulk_create([visit for visit, _o, _p in pending], batch_size=1000)
        observations = []
        for visit, rows, _people in pending:
            for row in rows:
                row.visit = visit
                observations.append(row)
        Observation.objects.bulk_create(observations, batch_size=1000)
        through = Visit.participants.through
        participants = [through(visit_id=visit.pk, user_id=pk) for visit, _o, people in pending for pk in people]
        through.objects.bulk_create(participants, batch_size=1000)
        self.counts["visits"] += len(pending)
        self.counts["observations"] += len(observations)
        self.counts["visit_participants"] += len(participants)


def generate_activity(cases: int, *, profile, today: date, seed: int = 0) -> dict[str, int]:
    """Generate (or regenerate, after the cases grew) the activity for a dataset of ``cases`` cases.
    ``profile`` is the case generator's (communes, weights, hot communes). Returns row counts by kind."""
    from django.db import transaction

    from danvan.fieldwork import services as fieldwork_services

    plain = fieldwork_services.normalize
    # content_hash() normalises every text of a visit; with the cached normaliser it hashes exactly as the
    # service does, a few times faster.
    fieldwork_services.normalize = _normalize
    try:
        with transaction.atomic():
            if activity_exists():
                activity_clear()
            return Generator(cases, profile=profile, today=today, seed=seed).run()
    finally:
        fieldwork_services.normalize = plain
