"""Enqueue and deliver messages. Idempotent at both ends:

* ``message_enqueue`` with a key already used returns the existing message and enqueues nothing;
* ``message_deliver`` locks the row and does nothing for a message already sent, so a task that runs
  twice (workers may) sends once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from danvan.core.clock import now_or_current
from danvan.notifications.models import DeliveryAttempt, Message

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def message_enqueue(
    *,
    key: str,
    channel: Message.Channel,
    subject: str,
    body: str,
    recipient=None,
    address: str = "",
    link: str = "",
) -> Message:
    """Record the message; deliver it after the surrounding transaction commits."""
    if channel == Message.Channel.EMAIL and not (address or getattr(recipient, "email", "")):
        raise ValueError("an email message needs an address")
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = Message.objects.create(
                idempotency_key=key,
                channel=channel,
                recipient=recipient,
                address=address or getattr(recipient, "email", "") or "",
                subject=subject[:255],
                body=body,
                link=link,
                # The inbox needs no transport: it is delivered by being stored.
                status=Message.Status.SENT if channel == Message.Channel.INBOX else Message.Status.PENDING,
            )
    except IntegrityError:
        return Message.objects.get(idempotency_key=key)  # a concurrent caller won the race
    if message.status == Message.Status.PENDING:
        from danvan.notifications.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message


def message_deliver(*, message_id: int, now: datetime | None = None) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status == Message.Status.SENT or message.attempts >= MAX_ATTEMPTS:
            return message
        moment = now_or_current(now)
        try:
            _transport(message)
        except Exception as exc:
            message.attempts += 1
            message.status = Message.Status.FAILED if message.attempts >= MAX_ATTEMPTS else Message.Status.PENDING
            message.save(update_fields=["attempts", "status", "updated_at"])
            DeliveryAttempt.objects.create(
                message=message, attempted_at=moment, succeeded=False, detail=f"{type(exc).__name__}: {exc}"[:500]
            )
            logger.warning("message_delivery_failed id=%s attempts=%s", message.pk, message.attempts)
            return message
        message.attempts += 1
        message.status, message.sent_at = Message.Status.SENT, moment
        message.save(update_fields=["attempts", "status", "sent_at", "updated_at"])
        DeliveryAttempt.objects.create(message=message, attempted_at=moment, succeeded=True)
        return message


def _transport(message: Message) -> None:
    if message.channel == Message.Channel.EMAIL:
        send_mail(message.subject, message.body, None, [message.address], fail_silently=False)
    elif message.channel == Message.Channel.SMS:
        raise NotImplementedError("Chưa cấu hình cổng SMS")


def messages_pending_retry() -> list[int]:
    return list(Message.objects.filter(status=Message.Status.PENDING).values_list("pk", flat=True)[:1000])


def inbox_for(user, *, unread_only: bool = False):
    messages = Message.objects.filter(recipient=user, channel=Message.Channel.INBOX)
    return messages.filter(read_at__isnull=True) if unread_only else messages


def inbox_mark_read(*, user, message_id: int, now: datetime | None = None) -> None:
    Message.objects.filter(pk=message_id, recipient=user, channel=Message.Channel.INBOX, read_at__isnull=True).update(
        read_at=now_or_current(now)
    )
