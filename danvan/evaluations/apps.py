from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "danvan.evaluations"
    verbose_name = _("Đánh giá, chấm điểm đơn vị")
    # (dotted task path, interval in seconds), run by `danvan scheduler` (danvan.core.periodic).
    periodic_tasks: list[tuple[str, int]] = []
