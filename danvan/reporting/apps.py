from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    verbose_name = _("Kế hoạch, báo cáo, số liệu")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = []

    def ready(self) -> None:
        from danvan.cases.signals import case_event_recorded
        from danvan.reporting import rollups

        # Same transaction as the case change: the rollup commits or rolls back with it.
        case_event_recorded.connect(rollups.on_case_event, dispatch_uid="reporting.rollups")
        rollups.install_sources()
