"""The rules of reform plans and reports that the services, the selectors and the pages read.

Due days. The Ministry of Home Affairs' guidance on the periodic reform reports (Công văn
581/BNV-CCHC, made under Decree 09/2019/NĐ-CP on the reporting regime of state administrative
bodies) asks ministries and provinces for the quarter I, six-month, quarter III and yearly reports
"chậm nhất là ngày 20 của tháng cuối kỳ báo cáo": 20 March, 20 June, 20 September, 20 December.
A province sets the days its communes report to it; we found no Nghệ An decision that does, so
the days below reuse the ministry's and are ILLUSTRATIVE for communes (the page says so). The
plan's day (15 January) is illustrative too: provinces ask for communes' yearly plans early in
January, and no text fixing a day was found. The days are data: each obligation row keeps its
own ``due_on`` and ``basis``, so a province's own days replace these without code changes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from reformdesk.scoring.models_plans import ReportKind
from reformdesk.worktime.selectors import to_vn

MINISTRY_BASIS = (
    "Công văn 581/BNV-CCHC (Nghị định 09/2019/NĐ-CP): chậm nhất ngày 20 tháng cuối kỳ — minh họa cho cấp xã"
)
PLAN_BASIS = "Minh họa: chưa tìm được văn bản của tỉnh quy định hạn gửi kế hoạch CCHC năm của xã"

# kind -> (month, day, basis)
REPORT_SCHEDULE: dict[str, tuple[int, int, str]] = {
    ReportKind.PLAN: (1, 15, PLAN_BASIS),
    ReportKind.Q1: (3, 20, MINISTRY_BASIS),
    ReportKind.H1: (6, 20, MINISTRY_BASIS),
    ReportKind.Q3: (9, 20, MINISTRY_BASIS),
    ReportKind.YEAR: (12, 20, MINISTRY_BASIS),
}


def scheduled_due(kind: str, year: int) -> dt.date:
    month, day, _basis = REPORT_SCHEDULE[kind]
    return dt.date(year, month, day)


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"


OUTCOME_LABELS = {
    Outcome.ON_TIME: _("Đúng hạn"),
    Outcome.LATE: _("Trễ hạn"),
    Outcome.MISSING: _("Chưa nộp, đã quá hạn"),
    Outcome.PENDING: _("Chưa đến hạn"),
}


# A plan item is a task to finish, not a document to hand in.
ITEM_OUTCOME_LABELS = {
    **OUTCOME_LABELS,
    Outcome.MISSING: _("Chưa hoàn thành, đã quá hạn"),
}


def report_outcome(*, due_on: dt.date, submitted_at: dt.datetime | None, today: dt.date) -> Outcome:
    """A report's standing on ``today`` (a Vietnam calendar day): submitted on time when the
    submission's day in Vietnam time is on or before ``due_on``, late after it; not submitted:
    missing once ``due_on`` has passed, pending until then (the due day itself included). A
    submission after ``today`` is not seen, so a past day's standing stays as it was."""
    if submitted_at is not None and to_vn(submitted_at).date() <= today:
        return Outcome.ON_TIME if to_vn(submitted_at).date() <= due_on else Outcome.LATE
    return Outcome.MISSING if today > due_on else Outcome.PENDING


def counts(outcome: Outcome) -> bool:
    """Whether an obligation enters the on-time rate: submitted, or its due day is over."""
    return outcome != Outcome.PENDING
