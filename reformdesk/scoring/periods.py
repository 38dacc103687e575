"""Periods of the index: a year (``2026``), a quarter (``2026-Q1``) or a month (``2026-03``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reformdesk.worktime.selectors import VN_TZ

MIN_YEAR, MAX_YEAR = 2000, 2100
_PERIOD = re.compile(r"(?P<year>[0-9]{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")


@dataclass(frozen=True)
class Period:
    """Days ``first``…``last`` (Vietnam time, both included) and the text that named them."""

    key: str
    first: dt.date
    last: dt.date

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=VN_TZ)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)

    def evaluated_at(self, now: dt.datetime) -> dt.datetime:
        """The moment the period is scored at: its end, or ``now`` while it runs."""
        return min(self.ends_at, now)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_period(text: str | None, *, today: dt.date) -> Period:
    """The period named ``text``, or a ``ValidationError`` with a translated message: an unknown
    shape, a year out of range, or a period that has not started on ``today``."""
    raw = (text or "").strip()
    match = _PERIOD.fullmatch(raw)
    if match is None:
        raise ValidationError(
            _("Kỳ phải có dạng YYYY, YYYY-MM hoặc YYYY-Qn, ví dụ 2026, 2026-03 hoặc 2026-Q1."),
            code="invalid_period",
        )
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Năm của kỳ phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="period_out_of_range",
        )
    if match["quarter"]:
        quarter = int(match["quarter"])
        first = dt.date(year, 3 * quarter - 2, 1)
        last = _month_end(year, 3 * quarter)
    elif match["month"]:
        month = int(match["month"])
        first, last = dt.date(year, month, 1), _month_end(year, month)
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if first > today:
        raise ValidationError(_("Kỳ %(period)s chưa bắt đầu.") % {"period": raw}, code="period_in_future")
    return Period(raw, first, last)
