"""Demo data for surveys: a SIPAS-style questionnaire of Cần Thơ for its three demo communes, printed
one-time tokens, and a few hundred anonymous responses over two monthly periods (deterministic)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from django.db import transaction

from danvan.accounts.models import User
from danvan.core.clock import local_date
from danvan.demo.personas import DEMO_COMMUNES, URBAN_PROVINCE
from danvan.surveys import services
from danvan.surveys.models import Element, Question, Survey, SurveyLink
from danvan.territory.models import AdministrativeUnit

TITLE = "Khảo sát sự hài lòng của người dân về phục vụ hành chính tại xã, phường năm 2026"
ACTOR = "lanhdao.tinh"
QUESTIONS = [
    (Element.ACCESS, "Ông/bà hài lòng thế nào về việc tiếp cận Bộ phận một cửa (địa điểm, chỗ ngồi, hướng dẫn)?"),
    (Element.PROCEDURE, "Ông/bà hài lòng thế nào về thủ tục hành chính đã thực hiện (hồ sơ, thời hạn, phí)?"),
    (Element.OFFICIALS, "Ông/bà hài lòng thế nào về thái độ, năng lực của công chức trực tiếp giải quyết?"),
    (Element.RESULT, "Ông/bà hài lòng thế nào về kết quả nhận được (đúng hạn, chính xác)?"),
    (Element.FEEDBACK, "Ông/bà hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?"),
]
TRIPS = ["1 lần", "2 lần", "3 lần trở lên"]
CHANNELS = [
    "Loa phát thanh của xã, phường",
    "Trang thông tin điện tử",
    "Cán bộ ấp, khu vực",
    "Mạng xã hội",
    "Người quen",
]
COMMENTS = [
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Nên bố trí thêm ghế chờ và nước uống.",
    "Thời gian chờ hơi lâu vào buổi sáng thứ Hai.",
    "Mong được nhận kết quả qua bưu điện.",
    "Hồ sơ đất đai còn phải bổ sung nhiều lần.",
]
# (commune code, responses per period, share satisfied): Phong Điền stays below the minimum sample.
PLAN = [("31135", 75, 0.86), ("31186", 62, 0.74), ("31299", 12, 0.8)]


def _periods(today: date) -> list[date]:
    """The first days of the two months before the current one."""
    first = date(today.year, today.month, 1)
    last_month = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    before = date(last_month.year - (last_month.month == 1), (last_month.month - 2) % 12 + 1, 1)
    return [before, last_month]


def _likert(rng: random.Random, share: float) -> int:
    if rng.random() < share:
        return 5 if rng.random() < 0.45 else 4
    return rng.choice([1, 2, 3, 3, 3])


def _build_survey(actor, province) -> Survey:
    survey = services.survey_create(
        actor=actor,
        unit=province,
        title=TITLE,
        description=(
            "Ủy ban nhân dân thành phố lấy ý kiến người dân sau khi giải quyết thủ tục hành chính, theo 5 yếu tố "
            "của Chỉ số hài lòng (SIPAS). Phiếu không ghi tên; ý kiến của ông/bà được giữ kín."
        ),
    )
    for element, text in QUESTIONS:
        services.question_add(
            actor=actor,
            survey=survey,
            data=services.QuestionInput(kind=Question.Kind.LIKERT, text=text, element=element, aspect="satisfaction"),
        )
    services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionInput(
            kind=Question.Kind.SINGLE, text="Ông/bà phải đi lại bao nhiêu lần để hoàn thành thủ tục?", choices=TRIPS
        ),
    )
    services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionInput(
            kind=Question.Kind.MULTIPLE,
            text="Ông/bà biết thông tin về thủ tục qua kênh nào?",
            choices=CHANNELS,
            required=False,
        ),
    )
    services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionInput(kind=Question.Kind.TEXT, text="Ông/bà có góp ý gì thêm?", required=False),
    )
    services.survey_set_status(actor=actor, survey=survey, status=Survey.Status.OPEN)
    return survey


def build() -> str:
    actor = User.objects.filter(username=ACTOR).first()
    province = AdministrativeUnit.objects.current().filter(code=URBAN_PROVINCE).first()
    if actor is None or province is None:
        return ""
    if Survey.objects.filter(title=TITLE, unit=province).exists():
        return ""
    rng = random.Random(2026)
    periods = _periods(local_date())
    with transaction.atomic():
        survey = _build_survey(actor, province)
        questions = list(survey.questions.all())
        likert = [q for q in questions if q.kind == Question.Kind.LIKERT]
        single, multiple, text = questions[5], questions[6], questions[7]
        communes = {
            u.code: u for u in AdministrativeUnit.objects.current().filter(code__in=DEMO_COMMUNES[URBAN_PROVINCE])
        }
        services.link_create_open(actor=actor, survey=survey, unit=communes.get("31135"), label="Áp phích tại trụ sở")
        total = 0
        for code, per_period, share in PLAN:
            unit = communes.get(code)
            if unit is None:
                continue
            batch = services.tokens_issue(
                actor=actor, survey=survey, unit=unit, count=per_period * 2 + 20, label="Bộ phận một cửa"
            )
            tokens = list(SurveyLink.objects.filter(survey=survey, batch=batch).values_list("token", flat=True))
            for index, start in enumerate(periods):
                period_share = share + (0.04 if index else 0)  # a small improvement in the later month
                for _ in range(per_period):
                    values = {q.pk: _likert(rng, period_share) for q in likert}
                    values[single.pk] = rng.choice(TRIPS)
                    values[multiple.pk] = rng.sample(CHANNELS, rng.randint(0, 2))
                    values[text.pk] = rng.choice(COMMENTS) if rng.random() < 0.15 else ""
                    moment = datetime(start.year, start.month, rng.randint(1, 28), 3, 0, tzinfo=UTC)
                    services.response_submit(token=tokens.pop(), values=values, now=moment)
                    total += 1
    return f"Khảo sát: 1 phiếu khảo sát SIPAS, {total} phiếu trả lời ở 3 xã, phường của Cần Thơ trong 2 tháng."
