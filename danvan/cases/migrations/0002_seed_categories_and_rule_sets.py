from django.db import migrations

# Pure data modules (no project imports), safe to import here.
from danvan.cases.categories import CATEGORIES
from danvan.cases.legal_rules import RULE_SETS


def seed(apps, schema_editor):
    """Add missing categories, rule sets and rules; never overwrite what administrators changed."""
    category_model = apps.get_model("cases", "Category")
    rule_set_model = apps.get_model("cases", "RuleSet")
    rule_model = apps.get_model("cases", "DeadlineRule")
    for code, name, order in CATEGORIES:
        category_model.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for data in RULE_SETS:
        rule_set, _created = rule_set_model.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "effective_from": data["effective_from"],
                "legal_basis": data["legal_basis"],
            },
        )
        for row in data["rules"]:
            values = dict(row)
            step = values.pop("step")
            rule_model.objects.get_or_create(rule_set=rule_set, step=step, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
