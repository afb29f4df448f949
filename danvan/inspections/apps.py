from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "danvan.inspections"
    verbose_name = _("Kiểm tra, giám sát")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = [("danvan.inspections.tasks.sweep_overdue_recommendations", 3600)]
