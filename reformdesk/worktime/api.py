"""Working-time API: due dates and a unit's year calendar.

Query parameters are read as text and checked here, so that every bad input gets a clear,
translated 422 with a stable code instead of a generic validation error (or a 500).
"""

from __future__ import annotations

import datetime as dt
import re

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from reformdesk.core.api import ApiError, Text, ValidationErrorOut, field_error
from reformdesk.org.api import unit_param
from reformdesk.worktime import selectors
from reformdesk.worktime.arithmetic import NoWorkingTimeError

router = Router()

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_DAYS = 1000  # working days; the longest procedures take months, not years
MAX_HOURS = 8000  # = MAX_DAYS × 8 h

_AMOUNT = re.compile(r"[0-9]{1,7}(\.[0-9]{1,6})?")
_YEAR = re.compile(r"[0-9]{1,4}")
# "+07:00" arrives as " 07:00" when the client did not URL-encode the plus sign.
_UNENCODED_PLUS = re.compile(r"(.*[0-9]) ([0-9]{2}(:?[0-9]{2})?)")


class DueOut(Schema):
    due: dt.datetime


class CalendarDayOut(Schema):
    date: dt.date
    kind: str
    name_vi: str
    name_en: str
    source: str  # "override" (an announced or entered day) or "holidays" (the holidays package)


class CalendarOut(Schema):
    unit: str
    year: int
    days: list[CalendarDayOut]


def _start(raw: str | None) -> dt.datetime:
    text = (raw or "").strip()
    if not text:
        raise field_error("start", _("Thiếu thời điểm tiếp nhận (tham số start)."), "start_required")
    plus = _UNENCODED_PLUS.fullmatch(text)
    if plus:
        text = f"{plus.group(1)}+{plus.group(2)}"
    try:
        start = dt.datetime.fromisoformat(text)
    except ValueError:
        raise field_error(
            "start",
            _("Thời điểm tiếp nhận không đúng định dạng ISO 8601, ví dụ 2026-02-13T10:00:00+07:00."),
            "invalid_start",
        ) from None
    if start.tzinfo is None or start.utcoffset() is None:
        raise field_error(
            "start",
            _("Thời điểm tiếp nhận phải ghi rõ múi giờ, ví dụ 2026-02-13T10:00:00+07:00."),
            "naive_start",
        )
    # The year in the caller's own offset: converting 9999-12-31T23:59-12:00 first would overflow.
    if not MIN_YEAR <= start.year <= MAX_YEAR:
        raise field_error(
            "start",
            _("Thời điểm tiếp nhận phải trong các năm %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            "start_out_of_range",
        )
    return start


def _amount(field: str, raw: str, maximum: int) -> float:
    text = raw.strip()
    if not _AMOUNT.fullmatch(text):
        message = (
            _("Số ngày làm việc phải là một số không âm, ví dụ 15 hoặc 0.5.")
            if field == "days"
            else _("Số giờ làm việc phải là một số không âm, ví dụ 4 hoặc 1.5.")
        )
        raise field_error(field, message, "invalid_duration")
    value = float(text)
    if value > maximum:
        message = (
            _("Số ngày làm việc tối đa là %(max)s.")
            if field == "days"
            else _("Số giờ làm việc tối đa là %(max)s.")
        ) % {"max": maximum}
        raise field_error(field, message, "duration_out_of_range")
    return value


@router.get(
    "/due",
    response={200: DueOut, 422: ValidationErrorOut},
    summary="Due date: working days or hours added to a receipt time",
)
def due(
    request: HttpRequest,
    unit: Text | None = None,
    start: Text | None = None,
    days: Text | None = None,
    hours: Text | None = None,
) -> DueOut:
    """``unit`` is a QCVN 102 code, ``start`` an ISO 8601 time with its offset; give ``days`` or
    ``hours`` (not both). The answer is in Vietnam time (+07:00)."""
    unit_obj = unit_param(unit)
    start_at = _start(start)
    if (days is None) == (hours is None):
        message = (
            _("Chỉ ghi một trong hai tham số days (ngày làm việc) hoặc hours (giờ làm việc).")
            if days is not None
            else _("Cần ghi số ngày làm việc (days) hoặc số giờ làm việc (hours).")
        )
        code = "duration_ambiguous" if days is not None else "duration_required"
        raise ApiError(
            422,
            message,
            code,
            errors=[{"field": "days", "message": message}, {"field": "hours", "message": message}],
        )
    try:
        if days is not None:
            result = selectors.due_at(unit=unit_obj, start=start_at, days=_amount("days", days, MAX_DAYS))
        else:
            result = selectors.due_at(
                unit=unit_obj, start=start_at, hours=_amount("hours", hours or "", MAX_HOURS)
            )
    except NoWorkingTimeError:
        raise field_error(
            "unit", _("Lịch của đơn vị không còn giờ làm việc để tính hạn này."), "no_working_time"
        ) from None
    return DueOut(due=result)


@router.get(
    "/calendar",
    response={200: CalendarOut, 422: ValidationErrorOut},
    summary="A unit's days off and make-up working days in a year",
)
def calendar(request: HttpRequest, unit: Text | None = None, year: Text | None = None) -> CalendarOut:
    """Holidays (also those on a weekend), swapped days off and make-up working days of ``year``
    (default: the current year) for the unit, in date order, with Vietnamese and English names."""
    unit_obj = unit_param(unit)
    if year is None or not year.strip():
        year_value = timezone.localdate().year
    elif not _YEAR.fullmatch(year.strip()):
        raise field_error("year", _("Năm phải là một số, ví dụ 2026."), "invalid_year")
    else:
        year_value = int(year.strip())
    if not MIN_YEAR <= year_value <= MAX_YEAR:
        raise field_error(
            "year",
            _("Năm phải trong khoảng %(min)s–%(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            "year_out_of_range",
        )
    days = [
        CalendarDayOut(
            date=day.date,
            kind=day.kind,
            name_vi=day.name_vi,
            name_en=day.name_en,
            source="holidays" if day.override_id is None else "override",
        )
        for day in selectors.calendar_year(unit=unit_obj, year=year_value)
    ]
    return CalendarOut(unit=unit_obj.code, year=year_value, days=days)
