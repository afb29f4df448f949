from django.core.management.base import BaseCommand

from danvan.cases.services import cases_sweep_overdue


class Command(BaseCommand):
    help = "Đánh dấu đơn quá hạn và báo lãnh đạo phụ trách (chạy lại không báo trùng). Dùng cho cron."

    def handle(self, *args, **options):
        self.stdout.write(f"Đơn mới quá hạn: {cases_sweep_overdue()}")
