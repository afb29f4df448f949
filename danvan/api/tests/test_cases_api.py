from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.cases.models import Case, Category, IdempotencyKey
from danvan.cases.services import case_apply_action, case_submit

from .test_auth import assert_error_shape


def create_payload(commune, **overrides):
    payload = {
        "kind": "khieu_nai",
        "category": "dat_dai",
        "subject": "Khiếu nại quyết định thu hồi đất",
        "body": "Gia đình tôi không đồng ý mức bồi thường.",
        "unit": commune.code,
        "persons": [
            {
                "full_name": "Nguyễn Văn Tố",
                "id_number": "001234567890",
                "phone": "0912345678",
                "address": "Số 5, Khu vực 1",
            }
        ],
        "notify_email": "to@example.vn",
        "latitude": 10.0345678912,
        "longitude": 105.7812345678,
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def handler_client(api_client, make_token, handler):
    return api_client(make_token(handler))


@pytest.fixture
def leader_client(api_client, make_token, leader):
    return api_client(make_token(leader))


@pytest.fixture
def complaint(submission):
    return case_submit(data=submission()).case


# --- create ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_returns_201_with_the_case_and_the_pin_once(handler_client, commune_a, legal_data):
    # when
    response = handler_client.post(
        "/api/v1/cases", create_payload(commune_a), headers={"Idempotency-Key": "tongdai-0001"}
    )

    # then
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    case = Case.objects.get()
    assert body["public_id"] == str(case.public_id)
    assert body["tracking_code"] == case.tracking_code
    assert body["kind"] == "khieu_nai"
    assert body["status"] == "received"
    assert body["status_label"] == "Mới tiếp nhận"
    assert body["public_status"] == "Đã nhận đơn, đang chờ xem xét"
    assert body["category"] == "dat_dai"
    assert body["handling_unit"] == {"code": commune_a.code, "name": commune_a.name}
    assert body["is_group_petition"] is False
    assert body["allowed_actions"] == ["start_screening", "forward", "withdraw"]
    assert len(body["pin"]) == 6 and body["pin"].isdigit()
    assert case.channel == "api"
    assert str(case.latitude) == "10.034568"
    assert case.persons.get().full_name == "Nguyễn Văn Tố"  # stored (encrypted), never returned
    assert not {"persons", "notify_email", "pin_hash"} & set(body)


@pytest.mark.django_db
def test_same_idempotency_key_twice_makes_one_case(handler_client, commune_a, legal_data):
    # given
    headers = {"Idempotency-Key": "tongdai-0002"}
    first = handler_client.post("/api/v1/cases", create_payload(commune_a), headers=headers)

    # when
    retry = handler_client.post("/api/v1/cases", create_payload(commune_a), headers=headers)

    # then
    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["public_id"] == first.json()["public_id"]
    assert retry.json()["pin"] is None
    assert Case.objects.count() == 1
    assert IdempotencyKey.objects.get().key == "tongdai-0002"


@pytest.mark.django_db
def test_same_key_from_another_token_is_another_client(api_client, make_token, handler, commune_a, legal_data):
    # given
    headers = {"Idempotency-Key": "k-1"}
    api_client(make_token(handler, "Một")).post("/api/v1/cases", create_payload(commune_a), headers=headers)

    # when
    response = api_client(make_token(handler, "Hai")).post("/api/v1/cases", create_payload(commune_a), headers=headers)

    # then
    assert response.status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_create_without_idempotency_key_is_422_in_vietnamese(handler_client, commune_a, legal_data):
    # when
    response = handler_client.post("/api/v1/cases", create_payload(commune_a))

    # then
    error = assert_error_shape(response, 422, "validation_failed")
    assert error["message"] == "Dữ liệu không hợp lệ"
    assert error["details"]["fields"] == [
        {"loc": ["header", "Idempotency-Key"], "type": "missing", "message": "Thiếu trường bắt buộc."}
    ]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_create_with_an_over_long_idempotency_key_is_422(handler_client, commune_a, legal_data):
    # when
    response = handler_client.post("/api/v1/cases", create_payload(commune_a), headers={"Idempotency-Key": "k" * 201})

    # then
    assert_error_shape(response, 422, "validation_failed")
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_create_with_missing_and_wrong_fields_lists_each_field(handler_client, commune_a, legal_data):
    # given
    payload = create_payload(commune_a, kind="khong_co", group_size=0)
    del payload["subject"]

    # when
    response = handler_client.post("/api/v1/cases", payload, headers={"Idempotency-Key": "x"})

    # then
    error = assert_error_shape(response, 422, "validation_failed")
    fields = {tuple(f["loc"][-1:]): f for f in error["details"]["fields"]}
    assert fields[("subject",)]["message"] == "Thiếu trường bắt buộc."
    assert fields[("kind",)]["message"] == "Giá trị không thuộc danh sách cho phép."
    assert fields[("group_size",)]["message"] == "Giá trị quá nhỏ."
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_domain_validation_is_422_with_the_services_message(handler_client, commune_a, legal_data):
    # given: a complaint must name the complainant (Luật Khiếu nại, Điều 8)
    payload = create_payload(commune_a, persons=[], is_anonymous=True)

    # when
    response = handler_client.post("/api/v1/cases", payload, headers={"Idempotency-Key": "anon"})

    # then
    error = assert_error_shape(response, 422, "validation_failed")
    assert "Luật Khiếu nại, Điều 8" in error["message"]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_unknown_category_or_unit_is_422(handler_client, commune_a, legal_data):
    # when
    bad_category = handler_client.post(
        "/api/v1/cases", create_payload(commune_a, category="khong-co"), headers={"Idempotency-Key": "a"}
    )
    bad_unit = handler_client.post(
        "/api/v1/cases", create_payload(commune_a, unit="99999"), headers={"Idempotency-Key": "b"}
    )

    # then
    assert assert_error_shape(bad_category, 422, "validation_failed")["details"] == {"field": "category"}
    assert assert_error_shape(bad_unit, 422, "validation_failed")["details"] == {"field": "unit"}
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_token_cannot_file_cases_outside_its_jurisdiction(api_client, make_token, handler_b, commune_a, legal_data):
    # when
    response = api_client(make_token(handler_b)).post(
        "/api/v1/cases", create_payload(commune_a), headers={"Idempotency-Key": "c"}
    )

    # then
    assert_error_shape(response, 403, "permission_denied")
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_malformed_json_is_400_in_the_error_shape(handler_client, legal_data):
    # when
    response = handler_client.post(
        "/api/v1/cases", "{not json", headers={"Idempotency-Key": "d"}, content_type="text/plain"
    )

    # then
    assert response.status_code in (400, 422)
    assert set(response.json()["error"]) == {"code", "message", "details"}


# --- read --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_and_events_of_a_visible_case(handler_client, complaint):
    # when
    detail = handler_client.get(f"/api/v1/cases/{complaint.public_id}")
    events = handler_client.get(f"/api/v1/cases/{complaint.public_id}/events")

    # then
    assert detail.status_code == 200
    assert detail.json()["tracking_code"] == complaint.tracking_code
    assert "pin" not in detail.json()
    assert events.status_code == 200
    assert [e["action"] for e in events.json()] == ["submitted"]
    assert events.json()[0]["to_status"] == "received"
    assert events.json()[0]["is_public"] is True


@pytest.mark.django_db
def test_other_communes_token_sees_nothing(api_client, make_token, handler_b, complaint):
    # given
    client = api_client(make_token(handler_b))

    # when
    detail = client.get(f"/api/v1/cases/{complaint.public_id}")
    events = client.get(f"/api/v1/cases/{complaint.public_id}/events")
    listing = client.get("/api/v1/cases")
    action = client.post(f"/api/v1/cases/{complaint.public_id}/actions", {"action": "start_screening"})

    # then
    assert_error_shape(detail, 404, "not_found")
    assert_error_shape(events, 404, "not_found")
    assert_error_shape(action, 404, "not_found")
    assert listing.json() == {"count": 0, "page": 1, "page_size": 20, "results": []}
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_unknown_and_malformed_ids(handler_client, legal_data):
    # when
    unknown = handler_client.get(f"/api/v1/cases/{uuid4()}")
    malformed = handler_client.get("/api/v1/cases/not-a-uuid")

    # then
    assert_error_shape(unknown, 404, "not_found")
    assert_error_shape(malformed, 422, "validation_failed")


@pytest.fixture
def several_cases(submission, commune_a, commune_b, legal_data):
    """Five cases: three in commune A (one overdue), two in commune B."""
    environment = Category.objects.get(code="moi_truong")
    long_ago = timezone.now() - timedelta(days=60)
    return {
        "complaint_a": case_submit(data=submission()).case,
        "feedback_a": case_submit(
            data=submission(
                kind="phan_anh", category=environment, subject="Rác thải ven kênh", body="Rác tồn đọng nhiều ngày."
            )
        ).case,
        "overdue_a": case_submit(
            data=submission(kind="kien_nghi", subject="Kiến nghị sửa đường", body="Đường hư hỏng."), now=long_ago
        ).case,
        "complaint_b": case_submit(data=submission(submitted_unit=commune_b)).case,
        "feedback_b": case_submit(
            data=submission(kind="phan_anh", category=environment, submitted_unit=commune_b, subject="Khói bụi")
        ).case,
    }


def codes(response):
    assert response.status_code == 200, response.content
    return {case["tracking_code"] for case in response.json()["results"]}


@pytest.mark.django_db
def test_list_filters(api_client, make_token, coordinator, several_cases, commune_b):
    # given
    client = api_client(make_token(coordinator))
    c = {name: case.tracking_code for name, case in several_cases.items()}

    # when / then
    assert codes(client.get("/api/v1/cases")) == set(c.values())
    assert codes(client.get("/api/v1/cases", {"kind": "phan_anh"})) == {c["feedback_a"], c["feedback_b"]}
    assert codes(client.get("/api/v1/cases", {"category": "moi_truong"})) == {c["feedback_a"], c["feedback_b"]}
    assert codes(client.get("/api/v1/cases", {"unit": commune_b.code})) == {c["complaint_b"], c["feedback_b"]}
    assert codes(client.get("/api/v1/cases", {"unit": commune_b.path})) == {c["complaint_b"], c["feedback_b"]}
    assert codes(client.get("/api/v1/cases", {"q": "rac thai"})) == {c["feedback_a"]}
    assert codes(client.get("/api/v1/cases", {"overdue": "true"})) == {c["overdue_a"]}
    assert codes(client.get("/api/v1/cases", {"due_within_days": 0})) == {c["overdue_a"]}
    assert codes(client.get("/api/v1/cases", {"status": "accepted"})) == set()


@pytest.mark.django_db
def test_list_status_filter_follows_the_workflow(api_client, make_token, leader, several_cases):
    # given
    case = several_cases["complaint_a"]
    case_apply_action(case_id=case.pk, action="accept", actor=leader)

    # when
    response = api_client(make_token(leader)).get("/api/v1/cases", {"status": "accepted"})

    # then
    assert codes(response) == {case.tracking_code}
    assert response.json()["results"][0]["allowed_actions"] == [
        "start_verifying",
        "record_dialogue",
        "extend",
        "suspend",
        "answer",
        "withdraw",
    ]


@pytest.mark.django_db
def test_list_pagination(api_client, make_token, coordinator, several_cases):
    # given
    client = api_client(make_token(coordinator))

    # when
    first = client.get("/api/v1/cases", {"page_size": 2})
    third = client.get("/api/v1/cases", {"page_size": 2, "page": 3})
    beyond = client.get("/api/v1/cases", {"page_size": 2, "page": 4})
    too_big = client.get("/api/v1/cases", {"page_size": 101})

    # then
    assert first.json()["count"] == 5
    assert len(first.json()["results"]) == 2
    assert len(third.json()["results"]) == 1
    assert beyond.json()["results"] == []
    error = assert_error_shape(too_big, 422, "validation_failed")
    assert error["details"]["fields"][0]["loc"] == ["query", "page_size"]
    all_codes = set()
    for page in (1, 2, 3):
        all_codes |= codes(client.get("/api/v1/cases", {"page_size": 2, "page": page}))
    assert len(all_codes) == 5


@pytest.mark.django_db
def test_list_with_an_unknown_unit_code_is_422(api_client, make_token, coordinator, several_cases):
    # when
    response = api_client(make_token(coordinator)).get("/api/v1/cases", {"unit": "00000"})

    # then
    assert_error_shape(response, 422, "validation_failed")


# --- actions -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leader_token_accepts(leader_client, complaint):
    # when
    response = leader_client.post(
        f"/api/v1/cases/{complaint.public_id}/actions", {"action": "accept", "complexity": "complex"}
    )

    # then
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    complaint.refresh_from_db()
    assert complaint.status == "accepted"
    assert complaint.complexity == "complex"
    assert complaint.events.filter(action="accept").count() == 1


@pytest.mark.django_db
def test_handler_token_cannot_accept(handler_client, complaint):
    # when
    response = handler_client.post(f"/api/v1/cases/{complaint.public_id}/actions", {"action": "accept"})

    # then
    assert_error_shape(response, 403, "permission_denied")
    complaint.refresh_from_db()
    assert complaint.status == "received"
    assert not complaint.events.filter(action="accept").exists()


@pytest.mark.django_db
def test_action_in_the_wrong_state_is_409(leader_client, complaint):
    # when
    response = leader_client.post(f"/api/v1/cases/{complaint.public_id}/actions", {"action": "close"})

    # then
    error = assert_error_shape(response, 409, "transition_not_allowed")
    assert "Kết thúc hồ sơ" in error["message"]
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_action_needing_a_reason_without_one_is_422(leader_client, complaint):
    # when
    response = leader_client.post(f"/api/v1/cases/{complaint.public_id}/actions", {"action": "refuse"})

    # then
    error = assert_error_shape(response, 422, "validation_failed")
    assert "lý do" in error["message"]
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_answer_publishes_the_public_answer(leader_client, complaint, leader):
    # given
    case_apply_action(case_id=complaint.pk, action="accept", actor=leader)

    # when
    response = leader_client.post(
        f"/api/v1/cases/{complaint.public_id}/actions",
        {"action": "answer", "note": "Quyết định số 12/QĐ-UBND", "public_answer": "Giữ nguyên mức bồi thường."},
    )

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "answered"
    assert response.json()["public_answer"] == "Giữ nguyên mức bồi thường."


@pytest.mark.django_db
def test_unknown_action_is_422(leader_client, complaint):
    # when
    response = leader_client.post(f"/api/v1/cases/{complaint.public_id}/actions", {"action": "delete"})

    # then
    assert_error_shape(response, 422, "validation_failed")


# --- reference data ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_categories_and_units(handler_client, commune_a, commune_b, legal_data):
    # when
    categories = handler_client.get("/api/v1/categories")
    units = handler_client.get("/api/v1/units", {"q": "ninh kieu"})

    # then
    assert categories.status_code == 200
    assert categories.json()[0] == {"code": "dat_dai", "name": "Đất đai, bồi thường, giải phóng mặt bằng, tái định cư"}
    assert len(categories.json()) == 11
    assert units.json() == [
        {
            "code": commune_a.code,
            "name": "Phường Ninh Kiều",
            "kind": "phuong",
            "level": 3,
            "path": commune_a.path,
            "parent_code": "92",
            "parent_name": "Thành phố Cần Thơ",
        }
    ]


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_page(api_client, make_token, coordinator, several_cases):
    # given
    client = api_client(make_token(coordinator))
    client.get("/api/v1/cases")  # warm-up: token last-use write, caches

    # when
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/cases", {"page_size": 1})
    with CaptureQueriesContext(connection) as five:
        client.get("/api/v1/cases", {"page_size": 5})

    # then
    assert len(five) == len(one)
