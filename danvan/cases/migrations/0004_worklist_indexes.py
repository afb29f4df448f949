"""Indexes for the worklist, the desk and the dashboards at national scale (docs/benchmarks.md):

- open cases with everything "open and overdue now", the desk's counts and the worklist's filters read,
  so those counts never touch the case rows;
- a scope's worklist orders (due date, then newest), so a page's ids are sorted from the index alone
  (danvan.core.paging.IdsFirst).
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_person_fingerprints"),
        ("organizations", "0002_seed_organization_kinds"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["status", "unit_path", "due_date", "overdue_since", "answered_at", "closed_at", "assigned_to"],
                name="case_open_cover_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["unit_path", "due_date", "received_at"], name="case_scope_order_idx"),
        ),
    ]
