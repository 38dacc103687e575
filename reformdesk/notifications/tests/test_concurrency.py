"""Two workers never send one message: a claimed row is skipped (PostgreSQL's SKIP LOCKED)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from reformdesk.notifications import services
from reformdesk.notifications.choices import MessageStatus
from reformdesk.notifications.models import Message
from reformdesk.notifications.tests.test_services import T0, make_message

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not connection.features.has_select_for_update_skip_locked,
        reason="needs SELECT … FOR UPDATE SKIP LOCKED",
    ),
]


def test_a_message_locked_by_another_worker_is_skipped_not_waited_for(sms_file):
    message = make_message()
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(pk=message.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        assert services.message_deliver(message_id=message.pk, now=T0) is None
        message.refresh_from_db()
        assert (message.status, message.attempts) == (MessageStatus.QUEUED, 0)
    finally:
        release.set()
        thread.join(timeout=10)
    delivered = services.message_deliver(message_id=message.pk, now=T0)
    assert (delivered.status, delivered.attempts) == (MessageStatus.SENT, 1)
