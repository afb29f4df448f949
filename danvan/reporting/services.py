"""Writers of reporting: the only code that changes its records (periods, plans, reports, exports)."""

from __future__ import annotations

import calendar
import hashlib
import json
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import NATIONWIDE, has_perm, jurisdiction_paths
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.indicators import Aggregation, Value
from danvan.core.text import normalize
from danvan.documents.official import PARTY, STATE
from danvan.documents.services import document_number_next
from danvan.organizations.models import Organization
from danvan.reporting import exports
from danvan.reporting.models import (
    DEFAULT_SECTIONS,
    ExportJob,
    PeriodDefinition,
    PeriodKind,
    Plan,
    PlanTarget,
    Report,
    ReportFile,
    ReportingPeriod,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
)
from danvan.reporting.selectors import child_reports, format_value, plan_for_unit, registered, scope_for
from danvan.territory.models import AdministrativeUnit
from danvan.territory.services import name_without_kind

Level = AdministrativeUnit.Level

# Decree 09/2019/NĐ-CP cut-offs as read in DOMAIN.md §8 — [U]: stored as configuration, editable in admin.
DEFAULT_PERIODS = [
    # kind, name, span months, periods per year
    (PeriodKind.MONTHLY, "Báo cáo tháng", 1, 12),
    (PeriodKind.QUARTERLY, "Báo cáo quý", 3, 4),
    (PeriodKind.SIX_MONTH, "Báo cáo 6 tháng", 6, 2),
    (PeriodKind.NINE_MONTH, "Báo cáo 9 tháng", 9, 1),
    (PeriodKind.ANNUAL, "Báo cáo năm", 12, 1),
]
DEFAULT_TEMPLATE_CODES = [
    "cases.received",
    "cases.answered_on_time",
    "cases.overdue_open",
    "cases.group_petitions",
    "cases.satisfaction",
    "cases.denunciations",
    "meetings.reception_compliance",
    "meetings.dialogues_held",
    "meetings.commitments_overdue",
    "fieldwork.quota_met",
    "practices.models_recognised",
    "surveys.satisfaction_index",
]


# --- Periods ----------------------------------------------------------------------------------------


@transaction.atomic
def periods_seed() -> int:
    """Create the default period definitions and report template (idempotent); returns how many were new."""
    created = 0
    for kind, name, span, per_year in DEFAULT_PERIODS:
        _definition, new = PeriodDefinition.objects.get_or_create(
            kind=kind,
            defaults={
                "name": name,
                "span_months": span,
                "periods_per_year": per_year,
                "legal_basis": "Nghị định 09/2019/NĐ-CP (mốc chốt số liệu chưa xác nhận, cấu hình được)",
            },
        )
        created += new
    _template, new = ReportTemplate.objects.get_or_create(
        code="dan-van-chinh-quyen",
        defaults={
            "name": "Báo cáo kết quả công tác dân vận chính quyền",
            "sections": DEFAULT_SECTIONS,
            "indicator_codes": DEFAULT_TEMPLATE_CODES,
        },
    )
    return created + new


def _month_day(year: int, month: int, day: int) -> date:
    while month < 1:
        month, year = month + 12, year - 1
    while month > 12:
        month, year = month - 12, year + 1
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_bounds(definition: PeriodDefinition, year: int, index: int) -> tuple[date, date]:
    """Period ``index`` (1-based) of ``year``: ends on end_day of month index×span, starts on start_day of
    the month span months earlier (month 0 = December of the year before)."""
    if not 1 <= index <= definition.periods_per_year:
        raise ValidationFailed(_("Kỳ báo cáo không hợp lệ."))
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Năm báo cáo phải từ 2000 đến 2100."))
    end_month = index * definition.span_months
    start = _month_day(year, end_month - definition.span_months, definition.start_day)
    end = _month_day(year, end_month, definition.end_day)
    return start, end


def _period_label(definition: PeriodDefinition, year: int, index: int) -> str:
    kind = definition.kind
    if kind == PeriodKind.MONTHLY:
        return f"Tháng {index}/{year}"
    if kind == PeriodKind.QUARTERLY:
        return f"Quý {['I', 'II', 'III', 'IV'][index - 1]} năm {year}"
    if kind == PeriodKind.SIX_MONTH:
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    if kind == PeriodKind.NINE_MONTH:
        return f"9 tháng năm {year}"
    return f"Năm {year}"


@transaction.atomic
def period_ensure(*, kind: str, year: int, index: int = 1) -> ReportingPeriod:
    definition = PeriodDefinition.objects.filter(kind=kind).first()
    if definition is None:
        periods_seed()
        definition = PeriodDefinition.objects.get(kind=kind)
    existing = ReportingPeriod.objects.filter(definition=definition, year=year, index=index).first()
    if existing is not None:
        return existing
    start, end = period_bounds(definition, year, index)
    return ReportingPeriod.objects.create(
        definition=definition,
        year=year,
        index=index,
        label=_period_label(definition, year, index),
        start=start,
        end=end,
        commune_deadline=end + timedelta(days=definition.commune_deadline_days),
        province_deadline=end + timedelta(days=definition.province_deadline_days),
    )


def period_containing(*, kind: str, day: date) -> ReportingPeriod:
    """The period of this kind whose range contains ``day`` (created if needed)."""
    definition = PeriodDefinition.objects.filter(kind=kind).first()
    if definition is None:
        periods_seed()
        definition = PeriodDefinition.objects.get(kind=kind)
    for year in (day.year, day.year + 1):
        for index in range(1, definition.periods_per_year + 1):
            start, end = period_bounds(definition, year, index)
            if start <= day <= end:
                return period_ensure(kind=kind, year=year, index=index)
    # Cumulative kinds (nine months) do not cover the whole year: take the latest one that ended.
    return period_ensure(kind=kind, year=day.year if day.month >= 10 else day.year - 1, index=1)


# --- Plans ------------------------------------------------------------------------------------------


def _require(actor, perm: Perm, unit: AdministrativeUnit | None) -> None:
    allowed = has_perm(actor, perm, unit) if unit is not None else NATIONWIDE in jurisdiction_paths(actor, perm)
    if not allowed:
        raise PermissionDeniedError(_("Bạn không có quyền lập, gửi báo cáo của đơn vị này."))


def parse_targets(raw: dict[str, str]) -> dict[str, Decimal]:
    """{code: text} from a form → {code: Decimal}; blank means no target. Raises ValidationFailed."""
    targets: dict[str, Decimal] = {}
    for code, text in raw.items():
        text = (text or "").strip().replace(",", ".")
        if not text:
            continue
        item = registered(code)
        if item is None:
            raise ValidationFailed(_("Chỉ tiêu %(code)s không có trong danh mục.") % {"code": code})
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise ValidationFailed(
                _("Chỉ tiêu “%(name)s”: “%(value)s” không phải là số.") % {"name": item.name, "value": text}
            ) from error
        if value < 0 or (item.aggregation == Aggregation.RATE and value > 100):
            message = (
                _("Chỉ tiêu “%(name)s”: giá trị phải từ 0 đến 100.")
                if item.aggregation == Aggregation.RATE
                else _("Chỉ tiêu “%(name)s”: giá trị phải từ 0 trở lên.")
            )
            raise ValidationFailed(message % {"name": item.name})
        targets[code] = value
    return targets


@transaction.atomic
def plan_save(
    *,
    unit: AdministrativeUnit | None,
    year: int,
    title: str,
    content: str = "",
    targets: dict[str, Decimal],
    actor,
    now: datetime | None = None,
) -> Plan:
    """Create or update the unit's yearly plan (kế hoạch công tác dân vận) and its targets."""
    _require(actor, Perm.REPORT_SUBMIT, unit)
    title = normalize(title)
    if not title:
        raise ValidationFailed(_("Vui lòng nhập tên kế hoạch."))
    if not 2020 <= int(year) <= 2100:
        raise ValidationFailed(_("Năm kế hoạch không hợp lệ."))
    now = now_or_current(now)
    path = unit.path if unit is not None else NATIONWIDE
    plan, _created = Plan.objects.update_or_create(
        unit_path=path,
        year=year,
        defaults={"unit": unit, "title": title, "content": normalize(content), "created_by": actor},
    )
    plan.targets.exclude(indicator_code__in=list(targets)).delete()
    for code, value in targets.items():
        PlanTarget.objects.update_or_create(plan=plan, indicator_code=code, defaults={"target": value})
    audit_record(
        action="reporting.plan_saved",
        actor=actor,
        target=plan,
        unit_path=path,
        now=now,
        data={"year": year, "targets": {k: str(v) for k, v in targets.items()}},
    )
    return plan


# --- Reports ----------------------------------------------------------------------------------------


def _issuer_for(unit: AdministrativeUnit | None, family: str) -> Organization | None:
    if unit is None:
        return None
    kinds = ["tuyen_giao_dan_van", "party_committee"] if family == PARTY else ["ubnd"]
    for kind in kinds:
        organization = Organization.objects.filter(unit=unit, kind__code=kind).select_related("kind").first()
        if organization is not None:
            return organization
    return None


@transaction.atomic
def report_start(
    *,
    period: ReportingPeriod,
    unit: AdministrativeUnit | None,
    actor,
    template: ReportTemplate | None = None,
    now: datetime | None = None,
) -> Report:
    """The unit's report for the period (created as a draft the first time). National: ``unit`` None."""
    _require(actor, Perm.REPORT_SUBMIT, unit)
    if unit is not None and unit.level not in (Level.PROVINCE, Level.COMMUNE):
        raise ValidationFailed(_("Chỉ cấp xã, cấp tỉnh và trung ương lập báo cáo định kỳ."))
    if template is None:
        periods_seed()
        template = ReportTemplate.objects.get(code="dan-van-chinh-quyen")
    path = unit.path if unit is not None else NATIONWIDE
    report = Report.objects.filter(period=period, template=template, unit_path=path).first()
    if report is not None:
        return report
    now = now_or_current(now)
    report = Report.objects.create(
        period=period,
        template=template,
        unit=unit,
        unit_path=path,
        organization=_issuer_for(unit, template.family),
        narrative={key: "" for key, _title in template.sections},
        is_consolidated=unit is None or unit.level == Level.PROVINCE,
        created_by=actor,
    )
    audit_record(action="reporting.report_started", actor=actor, target=report, unit_path=path, now=now)
    return report


def _value_dict(item, value: Value, target) -> dict:
    result = value.result(item.aggregation)
    return {
        "name": str(item.name),
        "name_en": item.name_en,
        "unit": str(item.unit_of_measure),
        "aggregation": item.aggregation,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "value": result,
        "display": format_value(result, item.aggregation),
        "target": str(target) if target is not None else None,
    }


def _targets(report: Report) -> dict[str, Decimal]:
    plan = plan_for_unit(report.unit, report.period.year)
    return {t.indicator_code: t.target for t in plan.targets.all()} if plan else {}


def report_live_figures(report: Report) -> dict[str, dict]:
    """Figures from live data (a draft of a unit report): every template indicator that is registered."""
    scope = scope_for(report.unit, report.period.start, report.period.end)
    targets = _targets(report)
    figures = {}
    for code in report.template.indicator_codes:
        item = registered(code)
        if item is not None:
            figures[code] = _value_dict(item, item.value(scope), targets.get(code))
    return figures


def report_figures(report: Report) -> dict[str, dict]:
    """What the report shows now: the frozen snapshot once submitted, else live or consolidated figures."""
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        submission = report.latest_submission
        if submission is not None:
            return submission.figures
    if report.is_consolidated:
        return report.consolidated_figures
    return report_live_figures(report)


def _lock(report_id: int) -> Report:
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise NotFoundError()
    return report


@transaction.atomic
def report_update(
    *,
    report_id: int,
    narrative: dict[str, str],
    actor,
    signer_name: str = "",
    signer_title: str = "",
    now: datetime | None = None,
) -> Report:
    report = _lock(report_id)
    _require(actor, Perm.REPORT_SUBMIT, report.unit)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise TransitionNotAllowed(_("Báo cáo đã gửi không sửa được nữa."))
    keys = [key for key, _title in report.template.sections]
    report.narrative = {key: normalize(narrative.get(key, "")) for key in keys}
    report.signer_name = normalize(signer_name)
    report.signer_title = normalize(signer_title)
    report.save(update_fields=["narrative", "signer_name", "signer_title", "updated_at"])
    audit_record(
        action="reporting.report_edited",
        actor=actor,
        target=report,
        unit_path=report.unit_path,
        now=now_or_current(now),
    )
    return report


@transaction.atomic
def report_consolidate(*, report_id: int, actor, now: datetime | None = None) -> Report:
    """Sum the accepted child reports' frozen figures (numerators and denominators, never percentages) and
    compile their narratives under the unit names. Returns the report; raises if no child was accepted."""
    report = _lock(report_id)
    _require(actor, Perm.REPORT_SUBMIT, report.unit)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise TransitionNotAllowed(_("Báo cáo đã gửi không tổng hợp lại được."))
    children = [child for child in child_reports(report) if child.status == ReportStatus.ACCEPTED]
    if not children:
        raise ValidationFailed(_("Chưa có báo cáo cấp dưới nào được tiếp nhận để tổng hợp."))
    totals: dict[str, Value] = {}
    meta: dict[str, dict] = {}
    compiled: dict[str, list[str]] = {key: [] for key, _title in report.template.sections}
    submission_ids = []
    for child in sorted(children, key=lambda c: c.unit.name_sort):
        submission = child.latest_submission
        submission_ids.append(submission.pk)
        for code, figure in submission.figures.items():
            value = Value(figure["numerator"], figure["denominator"])
            totals[code] = totals[code] + value if code in totals else value
            meta[code] = figure
        for key in compiled:
            text = (submission.narrative.get(key) or "").strip()
            if text:
                compiled[key].append(f"{child.unit.name}: {text}")
    targets = _targets(report)
    figures = {}
    for code, value in totals.items():
        item = registered(code)
        if item is not None:
            figures[code] = _value_dict(item, value, targets.get(code))
        else:  # an app switched off since: keep the child's labels
            result = value.result(meta[code]["aggregation"])
            figures[code] = {
                **meta[code],
                "numerator": value.numerator,
                "denominator": value.denominator,
                "value": result,
                "display": format_value(result, meta[code]["aggregation"]),
                "target": str(targets[code]) if code in targets else None,
            }
    report.consolidated_figures = figures
    report.consolidated_from = submission_ids
    report.is_consolidated = True
    report.narrative = {
        key: "\n".join(lines) if lines else report.narrative.get(key, "") for key, lines in compiled.items()
    }
    report.save(
        update_fields=["consolidated_figures", "consolidated_from", "is_consolidated", "narrative", "updated_at"]
    )
    audit_record(
        action="reporting.report_consolidated",
        actor=actor,
        target=report,
        unit_path=report.unit_path,
        now=now_or_current(now),
        data={"children": submission_ids},
    )
    return report


def checksum_of(figures: dict, narrative: dict) -> str:
    canonical = json.dumps({"figures": figures, "narrative": narrative}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _deadline(report: Report) -> date:
    if report.unit is not None and report.unit.level == Level.COMMUNE:
        return report.period.commune_deadline
    return report.period.province_deadline


def report_content(report: Report, *, figures: dict, narrative: dict, number: str, issued_on: date):
    """The ReportContent of a snapshot (used for every file format)."""
    template = report.template
    family = template.family
    unit = report.unit
    organization = report.organization
    if unit is None:
        issuer_parent, issuer = "", "Ban Tuyên giáo và Dân vận Trung ương"
        place = "Hà Nội"
    else:
        place = name_without_kind(unit.name)
        parent = unit.parent
        issuer = organization.name if organization else f"Ủy ban nhân dân {unit.name}"
        issuer_parent = f"Ủy ban nhân dân {parent.name}" if parent is not None and family == STATE else ""
        if family == PARTY and parent is not None:
            issuer_parent = f"Đảng bộ {parent.name}"
    if family == PARTY:
        body_symbol = template.party_symbol or (organization.document_symbol if organization else "") or "BTGDV"
    else:
        body_symbol = (organization.document_symbol if organization else "") or "UBND"
    sections = [(title, narrative.get(key, "")) for key, title in template.sections]
    rows = []
    for number_in_table, (_code, figure) in enumerate(figures.items(), start=1):
        target = figure.get("target")
        rows.append(
            [
                str(number_in_table),
                figure["name"],
                figure["unit"],
                figure["display"],
                format_value(float(target), figure["aggregation"]) if target is not None else "—",
            ]
        )
    return exports.ReportContent(
        family=family,
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=number,
        symbol=f"BC-{body_symbol}" if family == STATE else f"BC/{body_symbol}",
        place=place,
        issued_on=issued_on,
        summary=template.summary.format(period=report.period.label.lower()),
        sections=sections,
        rows=rows,
        signer_authority=("T/M BAN THƯỜNG VỤ" if family == PARTY else "TM. Ủy ban nhân dân"),
        signer_title=report.signer_title or ("Chủ tịch" if family == STATE else "Trưởng ban"),
        signer_name=report.signer_name,
        recipients=["Cấp trên trực tiếp", "Lãnh đạo đơn vị"],
    )


@transaction.atomic
def report_submit(*, report_id: int, actor, now: datetime | None = None) -> ReportSubmission:
    """Freeze the report: figures and narrative as JSON, the DOCX/XLSX/PDF files and their SHA-256, a document
    number from the issuer's register, and whether it is late against the period's deadline. Later data
    changes never touch it. The national report has no superior: it is accepted on submission."""
    report = _lock(report_id)
    _require(actor, Perm.REPORT_SUBMIT, report.unit)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise TransitionNotAllowed(_("Báo cáo đã gửi, đang chờ hoặc đã được tiếp nhận."))
    report = Report.objects.select_related("period", "period__definition", "template", "unit", "unit__parent").get(
        pk=report.pk
    )
    if report.is_consolidated and not report.consolidated_from:
        raise ValidationFailed(_("Báo cáo tổng hợp cần tổng hợp số liệu từ báo cáo cấp dưới trước khi gửi."))
    if not any((text or "").strip() for text in report.narrative.values()):
        raise ValidationFailed(_("Vui lòng viết nội dung báo cáo (ít nhất phần kết quả đạt được)."))
    now = now_or_current(now)
    today = local_date(now)
    figures = report_figures(report)
    narrative = dict(report.narrative)
    number = ""
    if report.organization is not None:
        number = document_number_next(organization=report.organization, issued_on=today)
    deadline = _deadline(report)
    sequence = report.submissions.count() + 1
    submission = ReportSubmission.objects.create(
        report=report,
        sequence=sequence,
        submitted_at=now,
        submitted_by=actor,
        is_late=today > deadline,
        deadline=deadline,
        number=number,
        figures=figures,
        narrative=narrative,
        checksum=checksum_of(figures, narrative),
    )
    content = report_content(report, figures=figures, narrative=narrative, number=number, issued_on=today)
    base = f"bao-cao-{report.period.definition.kind}-{report.period.year}-{report.period.index}"
    for fmt, render in (
        ("docx", exports.render_report_docx),
        ("xlsx", exports.render_report_xlsx),
        ("pdf", exports.render_report_pdf),
    ):
        data = render(content)
        ReportFile.objects.create(
            submission=submission,
            format=fmt,
            name=f"{base}.{fmt}",
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    report.status = ReportStatus.ACCEPTED if report.unit is None else ReportStatus.SUBMITTED
    report.return_reason = ""
    report.save(update_fields=["status", "return_reason", "updated_at"])
    audit_record(
        action="reporting.report_submitted",
        actor=actor,
        target=report,
        unit_path=report.unit_path,
        now=now,
        data={"submission": submission.pk, "checksum": submission.checksum, "late": submission.is_late},
    )
    return submission


@transaction.atomic
def report_review(*, report_id: int, actor, accept: bool, reason: str = "", now: datetime | None = None) -> Report:
    """The level above accepts the submitted report, or returns it with a reason (it can then be edited and
    submitted again; the returned submission stays on record)."""
    report = _lock(report_id)
    report = Report.objects.select_related("unit", "unit__parent").get(pk=report.pk)
    if report.unit is None:
        raise TransitionNotAllowed(_("Báo cáo toàn quốc không có cấp trên tiếp nhận."))
    _require(actor, Perm.REPORT_SUBMIT, report.unit.parent)
    if report.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Chỉ tiếp nhận hoặc trả lại báo cáo đang chờ tiếp nhận."))
    reason = normalize(reason)
    if not accept and not reason:
        raise ValidationFailed(_("Vui lòng ghi rõ lý do trả lại báo cáo."))
    now = now_or_current(now)
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.return_reason = "" if accept else reason
    report.reviewed_at, report.reviewed_by = now, actor
    report.save(update_fields=["status", "return_reason", "reviewed_at", "reviewed_by", "updated_at"])
    audit_record(
        action="reporting.report_accepted" if accept else "reporting.report_returned",
        actor=actor,
        target=report,
        unit_path=report.unit_path,
        now=now,
        data={"reason": reason} if reason else {},
    )
    return report


# --- Exports ----------------------------------------------------------------------------------------


def export_request(*, actor, kind: str, unit: AdministrativeUnit | None, period: ReportingPeriod) -> ExportJob:
    """Queue a large export (runs in the background after commit)."""
    if kind not in ExportJob.Kind.values:
        raise ValidationFailed(_("Loại dữ liệu xuất không hợp lệ."))
    _require_view(actor, unit)
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            requested_by=actor,
            unit_path=unit.path if unit is not None else NATIONWIDE,
            period=period,
        )
        audit_record(action="reporting.export_requested", actor=actor, target=job, unit_path=job.unit_path)

        def enqueue():
            from danvan.reporting.tasks import run_export

            run_export.enqueue(job.pk)

        transaction.on_commit(enqueue)
    return job


def _require_view(actor, unit) -> None:
    allowed = (
        has_perm(actor, Perm.REPORT_VIEW, unit)
        if unit is not None
        else NATIONWIDE in jurisdiction_paths(actor, Perm.REPORT_VIEW)
    )
    if not allowed:
        raise PermissionDeniedError(_("Bạn không có quyền xem số liệu của đơn vị này."))
