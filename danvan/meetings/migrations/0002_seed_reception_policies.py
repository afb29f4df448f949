"""Seed the legal minimum reception frequencies (DOMAIN.md §1.3). Data, not code: administrators may change
them (Law 136/2025 may have changed the frequencies [U]). The rows are copied here on purpose: migrations
never import app code; ``services.reception_policies_seed`` holds the same list for flushed test databases."""

from django.db import migrations

POLICIES = [
    ("chu-tich-xa", "Chủ tịch UBND cấp xã", "week", 1, False, "Luật Tiếp công dân 2013, Điều 15.2.d"),
    ("chu-tich-tinh", "Chủ tịch UBND cấp tỉnh", "month", 1, False, "Luật Tiếp công dân 2013, Điều 12.5"),
    (
        "thu-truong-co-quan",
        "Thủ trưởng cơ quan hành chính nhà nước",
        "month",
        1,
        False,
        "Luật Tiếp công dân 2013, Điều 18.2",
    ),
]


def seed(apps, schema_editor):
    ReceptionPolicy = apps.get_model("meetings", "ReceptionPolicy")
    for code, name, period, sessions, delegation, basis in POLICIES:
        ReceptionPolicy.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "period": period,
                "sessions_required": sessions,
                "delegation_allowed": delegation,
                "legal_basis": basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
