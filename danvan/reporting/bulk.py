"""Large exports, run as background tasks: streamed to a file so memory stays flat whatever the size
(cases read with ``iterator``; CSV written row by row; XLSX with openpyxl's write-only mode)."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import F

from danvan.cases.models import Case
from danvan.core.clock import day_start, local_date
from danvan.core.indicators import Scope
from danvan.reporting.models import ExportJob
from danvan.reporting.selectors import dashboard_indicators, figure, predecessor_paths
from danvan.territory.models import AdministrativeUnit

CHUNK = 1000
CSV_HEAD = ["Mã tra cứu", "Ngày nhận", "Loại đơn", "Lĩnh vực", "Trạng thái", "Đơn vị xử lý", "Hạn xử lý", "Số người"]


def export_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _progress(job: ExportJob, done: int) -> None:
    ExportJob.objects.filter(pk=job.pk).update(done=done)


def export_run(job_id: int) -> ExportJob:
    """Write the job's file; safe to run twice (the file is rewritten)."""
    job = ExportJob.objects.select_related("period").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, done=0)
    try:
        name = _cases_csv(job) if job.kind == ExportJob.Kind.CASES_CSV else _indicators_xlsx(job)
    except Exception as error:  # recorded for the user; the worker logs the traceback
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=str(error)[:500])
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file_name=name,
        file_path=str(export_dir() / f"{job.public_id}-{name}"),
        done=F("total"),
    )
    job.refresh_from_db()
    return job


def _job_paths(job: ExportJob) -> tuple[str, ...]:
    unit = AdministrativeUnit.objects.filter(path=job.unit_path).first()
    if unit is None:
        return (job.unit_path,)
    return (unit.path, *predecessor_paths([unit])[unit.pk])


def _cases_csv(job: ExportJob) -> str:
    """Cases received in the period: no personal data, never a denouncer's identity. Rows are read as tuples
    (no model instances) and the labels looked up once, so a million rows cost seconds, not minutes."""
    scope = Scope(unit_paths=_job_paths(job), start=job.period.start, end=job.period.end)
    cases = (
        Case.objects.filter(scope.q("unit_path"))
        .filter(received_at__gte=day_start(scope.start), received_at__lt=day_start(scope.end + timedelta(days=1)))
        .order_by("pk")
    )
    total = cases.count()
    ExportJob.objects.filter(pk=job.pk).update(total=total)
    kinds, statuses = dict(Case._meta.get_field("kind").flatchoices), dict(Case._meta.get_field("status").flatchoices)
    rows = cases.values_list(
        "tracking_code",
        "received_at",
        "kind",
        "category__name",
        "status",
        "handling_unit__name",
        "due_date",
        "group_size",
    )
    name = f"don-thu-{job.period.year}-{job.period.definition.kind}-{job.period.index}.csv"
    with open(export_dir() / f"{job.public_id}-{name}", "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEAD)
        for done, (code, received_at, kind, category, status, unit, due_date, group_size) in enumerate(
            rows.iterator(chunk_size=CHUNK), start=1
        ):
            writer.writerow(
                [
                    code,
                    local_date(received_at).strftime("%d/%m/%Y"),
                    kinds.get(kind, kind),
                    category,
                    statuses.get(status, status),
                    unit,
                    due_date.strftime("%d/%m/%Y") if due_date else "",
                    group_size,
                ]
            )
            if done % CHUNK == 0:
                _progress(job, done)
    return name


def _indicators_xlsx(job: ExportJob) -> str:
    """One row per unit below the job's unit (communes of a province, provinces of the nation)."""
    from openpyxl import Workbook

    if job.unit_path == "/":
        units = AdministrativeUnit.objects.current().filter(level=AdministrativeUnit.Level.PROVINCE)
    else:
        units = AdministrativeUnit.objects.current().filter(parent__path=job.unit_path)
    units = list(units.order_by("name_sort"))
    ExportJob.objects.filter(pk=job.pk).update(total=len(units))
    indicators = dashboard_indicators()
    predecessors = predecessor_paths(units)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chỉ tiêu theo đơn vị")
    sheet.append([f"{job.period.label} ({job.period.start:%d/%m/%Y} – {job.period.end:%d/%m/%Y})"])
    sheet.append(["Mã đơn vị", "Đơn vị"] + [f"{item.name} ({item.unit_of_measure})" for item in indicators])
    for done, unit in enumerate(units, start=1):
        scope = Scope(unit_paths=(unit.path, *predecessors[unit.pk]), start=job.period.start, end=job.period.end)
        sheet.append([unit.code, unit.name] + [figure(item, scope).result for item in indicators])
        if done % 10 == 0:
            _progress(job, done)
    name = f"chi-tieu-{job.period.year}-{job.period.definition.kind}-{job.period.index}.xlsx"
    workbook.save(export_dir() / f"{job.public_id}-{name}")
    return name
