from django.core.management.base import BaseCommand

from danvan.territory.loader import load_units, successor_summary


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính hiện hành (từ 01/07/2025) và trước 2025 (kèm đơn vị kế thừa). Chạy lại không đổi gì."

    def handle(self, *args, **options):
        report = load_units()
        self.stdout.write(
            f"Tạo mới {report.created}, cập nhật {report.updated}, liên kết kế thừa mới {report.links_added}."
        )
        for key, count in sorted(successor_summary().items()):
            self.stdout.write(f"  {key}: {count}")
