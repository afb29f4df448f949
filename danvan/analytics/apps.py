from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "danvan.analytics"
    verbose_name = _("Cảnh báo sớm")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = [("danvan.analytics.tasks.sweep", 6 * 3600)]

    def ready(self) -> None:
        from danvan.analytics.panels import case_panel_provider, worklist_badge_provider
        from danvan.analytics.receivers import on_case_event
        from danvan.cases.extensions import register_case_panel, register_worklist_badges
        from danvan.cases.signals import case_event_recorded

        register_case_panel(case_panel_provider)
        register_worklist_badges(worklist_badge_provider)
        case_event_recorded.connect(on_case_event, dispatch_uid="analytics.case_event")
