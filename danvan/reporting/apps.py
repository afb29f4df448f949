from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    verbose_name = _("Kế hoạch, báo cáo, số liệu")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = []
