from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from danvan.core.backup import backup_create


class Command(BaseCommand):
    help = "Sao lưu trực tuyến cơ sở dữ liệu và tệp đính kèm thành một tệp .tar.gz (không kèm khóa mã hóa)."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.VAR_DIR) / "backups"), help="Thư mục lưu bản sao lưu")

    def handle(self, *args, to, **options):
        archive = backup_create(Path(to))
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu: {archive}"))
        self.stdout.write("Nhớ sao lưu riêng tệp khóa mã hóa (DANVAN_FIELD_KEYRING_FILE).")
