from django.core.management.base import BaseCommand, CommandError

from danvan.accounts.models import User
from danvan.api.services import api_token_create
from danvan.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Cấp khóa kết nối API cho một tài khoản (thường là tài khoản dịch vụ có phân quyền theo địa bàn). "
        "Khóa chỉ hiện một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập của tài khoản dùng khóa")
        parser.add_argument("name", help="tên kết nối, ví dụ “Tổng đài 1022 Cần Thơ”")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username.strip().lower()).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        try:
            token, plaintext = api_token_create(user=user, name=name)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"Đã cấp khóa “{token.name}” cho {user.username}. Lưu lại ngay: khóa không hiện lại.")
        self.stdout.write(plaintext)
