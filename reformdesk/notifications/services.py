"""Writes on the outbox: enqueue a rendered message, deliver it with retries, retry by hand.

A message is rendered and stored in the caller's transaction; its delivery task is enqueued only
after that transaction commits. Delivery claims the message (``sending``), sends it outside any
transaction, then records the provider's id or the error. A retryable error schedules the next
attempt after 1, 5, 30 and then 120 minutes, until ``settings.NOTIFICATIONS_MAX_ATTEMPTS``; the
``send_queued_messages`` command runs the due attempts.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reformdesk.core.models import AuditEvent
from reformdesk.core.services.audit import Actor, access_records, audit_record, subject_of
from reformdesk.notifications.backends import DeliveryError, Outgoing, send_email, sms_backend
from reformdesk.notifications.choices import CLAIMABLE, Language, MessageChannel, MessageStatus
from reformdesk.notifications.models import Message, MessageTemplate

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, 3rd and later failed attempts.
RETRY_DELAYS_MINUTES = (1, 5, 30, 120)
# A message claimed this long ago and never finished: its worker died; it is tried again.
STUCK_AFTER = dt.timedelta(minutes=10)
# A queued message whose task has not run this long after it was due is sent by the command.
QUEUED_GRACE = dt.timedelta(minutes=2)


class TemplateMissing(Exception):
    """No template for this key and channel in any language."""


# The audit action that tells administrators a template was missing (shown on the outbox page).
TEMPLATE_GAP_ACTION = "message_template.missing"


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` attempts have failed (1 → 1 minute, 4 and more → 2 hours)."""
    index = min(max(attempts, 1), len(RETRY_DELAYS_MINUTES)) - 1
    return dt.timedelta(minutes=RETRY_DELAYS_MINUTES[index])


def _template_gap_record(*, key: str, channel: str, language: str, used: str) -> None:
    """Tell administrators that ``key`` has no ``channel`` template in ``language``: one audit row a
    day for each such gap (a notice sent to many people would otherwise write one per message).
    ``used`` is the language sent instead, or empty when nothing could be sent."""
    gap = f"{key}:{channel}:{language}"
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    if AuditEvent.objects.filter(action=TEMPLATE_GAP_ACTION, object_id=gap, at__gte=start).exists():
        return
    logger.warning("message template %s missing; sent in %r instead", gap, used or None)
    audit_record(
        actor=None,
        action=TEMPLATE_GAP_ACTION,
        object_type=MessageTemplate._meta.label_lower,
        object_id=gap,
        object_repr=gap,
        changes={"key": key, "channel": channel, "language": language, "sent_in": used},
    )


def message_template_pick(*, key: str, channel: str, language: str) -> MessageTemplate:
    """The template of ``key`` for ``channel`` in ``language``; when that one is missing, the
    Vietnamese one, then any other language, so that the citizen still gets the notice. Each gap is
    recorded for administrators; with no template at all, :class:`TemplateMissing` is raised."""
    templates = {t.language: t for t in MessageTemplate.objects.filter(key=key, channel=channel)}
    for candidate in (language, Language.VI, *sorted(templates)):
        if candidate in templates:
            if candidate != language:
                _template_gap_record(key=key, channel=channel, language=language, used=candidate)
            return templates[candidate]
    _template_gap_record(key=key, channel=channel, language=language, used="")
    raise TemplateMissing(f"{key} ({channel})")


def message_render(*, key: str, channel: str, language: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """``(subject, body)`` of the template picked by :func:`message_template_pick`.

    Text is rendered without HTML escaping: e-mails and SMS are sent as plain text.
    """
    template = message_template_pick(key=key, channel=channel, language=language)
    with translation.override(template.language):
        subject = Template(template.subject).render(Context(dict(context), autoescape=False))
        body = Template(template.body).render(Context(dict(context), autoescape=False))
    return " ".join(subject.split())[:255], body.strip()


def _related(related: models.Model | None) -> tuple[str, str]:
    if related is None:
        return "", ""
    return related._meta.label_lower, str(related.pk)


def _enqueue_delivery(message_id: int) -> None:
    from reformdesk.notifications.tasks import deliver_message

    deliver_message.enqueue(message_id)


def message_enqueue(
    *,
    key: str,
    channel: str,
    language: str,
    to: str,
    context: Mapping[str, Any],
    related: models.Model | None = None,
    reference: str = "",
) -> Message:
    """Render the template ``key`` for ``channel`` and ``language``, store the message, and deliver
    it after the transaction commits.

    With ``related``, the same key, channel and recipient are sent once about it: a second call
    returns the message already stored and enqueues nothing.
    """
    to = to.strip()
    if channel not in MessageChannel.values:
        raise ValidationError({"channel": _("Kênh gửi không hợp lệ.")})
    if not to:
        raise ValidationError({"to": _("Thiếu người nhận.")})
    related_type, related_id = _related(related)
    if related_id:
        existing = Message.objects.filter(
            key=key, channel=channel, recipient=to, related_type=related_type, related_id=related_id
        ).first()
        if existing is not None:
            return existing
    subject, body = message_render(key=key, channel=channel, language=language, context=context)
    now = timezone.now()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key,
                channel=channel,
                recipient=to,
                language=language,
                subject=subject,
                body=body,
                related_type=related_type,
                related_id=related_id,
                reference=reference[:64],
                next_attempt_at=now,
            )
    except IntegrityError:
        # A concurrent run of the same subscriber stored it first.
        return Message.objects.get(
            key=key, channel=channel, recipient=to, related_type=related_type, related_id=related_id
        )
    message_id = message.pk
    transaction.on_commit(lambda: _enqueue_delivery(message_id))
    return message


def _claim(*, message_id: int, now: dt.datetime) -> Message | None:
    with transaction.atomic():
        due = Message.objects.filter(pk=message_id, status__in=CLAIMABLE, next_attempt_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        message = due.first()
        if message is None:
            return None
        message.status = MessageStatus.SENDING
        message.attempts += 1
        message.last_attempt_at = now
        message.save(update_fields=["status", "attempts", "last_attempt_at", "updated_at"])
    return message


def _send(message: Message) -> str:
    outgoing = Outgoing(
        to=message.recipient, subject=message.subject, body=message.body, reference=str(message.pk)
    )
    if message.channel == MessageChannel.EMAIL:
        return send_email(outgoing)
    return sms_backend().send(outgoing)


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> Message | None:
    """Send one message if it is due and nobody else is sending it; ``None`` when there was nothing
    to do (already sent, given up, claimed by another worker, or not yet due)."""
    now = now or timezone.now()
    message = _claim(message_id=message_id, now=now)
    if message is None:
        return None
    try:
        provider_id = _send(message)
    except Exception as error:  # a backend's own bug counts as a retryable failure, not a lost message
        if not isinstance(error, DeliveryError):
            logger.exception("delivery of message %s failed unexpectedly", message.pk)
            error = DeliveryError(f"{type(error).__name__}: {error}"[:500], retryable=True)
        message.last_error = str(error)
        if error.retryable and message.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
            message.next_attempt_at = now + retry_delay(message.attempts)
        else:
            message.status = MessageStatus.GAVE_UP
            message.next_attempt_at = None
    else:
        message.status = MessageStatus.SENT
        message.provider_message_id = provider_id
        message.sent_at = now
        message.next_attempt_at = None
        message.last_error = ""
    message.save(
        update_fields=[
            "status",
            "next_attempt_at",
            "last_error",
            "provider_message_id",
            "sent_at",
            "updated_at",
        ]
    )
    return message


@dataclass(frozen=True)
class DueRun:
    released: int  # messages left in "sending" by a worker that died, made due again
    attempted: int
    sent: int


def messages_release_stuck(*, now: dt.datetime) -> int:
    """Messages claimed longer than ``STUCK_AFTER`` ago and never finished become due again."""
    return Message.objects.filter(
        status=MessageStatus.SENDING, last_attempt_at__lte=now - STUCK_AFTER
    ).update(
        status=MessageStatus.FAILED,
        next_attempt_at=now,
        last_error="interrupted while sending",
        updated_at=now,
    )


def messages_deliver_due(*, now: dt.datetime | None = None, limit: int = 200) -> DueRun:
    """Run the due retries, queued messages whose task did not run, and stuck ones (the recurring job)."""
    now = now or timezone.now()
    released = messages_release_stuck(now=now)
    due_ids = list(
        Message.objects.filter(
            Q(status=MessageStatus.FAILED, next_attempt_at__lte=now)
            | Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now - QUEUED_GRACE)
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = attempted = 0
    for message_id in due_ids:
        message = message_deliver(message_id=message_id, now=now)
        if message is not None:
            attempted += 1
            sent += message.status == MessageStatus.SENT
    return DueRun(released=released, attempted=attempted, sent=sent)


@transaction.atomic
def message_retry_now(*, actor: Actor, message: Message) -> Message:
    """An administrator sends a failed or given-up message again now (one more attempt)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in (MessageStatus.FAILED, MessageStatus.GAVE_UP):
        raise ValidationError(_("Chỉ gửi lại được thông báo bị lỗi hoặc đã ngừng gửi."))
    before = message.status
    message.status = MessageStatus.QUEUED
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "next_attempt_at", "updated_at"])
    audit_record(
        actor=actor, action="message.retry", obj=message, changes={"status": [before, message.status]}
    )
    message_id = message.pk
    transaction.on_commit(lambda: _enqueue_delivery(message_id))
    return message


@transaction.atomic
def message_template_save(*, actor: Actor, template: MessageTemplate) -> MessageTemplate:
    """Validate (the texts must compile as templates) and save a template, with an audit row."""
    template.full_clean()
    created = template.pk is None
    before = {}
    if not created:
        old = MessageTemplate.objects.get(pk=template.pk)
        before = {"subject": old.subject, "body": old.body}
    template.save()
    changes = {
        name: [before.get(name), getattr(template, name)]
        for name in ("subject", "body")
        if before.get(name) != getattr(template, name)
    }
    action = "message_template.create" if created else "message_template.update"
    audit_record(actor=actor, action=action, obj=template, changes=changes)
    return template


def messages_viewed(*, actor: Actor, messages: Iterable[Message], purpose: str = "outbox.view") -> int:
    """One access-log row per message shown (each holds a citizen's phone or e-mail address),
    written in one query."""
    return access_records(actor=actor, subjects=[subject_of(m) for m in messages], purpose=purpose)
