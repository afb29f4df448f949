"""The preset quota policy (data; administrators change it). Same values as services.quota_policy_seed."""

from datetime import date

from django.db import migrations

NAME = "Mặc định: 3 chuyến đi cơ sở và 1 buổi dự sinh hoạt chi hội, khu dân cư mỗi tháng"


def seed(apps, schema_editor):
    QuotaPolicy = apps.get_model("fieldwork", "QuotaPolicy")
    QuotaPolicy.objects.get_or_create(
        name=NAME,
        defaults={
            "legal_basis": "Quy định của một tỉnh về cán bộ đi cơ sở (chưa đối chiếu văn bản gốc — cần kiểm tra)",
            "min_field_trips": 3,
            "min_block_meetings": 1,
            "count_team_visits": True,
            "valid_from": date(2025, 7, 1),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
