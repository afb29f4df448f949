import pytest
import time_machine
from django.urls import reverse

from danvan.cases.models import Case, CaseEvent
from danvan.cases.services import PersonInput, Submission, case_apply_action, case_submit
from danvan.cases.workflow import Kind, Status
from danvan.portal.tests.conftest import SUBMITTER_NAME
from danvan.portal.views import TRACKED_KEY

pytestmark = pytest.mark.django_db

TRACK = reverse("portal:track")
WRONG = "Mã tra cứu hoặc mã PIN không đúng."


@pytest.fixture
def filed(category, commune_a):
    """A case filed through the service, as the portal does: returns (case, pin)."""

    def make(kind=Kind.FEEDBACK, **overrides):
        values = {
            "kind": kind,
            "channel": "portal",
            "category": category,
            "subject": "Đèn đường hẻm 7 không sáng",
            "body": "Đèn đường tắt từ hai tuần nay, buổi tối rất nguy hiểm.",
            "submitted_unit": commune_a,
            "persons": [PersonInput(full_name=SUBMITTER_NAME, phone="0912345678", address="Số 3, hẻm 7")],
        }
        values.update(overrides)
        result = case_submit(data=Submission(**values))
        return result.case, result.pin

    return make


@pytest.fixture
def answered(filed, leader):
    def make(kind=Kind.FEEDBACK):
        case, pin = filed(kind)
        case_apply_action(case_id=case.pk, action="accept", actor=leader)
        case_apply_action(
            case_id=case.pk,
            action="answer",
            actor=leader,
            note="Công văn số 15/UBND",
            public_answer="Đã thay bóng đèn và kiểm tra lại toàn tuyến hẻm 7.",
        )
        return Case.objects.get(pk=case.pk), pin

    return make


def _look_up(client, code, pin, **extra):
    return client.post(TRACK, {"code": code, "pin": pin}, **extra)


def test_a_wrong_pin_and_a_wrong_code_get_the_same_answer(client, filed):
    case, pin = filed()
    wrong_pin = "000000" if pin != "000000" else "111111"
    by_pin = _look_up(client, case.tracking_code, wrong_pin)
    by_code = _look_up(client, "ZZZZZZZZZZ", pin)
    assert by_pin.status_code == by_code.status_code == 422
    assert WRONG in by_pin.content.decode() and WRONG in by_code.content.decode()
    assert TRACKED_KEY not in client.session


def test_tracking_shows_the_public_view_and_never_the_submitters_identity(client, filed):
    # given a case, looked up with code (typed in lower case, with spaces) and PIN
    case, pin = filed()
    response = _look_up(client, f" {case.tracking_code[:5].lower()} {case.tracking_code[5:]} ", pin)
    assert response.status_code == 302 and response["Location"] == TRACK
    assert pin not in response["Location"]

    # when the page is shown
    response = client.get(TRACK)

    # then it shows the status in plain words, the facts and the public timeline, without personal data
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã nhận đơn, đang chờ xem xét" in page
    assert "Phản ánh" in page and case.category.name in page
    assert case.received_at.astimezone().strftime("%d/%m/") in page
    assert case.due_date.strftime("%d/%m/%Y") in page
    assert "Tiếp nhận đơn" in page
    for private in (SUBMITTER_NAME, "0912345678", "Số 3, hẻm 7", pin):
        assert private not in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # the session remembers the case until the browser closes
    assert client.session.get_expire_at_browser_close() is True


def test_pin_guessing_is_stopped_after_ten_tries(client, filed):
    case, pin = filed()
    guesses = [f"{n:06d}" for n in range(11) if f"{n:06d}" != pin][:10]
    for guess in guesses:
        assert _look_up(client, case.tracking_code, guess).status_code == 422
    response = _look_up(client, case.tracking_code, pin)
    assert response.status_code == 429
    assert "Tạm dừng nhận yêu cầu" in response.content.decode()


def test_rating_an_answered_case(client, answered):
    # given an answered case the citizen has looked up
    case, pin = answered()
    _look_up(client, case.tracking_code, pin)
    page = client.get(TRACK).content.decode()
    assert "Đã có kết quả giải quyết" in page
    assert "Đã thay bóng đèn" in page
    assert "5 – Rất hài lòng" in page

    # when they rate it 4 (no PIN asked again)
    response = client.post(reverse("portal:rate"), {"score": "4"})

    # then the rating is stored and thanked for
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).satisfaction == 4
    page = client.get(TRACK).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá" in page
    assert "Công dân đánh giá mức hài lòng (4/5)" in page


def test_rating_needs_a_choice(client, answered):
    case, pin = answered()
    _look_up(client, case.tracking_code, pin)
    response = client.post(reverse("portal:rate"), {})
    assert response.status_code == 422
    assert "Vui lòng chọn một mức hài lòng." in response.content.decode()
    assert Case.objects.get(pk=case.pk).satisfaction is None


def test_no_rating_before_there_is_an_answer(client, filed):
    case, pin = filed()
    _look_up(client, case.tracking_code, pin)
    assert "Gửi đánh giá" not in client.get(TRACK).content.decode()
    response = client.post(reverse("portal:rate"), {"score": "5"})
    assert response.status_code == 422
    assert "Chỉ đánh giá được khi đơn đã có kết quả." in response.content.decode()
    assert Case.objects.get(pk=case.pk).satisfaction is None


def test_feedback_not_resolved_reopens_the_case(client, answered):
    case, pin = answered(Kind.FEEDBACK)
    _look_up(client, case.tracking_code, pin)
    response = client.post(reverse("portal:not_resolved"), {"reason": "Đèn lại tắt sau ba ngày."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.VERIFYING
    assert CaseEvent.objects.filter(case=case, action="reopen", note="Đèn lại tắt sau ba ngày.").exists()
    page = client.get(TRACK).content.decode()
    assert "Đơn được mở lại" in page
    assert "Mở lại theo đề nghị của công dân" in page


def test_complaint_not_resolved_shows_how_to_appeal(client, answered):
    case, pin = answered(Kind.COMPLAINT)
    _look_up(client, case.tracking_code, pin)
    response = client.post(reverse("portal:not_resolved"), {"reason": "Tôi không đồng ý với quyết định."})
    page = response.content.decode()
    assert response.status_code == 422
    assert "khiếu nại lần hai hoặc khởi kiện vụ án hành chính" in page
    assert 'role="alert"' in page
    assert Case.objects.get(pk=case.pk).status == Status.ANSWERED


def test_not_resolved_needs_a_reason(client, answered):
    case, pin = answered()
    _look_up(client, case.tracking_code, pin)
    response = client.post(reverse("portal:not_resolved"), {"reason": "  "})
    assert response.status_code == 422
    assert "Vui lòng cho biết vì sao" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.ANSWERED


def test_actions_without_a_verified_case_send_the_citizen_back_to_the_form(client, answered):
    case, _pin = answered()
    response = client.post(reverse("portal:rate"), {"score": "5"})
    assert response.status_code == 302 and response["Location"] == TRACK
    assert Case.objects.get(pk=case.pk).satisfaction is None
    assert "Phiên tra cứu đã hết" in client.get(TRACK).content.decode()


def test_ending_the_look_up_forgets_the_case(client, filed):
    case, pin = filed()
    _look_up(client, case.tracking_code, pin)
    client.post(reverse("portal:track_end"))
    page = client.get(TRACK).content.decode()
    assert TRACKED_KEY not in client.session
    assert 'name="pin"' in page and case.tracking_code not in page


def test_a_verified_case_is_forgotten_after_half_an_hour_unused(client, filed):
    case, pin = filed()
    with time_machine.travel(0, tick=False) as clock:
        clock.move_to(case.received_at)
        _look_up(client, case.tracking_code, pin)
        clock.shift(29 * 60)
        assert case.tracking_code in client.get(TRACK).content.decode()  # use restarts the half hour
        clock.shift(31 * 60)
        page = client.get(TRACK).content.decode()
    assert 'name="pin"' in page
