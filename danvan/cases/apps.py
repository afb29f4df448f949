from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danvan.cases"
    verbose_name = _("Đơn thư, vụ việc")
