"""Flagging likely duplicates at intake (issue 11: "same contact, similar text, within 30 days").

A new case is flagged with the latest open case that came from the same phone or e-mail (the
citizen's, or the caller's number of a hotline call) in the 30 days before it, whose subject and
content read alike once folded (``core.text.fold``: case, diacritics and spacing aside) with a
``difflib`` ratio of at least ``SIMILAR_RATIO``. A flag decides nothing: staff who agree refuse
the new case as a duplicate naming the one that continues, and the citizen is told which.
Anonymous cases have no contact and are never flagged.
"""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from django.db.models import Q

from reformdesk.core.text import fold
from reformdesk.feedback.choices import OPEN_STATUSES
from reformdesk.feedback.models import FeedbackCase

WINDOW = dt.timedelta(days=30)
SIMILAR_RATIO = 0.6
# Enough text to compare what a case is about, bounded so that a long letter costs little.
COMPARED_CHARS = 600
# The contact's recent open cases compared at most (a contact with more is flagged among these).
CANDIDATES = 20


def _text(subject: str, content: str) -> str:
    return fold(f"{subject} {content}")[:COMPARED_CHARS]


def possible_duplicate(
    *, phone: str, email: str, subject: str, content: str, received_at: dt.datetime
) -> FeedbackCase | None:
    """The latest open case from the same contact in the 30 days before ``received_at`` with a
    similar text, or None."""
    same = Q()
    if phone:
        same |= Q(citizen_phone=phone) | Q(caller_phone=phone)
    if email:
        same |= Q(citizen_email__iexact=email)
    if not same:
        return None
    candidates = (
        FeedbackCase.objects.filter(same, status__in=OPEN_STATUSES)
        .filter(received_at__gte=received_at - WINDOW, received_at__lte=received_at)
        .only("id", "code", "subject", "content")
        .order_by("-received_at", "-id")[:CANDIDATES]
    )
    text = _text(subject, content)
    for case in candidates:
        if SequenceMatcher(None, text, _text(case.subject, case.content)).ratio() >= SIMILAR_RATIO:
            return case
    return None
