from django.core.management.base import BaseCommand

from danvan.analytics.services import classifier_train


class Command(BaseCommand):
    help = "Huấn luyện lại mô hình gợi ý lĩnh vực từ bộ dữ liệu kèm theo và các lựa chọn của cán bộ."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Số mẫu tối đa mỗi lĩnh vực (chạy thử nhanh).")

    def handle(self, *args, limit=None, **options):
        record = classifier_train(limit=limit)
        self.stdout.write(
            f"Phiên bản {record.version}: {record.sample_count} mẫu "
            f"({record.officer_count} từ lựa chọn của cán bộ), tệp {record.file_name}."
        )
