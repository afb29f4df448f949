from django.core.management.base import BaseCommand, CommandError

from danvan.core.audit import audit_verify


class Command(BaseCommand):
    help = "Kiểm tra toàn bộ chuỗi nhật ký kiểm toán; báo mắt xích hỏng đầu tiên."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại sự kiện #{report.broken_seq}: {report.reason} "
                f"({report.checked} sự kiện trước đó hợp lệ)."
            )
        self.stdout.write(self.style.SUCCESS(f"Chuỗi nhật ký toàn vẹn: {report.checked} sự kiện."))
