"""The acceptance flow: a commune's six-month report auto-filled, submitted, accepted by the province,
consolidated at province and national level; the frozen files (DOCX, PDF) checked as a reader would."""

import hashlib
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from danvan.accounts.roles import Role
from danvan.cases.services import case_apply_action, case_submit
from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.reporting import exports, services
from danvan.reporting.models import ReportStatus
from danvan.reporting.selectors import figure, scope_for
from danvan.reporting.tests.conftest import at

SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
RESULTS = "Phường đã tiếp nhận và giải quyết kịp thời đơn thư của người dân; tổ chức đối thoại về bồi thường đất đai."
LIMITS = "Một số vụ việc khiếu nại về giải phóng mặt bằng còn kéo dài, chưa dứt điểm."


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def world(submission, make_org, make_officer, province, commune_a, commune_b):
    make_org(commune_a, name="Ủy ban nhân dân Phường Ninh Kiều")
    make_org(province, name="Ủy ban nhân dân Thành phố Cần Thơ")
    commune_leader = make_officer(Role.LEADER, commune_a)
    province_leader = make_officer(Role.LEADER, province)
    national = make_officer(Role.COORDINATOR, None)
    # 3 cases in the first half of 2026 at the commune, one a group petition, one answered
    for kind, size in (("khieu_nai", 1), ("kien_nghi", 8), ("to_cao", 1)):
        case_submit(data=submission(kind=kind, group_size=size), now=at(2026, 3, 2))
    answered = case_submit(data=submission(kind="phan_anh"), now=at(2026, 3, 3)).case
    case_apply_action(case_id=answered.pk, action="accept", actor=commune_leader, now=at(2026, 3, 4))
    case_apply_action(
        case_id=answered.pk,
        action="answer",
        actor=commune_leader,
        note="Đã trả lời",
        public_answer="Đã sửa đèn.",
        now=at(2026, 3, 9),
    )
    case_submit(data=submission(submitted_unit=commune_b), now=at(2026, 4, 1))  # the sibling commune
    period = services.period_ensure(kind="six_month", year=2026, index=1)
    return {
        "commune_leader": commune_leader,
        "province_leader": province_leader,
        "national": national,
        "period": period,
        "answered": answered,
    }


@pytest.mark.django_db
def test_six_month_report_from_commune_to_nation(world, commune_a, province, submission):
    period, commune_leader = world["period"], world["commune_leader"]
    services.plan_save(
        unit=commune_a,
        year=2026,
        title="Kế hoạch công tác dân vận năm 2026",
        targets={"cases.answered_on_time": 95},
        actor=commune_leader,
    )
    report = services.report_start(period=period, unit=commune_a, actor=commune_leader)
    figures = services.report_figures(report)
    # auto-filled from the data of the commune only (the sibling's case is not counted)
    assert figures["cases.received"]["display"] == "4"
    assert figures["cases.group_petitions"]["numerator"] == 1
    assert figures["cases.denunciations"]["numerator"] == 1
    assert figures["cases.answered_on_time"]["display"] == "100,0 %"
    assert figures["cases.answered_on_time"]["target"] == "95.00"

    with pytest.raises(ValidationFailed, match="nội dung"):
        services.report_submit(report_id=report.pk, actor=commune_leader, now=at(2026, 6, 16))
    services.report_update(
        report_id=report.pk,
        narrative={"results": RESULTS, "limitations": LIMITS, "causes": "", "tasks": "Tiếp tục đối thoại."},
        signer_name="Võ Minh Tâm",
        actor=commune_leader,
    )
    submission_ = services.report_submit(report_id=report.pk, actor=commune_leader, now=at(2026, 6, 16))
    assert submission_.number == "01" and not submission_.is_late  # deadline 17/6
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(TransitionNotAllowed):
        services.report_update(report_id=report.pk, narrative={"results": "x"}, actor=commune_leader)

    # the commune cannot accept its own report; the province can
    with pytest.raises(PermissionDeniedError):
        services.report_review(report_id=report.pk, actor=commune_leader, accept=True)
    with pytest.raises(ValidationFailed, match="lý do"):
        services.report_review(report_id=report.pk, actor=world["province_leader"], accept=False)
    services.report_review(report_id=report.pk, actor=world["province_leader"], accept=True)

    # province consolidates its accepted communes, submits late; the nation accepts and consolidates
    provincial = services.report_start(period=period, unit=province, actor=world["province_leader"])
    provincial = services.report_consolidate(report_id=provincial.pk, actor=world["province_leader"])
    assert provincial.consolidated_figures["cases.received"]["numerator"] == 4
    assert provincial.narrative["results"] == f"Phường Ninh Kiều: {RESULTS}"
    late = services.report_submit(report_id=provincial.pk, actor=world["province_leader"], now=at(2026, 6, 25))
    assert late.is_late and late.deadline.isoformat() == "2026-06-21"
    services.report_review(report_id=provincial.pk, actor=world["national"], accept=True)
    national = services.report_start(period=period, unit=None, actor=world["national"])
    national = services.report_consolidate(report_id=national.pk, actor=world["national"])
    final = services.report_submit(report_id=national.pk, actor=world["national"], now=at(2026, 6, 26))
    national.refresh_from_db()
    assert national.status == ReportStatus.ACCEPTED
    assert final.figures["cases.answered_on_time"]["numerator"] == 1
    assert final.figures["cases.answered_on_time"]["denominator"] == 1

    # the DOCX as Word would show it
    docx_file = submission_.files.get(format="docx")
    assert hashlib.sha256(bytes(docx_file.content)).hexdigest() == docx_file.sha256
    document = Document(io.BytesIO(bytes(docx_file.content)))
    header_text = "\n".join(cell.text for cell in document.tables[0].rows[0].cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_text
    assert "Độc lập - Tự do - Hạnh phúc" in header_text
    assert "Số: 01/BC-UBND" in header_text
    assert "Ninh Kiều, ngày 16 tháng 6 năm 2026" in header_text
    body = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in body and "I. KẾT QUẢ ĐẠT ĐƯỢC" in body and RESULTS in body
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == exports.TABLE_HEAD
    assert any(row.cells[1].text == "Số đơn thư tiếp nhận" and row.cells[3].text == "4" for row in table.rows)
    signature = "\n".join(cell.text for cell in document.tables[-1].rows[0].cells)
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "CHỦ TỊCH" in signature and "Võ Minh Tâm" in signature
    assert "Nơi nhận:" in signature

    # the PDF carries every glyph: the text read back equals the source text, diacritics included
    pdf_file = submission_.files.get(format="pdf")
    pdf = pdfium.PdfDocument(bytes(pdf_file.content))
    extracted = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    content = services.report_content(
        report,
        figures=submission_.figures,
        narrative=submission_.narrative,
        number="01",
        issued_on=submission_.submitted_at.date(),
    )
    assert _normal(extracted) == _normal(" ".join(exports.pdf_text_lines(content)))
    assert "Độc lập - Tự do - Hạnh phúc" in extracted and "giải phóng mặt bằng" in _normal(extracted)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for i in range(len(pdf)):
        image = pdf[i].render(scale=1.5).to_pil()
        image.save(SCREENSHOTS / f"reporting-report-pdf-page-{i + 1}.png")
    assert (SCREENSHOTS / "reporting-report-pdf-page-1.png").stat().st_size > 10_000

    # the XLSX has the same table
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(bytes(submission_.files.get(format="xlsx").content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert exports.TABLE_HEAD in rows and any(r[1] == "Số đơn tố cáo" and r[3] == "1" for r in rows)


@pytest.mark.django_db
def test_a_submitted_report_never_changes_when_data_changes(world, commune_a, submission):
    period, commune_leader = world["period"], world["commune_leader"]
    report = services.report_start(period=period, unit=commune_a, actor=commune_leader)
    services.report_update(report_id=report.pk, narrative={"results": RESULTS}, actor=commune_leader)
    frozen = services.report_submit(report_id=report.pk, actor=commune_leader, now=at(2026, 6, 16))
    files = {f.format: f.sha256 for f in frozen.files.all()}
    scope = scope_for(commune_a, period.start, period.end)
    before = figure("cases.received", scope).value.numerator

    # editing a case (closing the answered one, a new case inside the period) changes the live figures…
    case_apply_action(case_id=world["answered"].pk, action="close", actor=commune_leader, now=at(2026, 6, 17))
    case_submit(data=submission(kind="to_cao"), now=at(2026, 5, 5))
    assert figure("cases.received", scope).value.numerator == before + 1

    # …but not the submitted report, its checksum or its files
    report.refresh_from_db()
    frozen.refresh_from_db()
    assert services.report_figures(report)["cases.received"]["numerator"] == before
    assert frozen.checksum == services.checksum_of(frozen.figures, frozen.narrative)
    assert {f.format: hashlib.sha256(bytes(f.content)).hexdigest() for f in frozen.files.all()} == files


@pytest.mark.django_db
def test_returned_report_can_be_corrected_and_resubmitted(world, commune_a):
    period, commune_leader = world["period"], world["commune_leader"]
    report = services.report_start(period=period, unit=commune_a, actor=commune_leader)
    services.report_update(report_id=report.pk, narrative={"results": RESULTS}, actor=commune_leader)
    first = services.report_submit(report_id=report.pk, actor=commune_leader, now=at(2026, 6, 16))
    services.report_review(
        report_id=report.pk, actor=world["province_leader"], accept=False, reason="Thiếu phần nguyên nhân."
    )
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "Thiếu phần nguyên nhân.")
    services.report_update(
        report_id=report.pk, narrative={"results": RESULTS, "causes": "Do thiếu cán bộ."}, actor=commune_leader
    )
    second = services.report_submit(report_id=report.pk, actor=commune_leader, now=at(2026, 6, 20))
    assert second.sequence == 2 and second.is_late and second.number == "02"
    assert first.narrative["causes"] == "" and second.narrative["causes"] == "Do thiếu cán bộ."


@pytest.mark.django_db
def test_sibling_commune_cannot_write_or_consolidate_nothing(world, commune_a, commune_b, make_officer):
    other = make_officer(Role.LEADER, commune_b)
    with pytest.raises(PermissionDeniedError):
        services.report_start(period=world["period"], unit=commune_a, actor=other)
    provincial = services.report_start(period=world["period"], unit=commune_a.parent, actor=world["province_leader"])
    with pytest.raises(ValidationFailed, match="Chưa có báo cáo cấp dưới"):
        services.report_consolidate(report_id=provincial.pk, actor=world["province_leader"])


def test_party_format_number_has_no_colon():
    from datetime import date

    content = exports.ReportContent(
        family="party",
        issuer_parent="",
        issuer="Ban Tuyên giáo và Dân vận Thành ủy",
        number="5",
        symbol="BC/BTGDVTU",
        place="Cần Thơ",
        issued_on=date(2026, 1, 5),
        summary="Kết quả",
        sections=[("Kết quả", "Tốt")],
        rows=[],
    )
    assert content.number_line == "Số 05-BC/BTGDVTU"
    assert content.date_line == "Cần Thơ, ngày 05 tháng 01 năm 2026"
    assert re.search("ĐẢNG CỘNG SẢN VIỆT NAM", " ".join(exports.pdf_text_lines(content)))
