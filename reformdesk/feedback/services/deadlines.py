"""A case's clock: the four due moments, the dated rules they come from, and pausing for the
citizen's clarification.

All arithmetic goes through ``worktime.selectors`` on the competent unit's calendar (its office
hours, holidays, swapped days and make-up Saturdays).

* ``refuse_by``, ``clarify_by`` and ``answer_by`` are the rules' working days counted from the
  receipt (a receipt outside office hours, or after the unit's cut-off hour, starts the clock at
  the next session, as for dossiers).
* ``publish_by`` is the publication rule's working days counted from the moment the answer was
  given (sent to the citizen; for an anonymous case, published): empty until then.
* Waiting for the citizen's clarification stops the clock. When the clarification comes, the
  answer's due moment is moved by the working time the case waited: the working time that was left
  before it when the question was asked is counted again from the moment the answer came. A due
  moment already past when the question was asked stays where it was. ``refuse_by`` and
  ``clarify_by`` are not moved: a case is asked at most once, after it was accepted, so both
  steps are behind it; ``publish_by`` counts from an answer given after the wait.
* A case reopened after a "Không hài lòng" rating gets a new ``answer_by``: the answer rule's
  working days counted from the rating, as from a receipt.
* The rules that apply are those in force on the day of receipt, for every step of the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reformdesk.feedback.choices import DeadlineStep, Status
from reformdesk.feedback.models import DeadlineRule, FeedbackCase
from reformdesk.org.models import Unit
from reformdesk.worktime import selectors as worktime


@dataclass(frozen=True)
class Deadlines:
    """The due moments the case page and the API show (``deadlines`` in the API)."""

    refuse_by: dt.datetime | None
    clarify_by: dt.datetime | None
    answer_by: dt.datetime | None
    publish_by: dt.datetime | None


def rules_on(*, day: dt.date) -> dict[str, Decimal]:
    """``{step: working days}`` of the rules in force for a case received on ``day`` (one query).
    A translated ``ValidationError`` on ``received_at`` when a step has no rule by then."""
    rows = (
        DeadlineRule.objects.filter(effective_from__lte=day)
        .order_by("step", "-effective_from")
        .values_list("step", "working_days")
    )
    rules: dict[str, Decimal] = {}
    for step, days in rows:
        rules.setdefault(step, days)
    if set(DeadlineStep.values) - rules.keys():
        raise ValidationError(
            {
                "received_at": _(
                    "Chưa có quy định thời hạn xử lý phản ánh áp dụng cho ngày tiếp nhận %(day)s."
                )
                % {"day": date_format(day, "d/m/Y")}
            }
        )
    return rules


def receipt_deadlines(
    *, unit: Unit, received_at: dt.datetime, rules: dict[str, Decimal]
) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """``(refuse_by, clarify_by, answer_by)`` of a case ``unit`` received at ``received_at``."""

    def due(step: str) -> dt.datetime:
        return worktime.due_at(unit=unit, start=received_at, days=float(rules[step]))

    return due(DeadlineStep.REFUSE), due(DeadlineStep.CLARIFY), due(DeadlineStep.ANSWER)


def answer_deadline(*, unit: Unit, start: dt.datetime, rules: dict[str, Decimal]) -> dt.datetime:
    """The answer's due moment counted from ``start`` (a reopening), as from a receipt."""
    return worktime.due_at(unit=unit, start=start, days=float(rules[DeadlineStep.ANSWER]))


def publish_deadline(*, unit: Unit, answered_at: dt.datetime, rules: dict[str, Decimal]) -> dt.datetime:
    """The publication's due moment: the rule's working days after the answer was given."""
    return worktime.due_at(
        unit=unit, start=answered_at, days=float(rules[DeadlineStep.PUBLISH]), cutoff=False
    )


def moved_by_pause(
    *, unit: Unit, due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime
) -> dt.datetime:
    """``due`` after the clock stood still from ``paused_at`` to ``resumed_at``: the working time
    left at the pause, counted again from the resume. A moment already past at the pause stays."""
    if due <= paused_at:
        return due
    left = worktime.working_time(unit=unit, start=paused_at, end=due)
    return worktime.due_at(unit=unit, start=resumed_at, hours=left.total_seconds() / 3600, cutoff=False)


def current_due(case: FeedbackCase) -> dt.datetime | None:
    """The due moment of the case's current step, by its status: deciding whether to handle it,
    answering it, publishing the answer given (also when the citizen rated it before it was
    published). None while waiting for the citizen or when nothing is due: the worklists read
    this one column."""
    if case.status == Status.RECEIVED:
        return case.refuse_due_at
    if case.status in (Status.ACCEPTED, Status.ASSIGNED, Status.DRAFTED, Status.APPROVED):
        return case.answer_due_at
    if case.status == Status.SENT or (case.status == Status.RATED and case.published_at is None):
        return case.publish_due_at
    return None


def case_deadlines(case: FeedbackCase) -> Deadlines:
    return Deadlines(
        refuse_by=case.refuse_due_at,
        clarify_by=case.clarify_due_at,
        answer_by=case.answer_due_at,
        publish_by=case.publish_due_at,
    )


def received_day(case: FeedbackCase) -> dt.date:
    return timezone.localtime(case.received_at).date()
