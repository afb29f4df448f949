from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "danvan.fieldwork"
    verbose_name = _("Đi cơ sở, tổ dân vận")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = []

    def ready(self) -> None:
        from danvan.cases.extensions import register_case_panel
        from danvan.fieldwork.panels import case_visit_panel

        register_case_panel(case_visit_panel)
