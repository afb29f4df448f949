"""Batch work at scale, each beside a raw-SQL baseline where one exists, on the benchmark dataset:

- export: the national cases CSV of the current annual period (what an officer downloads), in a child process
  so its peak memory is measured alone; baseline: the same rows written with a raw cursor and the csv module;
- report: a national six-month report started and submitted (figures, DOCX, XLSX, PDF, checksums);
- early warning: the incremental update for one new case (median of 10) and the full sweep (second run, the
  steady state; the first run back-fills insights for bulk-generated cases and is reported separately).

    make bench-batch SIZE=100k

Writes bench/results/batch-<database>-<dataset size>.json.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
django.setup()

from django.db import connection  # noqa: E402

from bench.world import dataset_size, national_coordinator, officer, prepare_database, results_dir  # noqa: E402


class Results(dict):
    """Written to disk after every scenario, so a long run that is stopped keeps what it measured. Named by
    the dataset as it was at the start (the run itself adds a few cases), so a re-run replaces the file."""

    def __init__(self):
        super().__init__()
        from danvan.cases.models import Case

        self.cases = Case.objects.count()
        self.path = results_dir() / f"batch-{connection.vendor}-{dataset_size(self.cases)}.json"

    def __setitem__(self, name, figures):
        super().__setitem__(name, figures)
        print(f"- {name}: {figures}", flush=True)
        self.path.write_text(
            json.dumps(
                {"database": connection.vendor, "cases": self.cases, "results": self}, ensure_ascii=False, indent=2
            )
        )


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def export_in_child(job_id: int) -> dict:
    """Run the export in a fresh process: its peak RSS is the export's, not this benchmark's."""
    code = (
        "import os, resource, sys, time, django; sys.path.insert(0, os.getcwd()); django.setup();"
        f"from danvan.reporting.bulk import export_run; t = time.perf_counter(); job = export_run({job_id});"
        "print(job.total, (time.perf_counter() - t) * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ)
    rows, ms, rss_kb = out.stdout.split()[-3:]
    return {"rows": int(rows), "ms": round(float(ms)), "peak_rss_mb": round(int(rss_kb) / 1024)}


def export_raw(start, end) -> float:
    sql = (
        "SELECT c.tracking_code, c.received_at, c.kind, g.name, c.status, u.name, c.due_date, c.group_size "
        "FROM cases_case c JOIN cases_category g ON g.id = c.category_id "
        "JOIN territory_administrativeunit u ON u.id = c.handling_unit_id "
        "WHERE c.received_at >= %s AND c.received_at < %s ORDER BY c.id"
    )
    with tempfile.TemporaryFile("w+", newline="") as handle, connection.cursor() as cursor:
        writer = csv.writer(handle)
        started = time.perf_counter()
        cursor.execute(sql, [start, end])
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)
        return (time.perf_counter() - started) * 1000


def main() -> int:
    prepare_database()
    from danvan.analytics.services import analytics_sweep, case_submitted_process
    from danvan.cases.models import Category
    from danvan.cases.services import PersonInput, Submission, case_submit
    from danvan.core.clock import local_date
    from danvan.reporting.exports import render_report_docx
    from danvan.reporting.models import PeriodKind
    from danvan.reporting.services import (
        export_request,
        period_containing,
        report_content,
        report_live_figures,
        report_start,
        report_submit,
        report_update,
    )
    from danvan.territory.models import AdministrativeUnit

    results = Results()
    national = national_coordinator()
    today = local_date()

    annual = period_containing(kind=PeriodKind.ANNUAL, day=today)
    job = export_request(actor=national, kind="cases_csv", unit=None, period=annual)
    results["export: national cases CSV, current annual period"] = export_in_child(job.pk)
    results["export: national cases CSV, current annual period"]["raw_ms"] = round(export_raw(annual.start, annual.end))

    six_month = period_containing(kind=PeriodKind.SIX_MONTH, day=today)
    # The national report is consolidated from provinces' accepted reports; what grows with the data is
    # computing its figures live over the whole country. A commune's report is then frozen end to end.
    national_report = report_start(period=six_month, unit=None, actor=national)
    live_ms, figures = timed(lambda: report_live_figures(national_report))
    docx_ms, docx = timed(
        lambda: render_report_docx(
            report_content(national_report, figures=figures, narrative={}, number="01/BC-BENCH", issued_on=today)
        )
    )
    from danvan.reporting.models import Report

    # A ward that has no report for the period yet (each run freezes one).
    taken = Report.objects.filter(period=six_month, unit__isnull=False).values_list("unit_id", flat=True)
    ward = AdministrativeUnit.objects.current().filter(level=3, parent__code="79").exclude(pk__in=taken).first()
    leader = officer(f"bench.lanhdao.{ward.code}", "leader", ward.code, 3)
    ward_report = report_start(period=six_month, unit=ward, actor=leader)
    report_update(report_id=ward_report.pk, narrative={"results": "Kết quả đạt được trong kỳ."}, actor=leader)
    submit_ms, _snapshot = timed(lambda: report_submit(report_id=ward_report.pk, actor=leader))
    results["report: six-month figures for the whole country, computed live"] = {"ms": round(live_ms)}
    results["report: the national six-month report as DOCX from those figures"] = {
        "ms": round(docx_ms),
        "bytes": len(docx),
    }
    results["report: a ward's six-month report frozen (figures, DOCX, XLSX, PDF, checksums)"] = {"ms": round(submit_ms)}

    commune = AdministrativeUnit.objects.current().get(code="31135", level=3)
    receiver = officer("bench.tiepnhan", "reception_officer", "31135", 3)
    category = Category.objects.get(code="dat_dai")
    samples = []
    for number in range(10):
        data = Submission(
            kind="khieu_nai",
            channel="api",
            category=category,
            submitted_unit=commune,
            subject=f"Khiếu nại bồi thường thu hồi đất dự án bờ kè {number}",
            body="Gia đình tôi không đồng ý mức bồi thường khi thu hồi đất làm bờ kè.",
            persons=[PersonInput(full_name="Người Khiếu Nại", phone="0987654321")],
        )
        case = case_submit(data=data, actor=receiver).case
        samples.append(timed(lambda case=case: case_submitted_process(case_id=case.pk))[0])
    results["early warning: incremental update for one new case"] = {"median_ms": round(statistics.median(samples))}
    first_ms, _ = timed(analytics_sweep)
    second_ms, _counts = timed(analytics_sweep)
    results["early warning: full sweep"] = {"first_run_ms": round(first_ms), "steady_state_ms": round(second_ms)}

    return 0


if __name__ == "__main__":
    sys.exit(main())
