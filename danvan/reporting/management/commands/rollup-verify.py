from django.core.management.base import BaseCommand, CommandError

from danvan.reporting.rollups import rollup_verify


class Command(BaseCommand):
    help = "Đếm lại đơn thư từ dữ liệu gốc và so với bảng tổng hợp; liệt kê mọi chênh lệch (mã thoát ≠ 0 nếu có)."

    def handle(self, *args, **options):
        differences = rollup_verify()
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(f"Bảng tổng hợp lệch {len(differences)} dòng so với dữ liệu gốc.")
        self.stdout.write("Bảng tổng hợp khớp với dữ liệu gốc: 0 chênh lệch.")
