import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.cases.models import Case
from danvan.cases.services import case_apply_action, case_submit

BASE = "/open311/v2"


@pytest.fixture
def client(api_client, legal_data):
    return api_client()


@pytest.fixture
def app_key(make_token, make_officer):
    """An Open311 app's key: a service account with no jurisdiction of its own."""
    return make_token(make_officer(Role.FIELD_CADRE, None), "Ứng dụng phản ánh hiện trường")


@pytest.fixture
def feedback(submission):
    return case_submit(
        data=submission(
            kind="phan_anh",
            subject="Đèn đường hỏng",
            body="Đèn đường trước số 12 hỏng đã hai tuần.",
            address="Số 12 đường 30/4",
            latitude=Decimal("10.03"),  # a float fails Case.full_clean (see the API's _coordinate)
            longitude=Decimal("105.78"),
        )
    ).case


def post_request(client, commune, key, **overrides):
    data = {
        "api_key": key,
        "jurisdiction_id": commune.code,
        "service_code": "moi_truong",
        "lat": "10.0299",
        "long": "105.7701",
        "description": "Nước thải chảy ra kênh Xáng, bốc mùi hôi.\nNhiều ngày nay.",
        "first_name": "Tố",
        "last_name": "Nguyễn Văn",
        "email": "to@example.vn",
        "phone": "0912345678",
    }
    data.update(overrides)
    return client.post_form(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None})


def xml_of(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


# --- discovery and services --------------------------------------------------------------------------


@pytest.mark.django_db
def test_discovery_json_and_xml(client):
    # when
    as_json = client.get(f"{BASE}/discovery.json")
    as_xml = client.get(f"{BASE}/discovery.xml")

    # then
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    endpoint = as_json.json()["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert "jurisdiction_id" in as_json.json()["contact"]
    root = xml_of(as_xml)
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


@pytest.mark.django_db
def test_services_json_and_xml(client):
    # when
    as_json = client.get(f"{BASE}/services.json")
    as_xml = client.get(f"{BASE}/services.xml")

    # then
    services = as_json.json()
    assert len(services) == 11
    land = services[0]
    assert land["service_code"] == "dat_dai"
    assert land["service_name"] == "Đất đai, bồi thường, giải phóng mặt bằng, tái định cư"
    assert land["metadata"] is False
    assert land["type"] == "realtime"
    assert "giai phong mat bang" in land["keywords"]
    assert land["group"] == "Phản ánh, kiến nghị"
    assert "jurisdiction_id" in land["description"]
    root = xml_of(as_xml)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == [s["service_code"] for s in services]
    assert root.find("service/metadata").text == "false"


@pytest.mark.django_db
def test_service_definition_and_unknown_service(client):
    # when
    definition = client.get(f"{BASE}/services/dat_dai.json")
    definition_xml = client.get(f"{BASE}/services/dat_dai.xml")
    unknown = client.get(f"{BASE}/services/khong-co.xml")

    # then
    assert definition.json() == {"service_code": "dat_dai", "attributes": []}
    assert xml_of(definition_xml).findtext("service_code") == "dat_dai"
    assert unknown.status_code == 404
    error = xml_of(unknown)
    assert error.tag == "errors"
    assert error.findtext("error/code") == "404"
    assert "khong-co" in error.findtext("error/description")


@pytest.mark.django_db
def test_unknown_jurisdiction_is_404(client):
    # when
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "00000"})

    # then
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


@pytest.mark.django_db
def test_tokens_are_not_used(client):
    # when
    response = client.get(f"{BASE}/tokens/123456.json")

    # then
    assert response.status_code == 404
    assert "realtime" in response.json()[0]["description"]


# --- POST requests -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_post_creates_a_feedback_case_that_get_returns(client, app_key, commune_a):
    # when
    created = post_request(client, commune_a, app_key)

    # then
    assert created.status_code == 200, created.content
    [answer] = created.json()
    case = Case.objects.get()
    assert answer["service_request_id"] == case.tracking_code
    assert "Luật Tiếp công dân" in answer["service_notice"]
    assert set(answer) == {"service_request_id", "service_notice"}
    assert (case.kind, case.channel, case.category.code) == ("phan_anh", "open311", "moi_truong")
    assert case.handling_unit == commune_a
    assert case.subject == "Nước thải chảy ra kênh Xáng, bốc mùi hôi."
    assert case.persons.get().full_name == "Nguyễn Văn Tố"

    # when
    fetched = client.get(f"{BASE}/requests/{case.tracking_code.lower()}.json")

    # then
    [item] = fetched.json()
    assert item["service_request_id"] == case.tracking_code
    assert item["status"] == "open"
    assert item["status_notes"] == "Đã nhận đơn, đang chờ xem xét"
    assert item["service_code"] == "moi_truong"
    assert item["service_name"] == "Môi trường"
    assert item["agency_responsible"] == "Phường Ninh Kiều"
    assert item["description"].startswith("Nước thải chảy ra kênh Xáng")
    assert (item["lat"], item["long"]) == (10.0299, 105.7701)
    assert item["requested_datetime"].endswith("+07:00")
    assert item["expected_datetime"].endswith("T23:59:59+07:00")


@pytest.mark.django_db
def test_post_with_commune_attribute_and_address(client, app_key, commune_a):
    # when
    response = post_request(
        client,
        commune_a,
        app_key,
        jurisdiction_id=None,
        lat=None,
        long=None,
        first_name=None,
        last_name=None,
        **{"attribute[commune_code]": commune_a.code, "address_string": "Hẻm 51, đường 3/2"},
    )

    # then
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert case.address == "Hẻm 51, đường 3/2"
    assert case.latitude is None
    assert case.persons.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "status", "fragment"),
    [
        ({"api_key": None}, 400, "api_key"),
        ({"api_key": "dv_00000000_sai"}, 403, "api_key"),
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "khong-co"}, 404, "khong-co"),
        ({"jurisdiction_id": None}, 400, "jurisdiction_id"),
        ({"jurisdiction_id": "92"}, 404, "92"),  # a province, not a commune
        ({"lat": None, "long": None}, 400, "address_string"),
        ({"lat": "abc"}, 400, "lat"),
        ({"lat": "95"}, 400, "lat"),
        ({"description": ""}, 400, "description"),
        ({"description": "x" * 4001}, 400, "4.000"),
    ],
)
def test_post_errors(client, app_key, commune_a, overrides, status, fragment):
    # when
    response = post_request(client, commune_a, app_key, **overrides)

    # then
    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status
    assert fragment in error["description"]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_post_answers_in_xml(client, app_key, commune_a):
    # when
    response = client.post_form(
        f"{BASE}/requests.xml",
        {
            "api_key": app_key,
            "jurisdiction_id": commune_a.code,
            "service_code": "khac",
            "address_string": "Chợ Tân An",
            "description": "Lấn chiếm lòng đường.",
        },
    )

    # then
    root = xml_of(response)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id") == Case.objects.get().tracking_code


# --- GET requests ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_requests_json_and_xml(client, feedback):
    # when
    as_json = client.get(f"{BASE}/requests.json")
    as_xml = client.get(f"{BASE}/requests.xml")

    # then
    assert [r["service_request_id"] for r in as_json.json()] == [feedback.tracking_code]
    root = xml_of(as_xml)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.findtext("service_request_id") == feedback.tracking_code
    assert request.findtext("status") == "open"
    assert request.findtext("address") == "Số 12 đường 30/4"
    assert request.findtext("lat") == "10.03"
    assert request.findtext("media_url") is None or request.findtext("media_url") == ""


@pytest.mark.django_db
def test_denunciations_and_complaints_are_never_listed(client, submission, feedback):
    # given
    denunciation = case_submit(data=submission(kind="to_cao", subject="Tố cáo cán bộ")).case
    complaint = case_submit(data=submission(kind="khieu_nai")).case

    # when
    listing = client.get(f"{BASE}/requests.json")
    by_id = client.get(
        f"{BASE}/requests.json", {"service_request_id": f"{denunciation.tracking_code},{complaint.tracking_code}"}
    )
    single = client.get(f"{BASE}/requests/{denunciation.tracking_code}.json")
    single_xml = client.get(f"{BASE}/requests/{complaint.tracking_code}.xml")

    # then
    assert [r["service_request_id"] for r in listing.json()] == [feedback.tracking_code]
    assert by_id.json() == []
    assert single.status_code == 404
    assert single_xml.status_code == 404
    assert "Tố cáo" not in listing.content.decode()


@pytest.mark.django_db
def test_status_and_service_filters(client, submission, feedback, leader):
    # given
    closed = case_submit(data=submission(kind="kien_nghi", subject="Kiến nghị", body="Nội dung")).case
    case_apply_action(case_id=closed.pk, action="accept", actor=leader)
    case_apply_action(case_id=closed.pk, action="answer", actor=leader, note="Đã sửa xong")

    # when
    opened = client.get(f"{BASE}/requests.json", {"status": "open"})
    finished = client.get(f"{BASE}/requests.json", {"status": "closed"})
    both = client.get(f"{BASE}/requests.json", {"status": "open,closed"})
    land = client.get(f"{BASE}/requests.json", {"service_code": "dat_dai,moi_truong"})
    other = client.get(f"{BASE}/requests.json", {"service_code": "moi_truong"})
    wrong = client.get(f"{BASE}/requests.json", {"status": "pending"})

    # then
    assert [r["service_request_id"] for r in opened.json()] == [feedback.tracking_code]
    [done] = finished.json()
    assert done["service_request_id"] == closed.tracking_code
    assert done["status_notes"] == "Đã có kết quả giải quyết"
    assert done["expected_datetime"] is None
    assert len(both.json()) == 2
    assert len(land.json()) == 2
    assert other.json() == []
    assert wrong.status_code == 400


@pytest.mark.django_db
def test_date_window_defaults_to_90_days_and_refuses_more(client, submission, feedback):
    # given
    old = case_submit(
        data=submission(kind="phan_anh", subject="Cũ", body="Cũ"), now=timezone.now() - timedelta(days=120)
    ).case

    # when
    default = client.get(f"{BASE}/requests.json")
    back_then = client.get(
        f"{BASE}/requests.json",
        {
            "start_date": (timezone.now() - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end_date": (timezone.now() - timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%S+07:00"),
        },
    )
    too_wide = client.get(
        f"{BASE}/requests.json", {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"}
    )
    too_wide_xml = client.get(
        f"{BASE}/requests.xml", {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"}
    )
    malformed = client.get(f"{BASE}/requests.json", {"start_date": "hôm qua"})

    # then
    assert [r["service_request_id"] for r in default.json()] == [feedback.tracking_code]
    assert [r["service_request_id"] for r in back_then.json()] == [old.tracking_code]
    assert too_wide.status_code == 400
    assert too_wide.json() == [{"code": 400, "description": "Khoảng start_date – end_date không được quá 90 ngày."}]
    assert xml_of(too_wide_xml).findtext("error/code") == "400"
    assert malformed.status_code == 400


@pytest.mark.django_db
def test_pagination_extension(client, submission, feedback):
    # given
    for n in range(3):
        case_submit(data=submission(kind="phan_anh", subject=f"Phản ánh {n}", body="Nội dung"))

    # when
    first = client.get(f"{BASE}/requests.json", {"page_size": 3})
    second = client.get(f"{BASE}/requests.json", {"page_size": 3, "page": 2})
    too_big = client.get(f"{BASE}/requests.json", {"page_size": 501})

    # then
    assert len(first.json()) == 3
    assert len(second.json()) == 1
    assert {r["service_request_id"] for r in first.json() + second.json()} == set(
        Case.objects.values_list("tracking_code", flat=True)
    )
    assert too_big.status_code == 400


@pytest.mark.django_db
def test_jurisdiction_filter_on_requests(client, submission, feedback, commune_b):
    # given
    in_b = case_submit(data=submission(kind="phan_anh", submitted_unit=commune_b, subject="B", body="B")).case

    # when
    response = client.get(f"{BASE}/requests.json", {"jurisdiction_id": commune_b.code})
    province = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "92"})

    # then
    assert [r["service_request_id"] for r in response.json()] == [in_b.tracking_code]
    assert len(province.json()) == 2


@pytest.mark.django_db
def test_other_methods_are_refused(client):
    # when
    response = client.client.put(f"{BASE}/services.json")

    # then
    assert response.status_code == 405


@pytest.mark.django_db
def test_hostile_input_is_a_client_error_never_a_server_error(client, app_key, commune_a, feedback):
    # given: NUL bytes (PostgreSQL refuses them in text), huge numbers, markup
    nul = "\x00"

    # when
    responses = [
        client.get(f"{BASE}/requests/AB%00CD.json"),
        client.get(f"{BASE}/services/dat%00dai.json"),
        client.get(f"{BASE}/requests.json", {"service_code": f"dat{nul}dai", "jurisdiction_id": f"31{nul}135"}),
        client.get(f"{BASE}/requests.json", {"service_request_id": f"A{nul}B", "page": "99999999999999999999"}),
        client.get(f"{BASE}/requests.json", {"start_date": "9999-12-31T23:59:59Z"}),
        client.get(f"{BASE}/requests.json", {"end_date": "0001-01-01T00:00:00Z"}),
        client.get(f"{BASE}/requests.json", {"start_date": "0001-01-01", "end_date": "0001-01-02"}),
        client.get(f"{BASE}/requests.json", {"start_date": "9999-12-30T00:00:00-05:00"}),
        post_request(client, commune_a, app_key, description=f"<script>alert(1)</script>Có{nul} rác", lat="nan"),
        post_request(client, commune_a, app_key, description="<b>Có</b> rác", lat="1e400"),
    ]

    # then
    assert [r.status_code for r in responses] == [404, 404, 200, 400, 400, 400, 400, 400, 400, 400]
    assert responses[2].json() == []
