"""A round's results as an XLSX workbook (openpyxl): the ranking, and the points per criterion per unit."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from danvan.evaluations.models import Round
from danvan.evaluations.selectors import criteria_tree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value):
    return float(value) if value is not None else None


def round_xlsx(round_: Round) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Xếp hạng")
    sheet.append([round_.name])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [_("Đơn vị thẩm định: %(unit)s · Năm %(year)s") % {"unit": round_.parent_unit.name, "year": round_.year}]
    )
    sheet.append([])
    headers = [
        _("Xếp thứ"),
        _("Đơn vị"),
        _("Điểm"),
        _("Điểm tối đa áp dụng"),
        _("Tỷ lệ (%)"),
        _("Xếp loại"),
        _("Trạng thái"),
        _("Lý do không xếp thứ"),
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    assessments = sorted(
        round_.assessments.select_related("unit"), key=lambda a: (a.rank is None, a.rank or 0, a.unit.name_sort)
    )
    for assessment in assessments:
        sheet.append(
            [
                assessment.rank,
                assessment.unit.name,
                _number(assessment.points),
                _number(assessment.max_applicable),
                _number(assessment.percent),
                assessment.band,
                assessment.get_status_display(),
                assessment.not_ranked_reason,
            ]
        )
    for column, width in zip("ABCDEFGH", (9, 32, 10, 12, 10, 12, 22, 60), strict=True):
        sheet.column_dimensions[column].width = width

    detail = workbook.create_sheet(_("Chi tiết"))
    rows = criteria_tree(round_.criteria_set)
    detail.append([_("Số hiệu"), _("Tiêu chí"), _("Điểm tối đa")] + [a.unit.name for a in assessments])
    for cell in detail[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    scores = {
        (score.assessment_id, score.criterion_id): score
        for assessment in assessments
        for score in assessment.scores.all()
    }
    for row in rows:
        values = [row.criterion.code, row.criterion.title, _number(row.criterion.max_points)]
        for assessment in assessments:
            score = scores.get((assessment.pk, row.criterion.pk))
            if score is None:
                values.append(None)
            elif score.not_applicable or score.auto_short_sample:
                values.append(_("Không áp dụng"))
            elif score.review_points is not None:
                values.append(_number(score.review_points))
            elif row.criterion.indicator_code:
                values.append(_number(score.auto_points))
            else:
                values.append(_number(score.self_points))
        detail.append(values)
    detail.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
