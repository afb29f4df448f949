"""Writers of surveys: the only code that changes its records.

Officers' changes are checked against ``Perm.SURVEY_MANAGE`` on the survey's unit and audited. Responses
come from anonymous respondents: ``response_submit`` records no actor, no address and no time of day, and
its audit event carries only the survey and the link (never the answers).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import normalize
from danvan.surveys.models import Answer, Aspect, Element, Question, Response, Survey, SurveyLink
from danvan.territory.models import AdministrativeUnit

TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: typed from a printed slip
ONE_TIME_TOKEN_LENGTH = 8
OPEN_TOKEN_LENGTH = 12
MAX_TOKENS_PER_BATCH = 1000
MAX_CHOICES = 20
MAX_TEXT_ANSWER = 2000


def used_token_message() -> str:
    return _("Mã phiếu này đã được sử dụng để trả lời. Mỗi mã phiếu chỉ dùng được một lần; xin cảm ơn bạn đã tham gia.")


def _require(actor, unit_or_record) -> None:
    if not has_perm(actor, Perm.SURVEY_MANAGE, unit_or_record):
        raise PermissionDeniedError()


def _new_token(length: int) -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(length))


def _unique_token(length: int) -> str:
    while True:
        token = _new_token(length)
        if not SurveyLink.objects.filter(token=token).exists():
            return token


# --- questionnaire ------------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *, actor, unit: AdministrativeUnit, title: str, description: str = "", now: datetime | None = None
) -> Survey:
    _require(actor, unit)
    title = normalize(title)
    if not title:
        raise ValidationFailed(_("Vui lòng nhập tên khảo sát."))
    survey = Survey.objects.create(
        title=title, description=description.strip(), unit=unit, unit_path=unit.path, created_by=actor
    )
    audit_record(action="surveys.survey_created", actor=actor, target=survey, unit_path=survey.unit_path, now=now)
    return survey


@dataclass
class QuestionInput:
    kind: str
    text: str
    required: bool = True
    choices: list[str] | None = None
    element: str = ""
    aspect: str = ""
    help_text: str = ""


def _clean_question(data: QuestionInput) -> QuestionInput:
    errors = {}
    text = normalize(data.text)
    if not text:
        errors["text"] = _("Vui lòng nhập nội dung câu hỏi.")
    if data.kind not in Question.Kind.values:
        errors["kind"] = _("Loại câu hỏi không hợp lệ.")
    choices = [normalize(choice) for choice in (data.choices or []) if normalize(choice)]
    if data.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        if len(choices) < 2:
            errors["choices"] = _("Câu hỏi lựa chọn cần ít nhất 2 lựa chọn, mỗi lựa chọn một dòng.")
        elif len(choices) > MAX_CHOICES:
            errors["choices"] = _("Tối đa %(n)s lựa chọn.") % {"n": MAX_CHOICES}
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Các lựa chọn không được trùng nhau.")
    else:
        choices = []
    if data.element and data.element not in Element.values:
        errors["element"] = _("Yếu tố SIPAS không hợp lệ.")
    if data.aspect and data.aspect not in Aspect.values:
        errors["aspect"] = _("Khía cạnh không hợp lệ.")
    if (data.element or data.aspect) and data.kind != Question.Kind.LIKERT:
        errors["element"] = _("Chỉ câu hỏi thang 1–5 mới được gắn yếu tố SIPAS để tính chỉ số.")
    if data.aspect and not data.element:
        errors["element"] = _("Chọn yếu tố SIPAS trước khi chọn khía cạnh.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    return QuestionInput(data.kind, text, bool(data.required), choices, data.element, data.aspect, data.help_text)


def _editable(survey: Survey) -> None:
    if survey.responses.exists():
        raise TransitionNotAllowed(
            _("Khảo sát đã có phiếu trả lời; không sửa câu hỏi được nữa (để số liệu so sánh được).")
        )


@transaction.atomic
def question_add(*, actor, survey: Survey, data: QuestionInput, now: datetime | None = None) -> Question:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require(actor, survey)
    _editable(survey)
    clean = _clean_question(data)
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question = Question.objects.create(
        survey=survey,
        position=(last or 0) + 1,
        kind=clean.kind,
        text=clean.text,
        required=clean.required,
        choices=clean.choices,
        element=clean.element,
        aspect=clean.aspect,
        help_text=normalize(clean.help_text),
    )
    audit_record(
        action="surveys.question_added",
        actor=actor,
        target=question,
        unit_path=survey.unit_path,
        data={"survey": str(survey.public_id), "kind": question.kind},
        now=now,
    )
    return question


@transaction.atomic
def question_move(*, actor, question: Question, up: bool, now: datetime | None = None) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _require(actor, survey)
    _editable(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, item in enumerate(ordered) if item.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit_record(action="surveys.question_moved", actor=actor, target=question, unit_path=survey.unit_path, now=now)


@transaction.atomic
def question_delete(*, actor, question: Question, now: datetime | None = None) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _require(actor, survey)
    _editable(survey)
    audit_record(
        action="surveys.question_deleted",
        actor=actor,
        target=question,
        unit_path=survey.unit_path,
        data={"text": question.text},
        now=now,
    )
    question.delete()
    survey.questions.filter(position__gt=question.position).update(position=F("position") - 1)


@transaction.atomic
def survey_set_status(*, actor, survey: Survey, status: str, now: datetime | None = None) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require(actor, survey)
    if status not in Survey.Status.values or status == Survey.Status.DRAFT:
        raise ValidationFailed(_("Trạng thái không hợp lệ."))
    if status == Survey.Status.OPEN and not survey.questions.exists():
        raise TransitionNotAllowed(_("Khảo sát chưa có câu hỏi nào; thêm câu hỏi trước khi mở nhận phiếu."))
    before = survey.status
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    audit_record(
        action="surveys.survey_status",
        actor=actor,
        target=survey,
        unit_path=survey.unit_path,
        data={"from": before, "to": status},
        now=now,
    )
    return survey


# --- links and one-time tokens ----------------------------------------------------------------------------


def _link_unit(actor, survey: Survey, unit: AdministrativeUnit | None) -> AdministrativeUnit:
    unit = unit or survey.unit
    if not unit.path.startswith(survey.unit_path):
        raise ValidationFailed(_("Đơn vị được đánh giá phải thuộc địa bàn của đơn vị tổ chức khảo sát."))
    _require(actor, unit)
    return unit


@transaction.atomic
def link_create_open(
    *, actor, survey: Survey, unit: AdministrativeUnit | None = None, label: str = "", now: datetime | None = None
) -> SurveyLink:
    _require(actor, survey)
    unit = _link_unit(actor, survey, unit)
    link = SurveyLink.objects.create(
        survey=survey,
        token=_unique_token(OPEN_TOKEN_LENGTH),
        mode=SurveyLink.Mode.OPEN,
        label=normalize(label),
        unit=unit,
        unit_path=unit.path,
    )
    audit_record(action="surveys.link_created", actor=actor, target=link, unit_path=unit.path, now=now)
    return link


@transaction.atomic
def tokens_issue(
    *,
    actor,
    survey: Survey,
    count: int,
    unit: AdministrativeUnit | None = None,
    label: str = "",
    now: datetime | None = None,
) -> int:
    """A batch of one-time tokens to print and hand out; returns the batch number."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require(actor, survey)
    unit = _link_unit(actor, survey, unit)
    if not 1 <= int(count) <= MAX_TOKENS_PER_BATCH:
        raise ValidationFailed(_("Số mã phiếu mỗi đợt từ 1 đến %(n)s.") % {"n": MAX_TOKENS_PER_BATCH})
    batch = (survey.links.aggregate(last=Max("batch"))["last"] or 0) + 1
    tokens: set[str] = set()
    while len(tokens) < count:
        tokens.add(_new_token(ONE_TIME_TOKEN_LENGTH))
    taken = set(SurveyLink.objects.filter(token__in=tokens).values_list("token", flat=True))
    tokens -= taken
    while len(tokens) < count:
        tokens.add(_unique_token(ONE_TIME_TOKEN_LENGTH))
    SurveyLink.objects.bulk_create(
        SurveyLink(
            survey=survey,
            token=token,
            mode=SurveyLink.Mode.ONE_TIME,
            label=normalize(label),
            unit=unit,
            unit_path=unit.path,
            batch=batch,
        )
        for token in sorted(tokens)
    )
    audit_record(
        action="surveys.tokens_issued",
        actor=actor,
        target=survey,
        unit_path=unit.path,
        data={"batch": batch, "count": count},
        now=now,
    )
    return batch


@transaction.atomic
def link_deactivate(*, actor, link: SurveyLink, now: datetime | None = None) -> None:
    _require(actor, link)
    link.is_active = False
    link.save(update_fields=["is_active", "updated_at"])
    audit_record(action="surveys.link_deactivated", actor=actor, target=link, unit_path=link.unit_path, now=now)


# --- responses (anonymous) --------------------------------------------------------------------------------


def _clean_answer(question: Question, value) -> dict | None:
    """The stored form of one answer, or None when unanswered; ValidationFailed on a bad value."""
    if question.kind == Question.Kind.LIKERT:
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise ValidationFailed(_("Chọn một mức từ 1 đến 5."))
        return {"likert": number}
    if question.kind == Question.Kind.SINGLE:
        if value in (None, ""):
            return None
        if value not in question.choices:
            raise ValidationFailed(_("Lựa chọn không hợp lệ."))
        return {"choices": [value]}
    if question.kind == Question.Kind.MULTIPLE:
        values = [item for item in (value or []) if item]
        if not values:
            return None
        if any(item not in question.choices for item in values):
            raise ValidationFailed(_("Lựa chọn không hợp lệ."))
        return {"choices": [item for item in question.choices if item in values]}
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_TEXT_ANSWER:
        raise ValidationFailed(_("Câu trả lời tối đa %(n)s ký tự.") % {"n": MAX_TEXT_ANSWER})
    return {"text": text}


def answers_clean(questions: list[Question], values: dict[int, object]) -> dict[Question, dict]:
    """Every answer checked at once: ValidationFailed with ``fields`` {question pk: message}."""
    errors: dict[int, str] = {}
    cleaned: dict[Question, dict] = {}
    for question in questions:
        try:
            answer = _clean_answer(question, values.get(question.pk))
        except ValidationFailed as exc:
            errors[question.pk] = exc.message
            continue
        if answer is None:
            if question.required:
                errors[question.pk] = _("Câu hỏi này bắt buộc trả lời.")
            continue
        cleaned[question] = answer
    if errors:
        raise ValidationFailed(_("Phiếu chưa hợp lệ: vui lòng xem lại các câu được đánh dấu."), fields=errors)
    return cleaned


@transaction.atomic
def response_submit(*, token: str, values: dict[int, object], now: datetime | None = None) -> Response:
    """Record one anonymous response through a link. A one-time token is locked and marked used in the
    same transaction, so two simultaneous posts of one token record one response."""
    link = SurveyLink.objects.select_for_update(of=("self",)).select_related("survey").filter(token=token).first()
    if link is None or not link.is_active:
        raise ValidationFailed(_("Mã phiếu hoặc đường dẫn khảo sát không đúng hoặc đã hết hiệu lực."))
    survey = link.survey
    if survey.status != Survey.Status.OPEN:
        raise TransitionNotAllowed(_("Khảo sát này hiện không nhận phiếu trả lời."))
    if link.mode == SurveyLink.Mode.ONE_TIME and link.used_on is not None:
        raise TransitionNotAllowed(used_token_message())
    cleaned = answers_clean(list(survey.questions.all()), values)
    today = local_date(now_or_current(now))
    response = Response.objects.create(survey=survey, link=link, unit_path=link.unit_path, submitted_on=today)
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **data) for question, data in cleaned.items()
    )
    if link.mode == SurveyLink.Mode.ONE_TIME:
        link.used_on = today
        link.save(update_fields=["used_on", "updated_at"])
    # No response id, link or answers in the audit event: its timestamp must not single a response out.
    audit_record(
        action="surveys.response_recorded",
        object_type="surveys.response",
        unit_path=link.unit_path,
        data={"survey": str(survey.public_id), "mode": link.mode},
        now=now,
    )
    return response
