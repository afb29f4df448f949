from django.core.management.base import BaseCommand

from danvan.core import crypto
from danvan.core.keys import keyring_init


class Command(BaseCommand):
    help = "Tạo tệp khóa mã hóa trường dữ liệu nếu chưa có (không bao giờ ghi đè khóa đang có)."

    def handle(self, *args, **options):
        created = keyring_init()
        path = crypto.keyring_path()
        self.stdout.write(f"Đã tạo tệp khóa {path}" if created else f"Tệp khóa đã có: {path} (giữ nguyên)")
