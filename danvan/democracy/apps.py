from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemocracyConfig(AppConfig):
    name = "danvan.democracy"
    verbose_name = _("Dân chủ ở cơ sở")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = [("danvan.democracy.tasks.notify_overdue_recommendations", 6 * 3600)]
