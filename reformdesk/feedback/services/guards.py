"""Shared guards of the staff actions on a feedback case: the locked row, the allowed statuses,
who may act, and the one transition every action ends with (status, due moment, event row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services.deadlines import current_due
from reformdesk.feedback.services.events import ActionNotAllowed, official_of, record
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser, Perm, has_perm, require


def locked(case: FeedbackCase) -> FeedbackCase:
    return (
        FeedbackCase.objects.select_for_update(of=("self",))
        .select_related("unit", "receiving_unit", "handler", "related_official")
        .get(pk=case.pk)
    )


def expect(case: FeedbackCase, statuses: Collection[str], message: str) -> None:
    if case.status not in statuses:
        raise ActionNotAllowed(message)


def check_staff(actor: AnyUser, perm: Perm, case: FeedbackCase) -> Official | None:
    """``perm`` on the case's unit, and never the official the case is about."""
    require(actor, perm, case.unit)
    me = official_of(actor)
    if me is not None and case.related_official_id == me.pk:
        raise PermissionDenied(_("Cán bộ bị phản ánh không được xử lý phản ánh về mình."))
    return me


def check_handler(actor: AnyUser, case: FeedbackCase) -> Official | None:
    """The handler works on the case; a leader of its unit may act on anyone's case."""
    me = check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    if case.handler_id is None or has_perm(actor, Perm.DECIDE_FEEDBACK, case.unit):
        return me
    if me is None or me.pk != case.handler_id:
        raise PermissionDenied(_("Phản ánh đang được giao cho người khác xử lý."))
    return me


def moment(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def transition(
    case: FeedbackCase,
    *,
    kind: str,
    actor: AnyUser,
    at: dt.datetime,
    status: str,
    fields: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    from_official: Official | None = None,
    to_official: Official | None = None,
    before: Callable[[FeedbackCase], None] | None = None,
) -> FeedbackCase:
    """Move the locked ``case`` to ``status`` with ``fields`` set, recompute its current due
    moment, save, and write the one event row of the change."""
    previous = case.status
    case.status = status
    for name, value in (fields or {}).items():
        setattr(case, name, value)
    if before is not None:
        before(case)
    case.due_at = current_due(case)
    case.save()
    record(
        case=case,
        kind=kind,
        actor=actor,
        at=at,
        from_status=previous,
        from_official=from_official,
        to_official=to_official,
        note=note,
        data=data,
    )
    return case
