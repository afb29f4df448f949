"""Thin task wrappers: ids in, services do the work. Tasks may run twice; the services cope."""

from django_tasks import task

from danvan.notifications.services import message_deliver, messages_pending_retry


@task()
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)


@task()
def retry_pending_messages() -> int:
    pending = messages_pending_retry()
    for message_id in pending:
        message_deliver(message_id=message_id)
    return len(pending)
