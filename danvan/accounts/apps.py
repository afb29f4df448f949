from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danvan.accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from danvan.accounts.scoping import jurisdiction_paths
        from danvan.core.scoping import register_jurisdiction_resolver

        register_jurisdiction_resolver(jurisdiction_paths)
