"""Our Open311 endpoint read by a third-party client library (georeport 0.3, PyPI) over real HTTP.

georeport has no discovery method and no POST, so discovery is read with ``requests`` (its own HTTP
dependency) and requests are created through our services.
"""

from decimal import Decimal

import pytest
import requests
from georeport import GeoReport

from danvan.cases.services import case_submit


@pytest.fixture
def published(submission):
    feedback = case_submit(
        data=submission(
            kind="phan_anh",
            subject="Đèn đường hỏng",
            body="Đèn đường trước số 12 hỏng đã hai tuần.",
            latitude=Decimal("10.03"),
            longitude=Decimal("105.78"),
        )
    ).case
    denunciation = case_submit(data=submission(kind="to_cao", subject="Tố cáo")).case
    return feedback, denunciation


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_georeport_client_reads_services_and_requests(live_server, published, output_format):
    # given
    feedback, denunciation = published
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, output_format=output_format)

    # when
    discovery = requests.get(f"{root}/discovery.json", timeout=10).json()
    services = client.get_service_list()
    definition = client.get_service_definition("dat_dai")
    listed = client.get_service_requests()
    one = client.get_service_request(feedback.tracking_code)

    # then
    assert discovery["endpoints"][0]["url"] == root
    assert [s["service_code"] for s in services][:2] == ["dat_dai", "nha_o_xay_dung"]
    assert definition["service_code"] == "dat_dai"
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one element is not a list
    assert [r["service_request_id"] for r in listed] == [feedback.tracking_code]
    assert denunciation.tracking_code not in str(listed)
    assert one["service_request_id"] == feedback.tracking_code
    assert one["status"] == "open"
    assert one["agency_responsible"] == "Phường Ninh Kiều"
    assert "Nguyễn Văn Tố" not in str(services) + str(listed) + str(one)


@pytest.mark.django_db(transaction=True)
def test_georeport_client_sees_our_errors_as_http_errors(live_server, legal_data):
    # given
    client = GeoReport(f"{live_server.url}/open311/v2")

    # when / then
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_definition("khong-co")
    assert raised.value.response.status_code == 404
    assert raised.value.response.json()[0]["code"] == 404
