from django.core.management.base import BaseCommand

from danvan.analytics.services import analytics_sweep


class Command(BaseCommand):
    help = "Quét toàn bộ: nhóm đơn trùng, điểm nguy cơ, điểm nóng, cảnh báo và thư tổng hợp (chạy lại an toàn)."

    def handle(self, *args, **options):
        result = analytics_sweep()
        self.stdout.write(
            f"Nhóm đơn cùng vụ việc: {result['groups']}; điểm nóng: {result['hotspots']}; "
            f"thư tổng hợp: {result['digests']}."
        )
