"""Bulk progress import: good rows applied, bad rows reported with Vietnamese reasons."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import Workbook

from danvan.core.errors import ValidationFailed
from danvan.meetings import services

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 11, 20, 9, 0))


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def commitments(officer, committee, commune_a, make_org, other_province, make_officer):
    def make(title, **kw):
        return services.commitment_create(
            actor=officer,
            organization=committee,
            unit=commune_a,
            title=title,
            due_date=date(2026, 12, 31),
            committed_on=date(2026, 10, 1),
            now=NOW,
            **kw,
        )

    lights = make("Lắp đèn đường hẻm 12")
    drain = make("Nạo vét cống khu vực 4")
    parent = make("Chỉnh trang khu vực 5")
    make("Trồng cây xanh", parent=parent)
    done = make("Sửa trạm y tế")
    services.commitment_progress(actor=officer, commitment_id=done.pk, progress=100, on=date(2026, 11, 1), now=NOW)
    return {"lights": lights, "drain": drain, "parent": parent, "done": done}


def test_good_rows_applied_bad_rows_reported(officer, commitments):
    c = commitments
    content = _xlsx(
        [
            ["Mã cam kết", "Tiến độ (%)", "Ngày cập nhật", "Ghi chú"],
            [c["lights"].code, 60, "18/11/2026", "Đã lắp 6/10 bóng đèn"],
            ["CK-KHONGCO", 50, None, None],
            [c["drain"].code, 150, None, None],
            [c["drain"].code, "nhiều", None, None],
            [None, None, None, None],  # empty rows are skipped, not reported
            [c["parent"].code, 30, None, None],
            [c["done"].code, 80, None, None],
            [c["drain"].code, 0.45, None, "Ô định dạng phần trăm"],
            [c["lights"].code, 70, None, None],
            [c["parent"].code, 20, "31/02/2026", None],
        ]
    )
    report = services.commitments_import(actor=officer, content=content, filename="tien-do.xlsx", now=NOW)
    assert [(r.row, r.code) for r in report.applied] == [(2, c["lights"].code), (9, c["drain"].code)]
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons[3] == "Không tìm thấy cam kết mã CK-KHONGCO trong địa bàn của bạn."
    assert reasons[4] == "Tiến độ phải là số nguyên từ 0 đến 100."
    assert reasons[5] == "Tiến độ “nhiều” không phải là số nguyên."
    assert "tính tự động từ các cam kết con" in reasons[7]
    assert "đã hoàn thành" in reasons[8]
    assert "lặp trong tệp" in reasons[10]
    assert "dd/mm/yyyy" in reasons[11]
    assert 6 not in reasons
    c["lights"].refresh_from_db()
    c["drain"].refresh_from_db()
    assert (c["lights"].progress, c["drain"].progress) == (60, 45)
    assert c["lights"].updates.last().note == "Đã lắp 6/10 bóng đèn"
    assert c["lights"].updates.last().on == date(2026, 11, 18)


def test_csv_with_semicolons(officer, commitments):
    code = commitments["drain"].code
    content = f"Mã cam kết;Tiến độ (%)\n{code};35%\n".encode("utf-8-sig")
    report = services.commitments_import(actor=officer, content=content, filename="tien-do.csv", now=NOW)
    assert len(report.applied) == 1 and not report.rejected
    commitments["drain"].refresh_from_db()
    assert commitments["drain"].progress == 35


def test_missing_columns_and_wrong_file(officer):
    with pytest.raises(ValidationFailed, match="Thiếu cột: tiến độ"):
        services.commitments_import(actor=officer, content=b"Ma cam ket\nCK-1\n", filename="a.csv", now=NOW)
    with pytest.raises(ValidationFailed, match="Excel"):
        services.commitments_import(actor=officer, content=b"%PDF-1.4", filename="a.xlsx", now=NOW)


def test_other_province_codes_are_unknown(outsider, commitments):
    content = _xlsx([["Mã cam kết", "Tiến độ"], [commitments["lights"].code, 90]])
    report = services.commitments_import(actor=outsider, content=content, filename="x.xlsx", now=NOW)
    assert not report.applied and "Không tìm thấy" in report.rejected[0].reason
    commitments["lights"].refresh_from_db()
    assert commitments["lights"].progress == 0
