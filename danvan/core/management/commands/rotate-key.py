from django.core.management.base import BaseCommand

from danvan.core.keys import keyring_rotate


class Command(BaseCommand):
    help = "Thêm khóa mã hóa mới, dùng nó làm khóa chính và mã hóa lại mọi dữ liệu được bảo vệ."

    def handle(self, *args, **options):
        active, rewritten = keyring_rotate()
        self.stdout.write(self.style.SUCCESS(f"Khóa đang dùng: {active}; đã mã hóa lại {rewritten} bản ghi."))
