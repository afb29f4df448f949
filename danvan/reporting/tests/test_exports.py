import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.accounts.roles import Role
from danvan.cases.services import case_submit
from danvan.core.errors import PermissionDeniedError
from danvan.reporting import services
from danvan.reporting.models import ExportJob
from danvan.reporting.tests.conftest import at


@pytest.mark.django_db
def test_background_exports_stream_a_csv_and_an_xlsx(
    client,
    make_officer,
    submission,
    province,
    commune_a,
    commune_b,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    leader = make_officer(Role.LEADER, province)
    case_submit(data=submission(kind="to_cao"), now=at(2026, 3, 2))
    case_submit(data=submission(kind="kien_nghi", submitted_unit=commune_b, group_size=9), now=at(2026, 4, 2))
    period = services.period_ensure(kind="six_month", year=2026)
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reporting:exports"), {"kind": "cases_csv", "don_vi": province.pk, "period": period.pk}
        )
    job = ExportJob.objects.get(kind="cases_csv")
    assert response["Location"] == reverse("reporting:export", args=[job.public_id])
    assert (job.status, job.total, job.percent) == ("done", 2, 100)
    page = client.get(response["Location"]).content.decode()
    assert "Tải tệp" in page and 'value="100"' in page
    download = client.get(reverse("reporting:export_download", args=[job.public_id]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Mã tra cứu" and len(rows) == 3
    assert "Nguyễn Văn Tố" not in str(rows)  # never personal data

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reporting:exports"), {"kind": "indicators_xlsx", "don_vi": province.pk, "period": period.pk}
        )
    job = ExportJob.objects.get(kind="indicators_xlsx")
    sheet = load_workbook(job.file_path).active
    values = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(values) == {"Phường Ninh Kiều", "Phường Cái Răng"}
    assert values["Phường Ninh Kiều"][2] == 1 and values["Phường Cái Răng"][2] == 1  # cases received

    # someone else's export is not found; another province cannot be exported
    other = make_officer(Role.LEADER, commune_a)
    client.force_login(other)
    assert client.get(reverse("reporting:export", args=[job.public_id])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.export_request(actor=other, kind="cases_csv", unit=province, period=period)
