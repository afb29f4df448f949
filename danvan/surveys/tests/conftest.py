import pytest
from django.core.cache import cache

from danvan.accounts.roles import Role
from danvan.surveys import services
from danvan.surveys.models import Element, Question

ELEMENT_QUESTIONS = [
    (Element.ACCESS, "Ông/bà đánh giá thế nào về việc tiếp cận bộ phận một cửa?"),
    (Element.PROCEDURE, "Ông/bà hài lòng thế nào với thủ tục hành chính đã thực hiện?"),
    (Element.OFFICIALS, "Ông/bà hài lòng thế nào với công chức trực tiếp giải quyết?"),
    (Element.RESULT, "Ông/bà hài lòng thế nào với kết quả nhận được?"),
    (Element.FEEDBACK, "Ông/bà hài lòng thế nào với việc tiếp nhận, xử lý góp ý?"),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager(make_officer, province):
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def commune_manager(make_officer, commune_a):
    return make_officer(Role.COORDINATOR, commune_a)


@pytest.fixture
def outsider(make_officer, other_province):
    return make_officer(Role.COORDINATOR, other_province)


@pytest.fixture
def sipas_survey(manager, province, commune_a):
    """Five Likert questions, one per SIPAS element (aspect: satisfaction), a single choice and a text."""
    survey = services.survey_create(actor=manager, unit=province, title="Khảo sát sự hài lòng tại bộ phận một cửa")
    for element, text in ELEMENT_QUESTIONS:
        services.question_add(
            actor=manager,
            survey=survey,
            data=services.QuestionInput(kind=Question.Kind.LIKERT, text=text, element=element, aspect="satisfaction"),
        )
    services.question_add(
        actor=manager,
        survey=survey,
        data=services.QuestionInput(
            kind=Question.Kind.SINGLE, text="Ông/bà đi lại mấy lần?", choices=["1 lần", "2 lần", "3 lần trở lên"]
        ),
    )
    services.question_add(
        actor=manager,
        survey=survey,
        data=services.QuestionInput(kind=Question.Kind.TEXT, text="Góp ý thêm", required=False),
    )
    services.survey_set_status(actor=manager, survey=survey, status="open")
    return survey
