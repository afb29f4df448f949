import pytest
from django.core import mail

from danvan.notifications.models import DeliveryAttempt, Message
from danvan.notifications.services import inbox_for, inbox_mark_read, message_deliver, message_enqueue


@pytest.mark.django_db(transaction=True)  # delivery runs on commit, so commit for real
def test_email_is_sent_once_whatever_the_retries():
    first = message_enqueue(
        key="case:1:received",
        channel=Message.Channel.EMAIL,
        subject="Đã nhận đơn",
        body="Mã tra cứu: ABCD2345",
        address="dan@example.vn",
    )
    again = message_enqueue(
        key="case:1:received",
        channel=Message.Channel.EMAIL,
        subject="Đã nhận đơn",
        body="Mã tra cứu: ABCD2345",
        address="dan@example.vn",
    )
    message_deliver(message_id=first.pk)  # a second worker picking the same task
    assert again.pk == first.pk
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đã nhận đơn"
    first.refresh_from_db()
    assert (first.status, first.attempts) == (Message.Status.SENT, 1)
    assert DeliveryAttempt.objects.filter(message=first, succeeded=True).count() == 1


@pytest.mark.django_db
def test_failed_transport_is_logged_and_left_for_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    message = message_enqueue(key="k", channel=Message.Channel.EMAIL, subject="s", body="b", address="a@b.vn")
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    attempt = DeliveryAttempt.objects.get(message=message)
    assert attempt.succeeded is False and attempt.detail


@pytest.mark.django_db
def test_inbox_messages_are_delivered_by_storing_and_can_be_read(make_officer, commune_a):
    from danvan.accounts.roles import Role

    officer = make_officer(Role.LEADER, commune_a)
    message = message_enqueue(
        key="k2", channel=Message.Channel.INBOX, subject="Có đơn quá hạn", body="…", recipient=officer
    )
    assert list(inbox_for(officer, unread_only=True)) == [message]
    inbox_mark_read(user=officer, message_id=message.pk)
    assert list(inbox_for(officer, unread_only=True)) == []
