from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from danvan.analytics import evaluation


class Command(BaseCommand):
    help = (
        "Đánh giá độ chính xác (precision), độ phủ (recall), F1 của gợi ý lĩnh vực, phát hiện đơn trùng và "
        "phát hiện điểm nóng; ghi kết quả vào docs/analytics.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--small", action="store_true", help="Bộ nhỏ, chạy nhanh (kiểm thử).")
        parser.add_argument("--docs", default=str(Path(settings.BASE_DIR) / "docs" / "analytics.md"))
        parser.add_argument("--no-docs", action="store_true", help="Chỉ in kết quả, không ghi tài liệu.")

    def handle(self, *args, small=False, docs="", no_docs=False, **options):
        report = evaluation.run(small=small)
        block = evaluation.as_markdown(report, small=small)
        self.stdout.write(block)
        macro = report.classifier_macro
        self.stdout.write(
            f"macro-F1 phân loại: {macro.f1:.3f}; F1 đơn trùng: {report.duplicates.f1:.3f}; "
            f"F1 điểm nóng: {report.hotspots.f1:.3f}"
        )
        if not no_docs:
            evaluation.write_docs(Path(docs), block)
            self.stdout.write(f"Đã ghi {docs}")
