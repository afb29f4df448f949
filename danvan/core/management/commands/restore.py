from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu, rồi đối chiếu với bản kê."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do `danvan backup` tạo")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup_restore(Path(archive))
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        total = sum(manifest.row_counts.values())
        head = manifest.audit_head.get("seq")
        summary = f"Đã khôi phục {total} bản ghi, {len(manifest.files)} tệp; chuỗi nhật ký đến #{head}."
        self.stdout.write(self.style.SUCCESS(summary))
