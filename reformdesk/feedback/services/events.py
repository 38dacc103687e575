"""Writing a case's event rows (and audit rows), and the errors the feedback services raise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.org.models import Official


class ActionNotAllowed(Exception):
    """The action does not apply to the case in its current status (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def official_of(actor: Actor) -> Official | None:
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    assert isinstance(actor, User)
    return Official.objects.filter(user=actor).first()


def record(
    *,
    case: FeedbackCase,
    kind: str,
    actor: Actor,
    at: dt.datetime,
    from_status: str,
    from_official: Official | None = None,
    to_official: Official | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> FeedbackEvent:
    """Write the event row of a change and its audit row, after the case row was saved; the
    citizen's notice (if the change has one) is queued once the transaction commits."""
    from reformdesk.feedback.services import notices

    user = actor if isinstance(actor, User) else None
    event = FeedbackEvent.objects.create(
        case=case,
        kind=kind,
        at=at,
        actor=user,
        actor_official=official_of(actor),
        from_status=from_status,
        to_status=case.status,
        from_official=from_official,
        to_official=to_official,
        note=note,
        data=data or {},
    )
    changes: dict[str, Any] = {"status": [from_status or None, case.status]}
    if note:
        changes["note"] = [None, note]
    audit_record(actor=actor, action=f"feedback.{kind}", obj=case, changes=changes)
    if notices.template_key(event) is not None:
        event_id = event.pk
        transaction.on_commit(lambda: notices.feedback_notify(event_id=event_id))
    return event
