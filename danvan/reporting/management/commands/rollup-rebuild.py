from django.core.management.base import BaseCommand

from danvan.reporting.rollups import rollup_rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ bảng tổng hợp đơn thư từ dữ liệu gốc."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã tính lại bảng tổng hợp: {rollup_rebuild()} dòng.")
