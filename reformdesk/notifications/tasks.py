"""Background jobs of the notifications app (django-tasks), enqueued after the transaction commits."""

from __future__ import annotations

from django_tasks import task

from reformdesk.notifications import services


@task()
def deliver_message(message_id: int) -> str:
    """Deliver one message of the outbox; safe to run twice (a sent message is not sent again)."""
    message = services.message_deliver(message_id=message_id)
    return message.status if message is not None else "skipped"
