"""Optional two-step login for officers: a time-based one-time code (TOTP, RFC 6238) from an authenticator
app, after the password. An officer turns it on from their account page; from then on every login needs a
fresh code. Used codes cannot be replayed; every change and every failed code is audited."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import TwoFactorDevice, User
from danvan.core.audit import audit_record
from danvan.core.clock import now_or_current
from danvan.core.errors import ValidationFailed

ISSUER = "Dân vận số"
SESSION_KEY = "danvan_two_factor_ok"
MAX_ATTEMPTS = 5  # wrong codes per login before the session is ended


def _totp(secret: str):
    import pyotp

    return pyotp.TOTP(secret)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The 30-second step the code belongs to (now, or one step either side for clock drift)."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = _totp(secret)
    step = int(now.timestamp()) // totp.interval
    for candidate in (step, step - 1, step + 1):
        if totp.at(candidate * totp.interval) == code:
            return candidate
    return None


def enabled_for(user) -> bool:
    return TwoFactorDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists()


@transaction.atomic
def two_factor_begin(*, user: User, now: datetime | None = None) -> TwoFactorDevice:
    """A new, unconfirmed secret (replacing an unconfirmed one; a confirmed device must be turned off first)."""
    import pyotp

    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at:
        raise ValidationFailed(_("Xác thực hai bước đang bật; hãy tắt trước khi đăng ký thiết bị mới."))
    if device is None:
        device = TwoFactorDevice(user=user)
    device.secret, device.last_step = pyotp.random_base32(), 0
    device.save()
    return device


def provisioning_uri(device: TwoFactorDevice) -> str:
    return _totp(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


@transaction.atomic
def two_factor_confirm(*, user: User, code: str, now: datetime | None = None) -> TwoFactorDevice:
    now = now_or_current(now)
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        raise ValidationFailed(_("Chưa có thiết bị chờ kích hoạt; hãy bắt đầu lại."))
    step = _matching_step(device.secret, code, now)
    if step is None:
        raise ValidationFailed(_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."))
    device.confirmed_at, device.last_step = now, step
    device.save(update_fields=["confirmed_at", "last_step", "updated_at"])
    audit_record(action="accounts.two_factor_enabled", actor=user, target=user, now=now)
    return device


@transaction.atomic
def two_factor_verify(*, user: User, code: str, now: datetime | None = None) -> bool:
    """True for a valid code not used before; a wrong or replayed code is audited and returns False."""
    now = now_or_current(now)
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return True
    step = _matching_step(device.secret, code, now)
    if step is None or step <= device.last_step:
        audit_record(action="accounts.two_factor_failed", actor=user, target=user, now=now)
        return False
    device.last_step = step
    device.save(update_fields=["last_step", "updated_at"])
    return True


@transaction.atomic
def two_factor_disable(*, user: User, code: str, now: datetime | None = None) -> None:
    """Turning it off needs a valid code too, so a stolen session alone cannot remove the protection."""
    now = now_or_current(now)
    if not two_factor_verify(user=user, code=code, now=now):
        raise ValidationFailed(_("Mã không đúng; xác thực hai bước vẫn đang bật."))
    TwoFactorDevice.objects.filter(user=user).delete()
    audit_record(action="accounts.two_factor_disabled", actor=user, target=user, now=now)
