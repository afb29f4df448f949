from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "danvan.workspace"
    verbose_name = _("Bàn làm việc cán bộ")
