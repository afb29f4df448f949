from django.db import migrations

from danvan.organizations.kinds import KINDS  # pure data module, safe to import here


def seed(apps, schema_editor):
    kind_model = apps.get_model("organizations", "OrganizationKind")
    for code, name, family, symbol, order in KINDS:
        kind_model.objects.get_or_create(
            code=code, defaults={"name": name, "family": family, "default_symbol": symbol, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
