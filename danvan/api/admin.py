from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from danvan.api.models import ApiToken
from danvan.api.services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: a token is issued with `danvan api-token-create` (the plaintext is shown once there) and
    only ever revoked here. The stored hash is useless without the secret, but is still not editable."""

    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["name", "user", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, actor=request.user)
        self.message_user(request, _("Đã thu hồi %(n)d khóa.") % {"n": queryset.count()}, messages.SUCCESS)
