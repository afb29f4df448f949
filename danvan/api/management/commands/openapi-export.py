import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from ninja.responses import NinjaJSONEncoder

from danvan.api.v1 import api

SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "openapi.json"
PATH_PREFIX = "/api/v1/"


def schema_text() -> str:
    # A JSON round trip first: the schema mixes int and str keys (status codes), which cannot be sorted.
    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PATH_PREFIX), cls=NinjaJSONEncoder))
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = (
        "Ghi lược đồ OpenAPI của /api/v1 vào docs/openapi.json; với --check, báo lỗi nếu tệp đã commit khác "
        "với mã nguồn (thay đổi API phải được xem xét như thay đổi API)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")
        parser.add_argument("--path", type=Path, default=SCHEMA_PATH, help="tệp đích (mặc định docs/openapi.json)")

    def handle(self, *args, check: bool, path: Path, **options):
        text = schema_text()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} chưa khớp với API hiện tại: chạy `danvan openapi-export` rồi commit.")
            self.stdout.write(f"{path}: khớp.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Đã ghi {path}.")
