from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    verbose_name = _("Lõi hệ thống")

    def ready(self):
        from danvan.core import indicators, lookups  # noqa: F401 (registers the ``under`` lookup)

        indicators.autodiscover()
