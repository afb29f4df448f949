from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "danvan.meetings"
    verbose_name = _("Tiếp công dân, đối thoại, cam kết")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = [
        ("danvan.meetings.tasks.escalate_overdue_commitments", 6 * 3600),
    ]

    def ready(self) -> None:
        from danvan.cases.extensions import register_case_panel
        from danvan.meetings.panels import case_origin_panel

        register_case_panel(case_origin_panel)
