"""The one date control of every form and filter: dd/mm/yyyy, whatever the browser's language.

A native ``<input type=date>`` shows its value in the browser's locale (12/07/2026 in an American
browser beside "Ngày 07/12/2026" printed by the page), so dates are typed in a plain text input
instead. The server reads dd/mm/yyyy, and also ISO yyyy-mm-dd: links, bookmarks and API callers
written before this control still send ISO dates. The field lists its formats itself, so the page's
language never changes how 03/04/2026 is read.

Months (the timesheet) follow the same rule: mm/yyyy, and ISO yyyy-mm.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

DAY_FORMAT = "%d/%m/%Y"
DAY_INPUT_FORMATS = [DAY_FORMAT, "%Y-%m-%d"]
MONTH_FORMAT = "%m/%Y"
MONTH_INPUT_FORMATS = [MONTH_FORMAT, "%Y-%m"]
# What the browser checks before sending (the server checks again): one or two digits for the day
# and the month, four for the year; or ISO.
DAY_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"
MONTH_PATTERN = r"[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}"
BAD_DAY = _("Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026.")
BAD_MONTH = _("Tháng không hợp lệ. Ghi tháng theo dạng tháng/năm, ví dụ 09/2025.")


def _parse(value: str, formats: list[str]) -> dt.date | None:
    for pattern in formats:
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    return None


class DayInput(forms.DateInput):
    """A text input for dd/mm/yyyy with a numeric keyboard on phones."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "pattern": DAY_PATTERN,
            "placeholder": _("dd/mm/yyyy"),
            "title": _("Ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026"),
            "autocomplete": "off",
            "class": "form-control",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DAY_FORMAT)

    def format_value(self, value: Any) -> str | None:
        # A bound form shows what was sent: an ISO date from a link is shown as dd/mm/yyyy too,
        # anything else (a typing error) is shown as typed so that it can be corrected.
        if isinstance(value, str):
            day = _parse(value, DAY_INPUT_FORMATS)
            return day.strftime(DAY_FORMAT) if day else value
        return super().format_value(value)


class DayField(forms.DateField):
    """A calendar day typed as dd/mm/yyyy (or ISO yyyy-mm-dd), with a translated error."""

    widget = DayInput
    input_formats = DAY_INPUT_FORMATS
    default_error_messages = {"invalid": BAD_DAY}


class DayFilter(django_filters.DateFilter):
    """The filter lists' form of :class:`DayField`."""

    field_class = DayField


class MonthInput(forms.TextInput):
    """A text input for mm/yyyy (a native ``type=month`` shows "December 2026" in English)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "pattern": MONTH_PATTERN,
            "placeholder": _("mm/yyyy"),
            "title": _("Tháng theo dạng tháng/năm, ví dụ 09/2025"),
            "autocomplete": "off",
            "class": "form-control",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return value.strftime(MONTH_FORMAT)
        if isinstance(value, str):
            month = _parse(value, MONTH_INPUT_FORMATS)
            return month.strftime(MONTH_FORMAT) if month else value
        return super().format_value(value)


class MonthField(forms.Field):
    """A calendar month typed as mm/yyyy (or ISO yyyy-mm); cleans to the month's first day."""

    widget = MonthInput
    default_error_messages = {"invalid": BAD_MONTH}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        month = _parse(str(value), MONTH_INPUT_FORMATS)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def prepare_value(self, value: Any) -> Any:
        return value.strftime(MONTH_FORMAT) if isinstance(value, dt.date) else value


MOMENT_FORMAT = "%d/%m/%Y %H:%M"
# ISO too: a form written for the browser's own date-and-time picker sends 2026-12-31T16:30.
MOMENT_INPUT_FORMATS = [MOMENT_FORMAT, "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
MOMENT_PATTERN = (
    r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
)
BAD_MOMENT = _("Thời điểm không hợp lệ. Ghi theo dạng ngày/tháng/năm giờ:phút, ví dụ 31/01/2026 16:30.")


class MomentInput(forms.DateTimeInput):
    """A text input for "dd/mm/yyyy hh:mm" (a date and a time of day, Vietnam time)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "pattern": MOMENT_PATTERN,
            "placeholder": _("dd/mm/yyyy hh:mm"),
            "title": _("Ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 31/01/2026 16:30"),
            "autocomplete": "off",
            "class": "form-control",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=MOMENT_FORMAT)


class MomentField(forms.DateTimeField):
    """A moment typed as dd/mm/yyyy hh:mm (or ISO), read in the current time zone (Vietnam)."""

    widget = MomentInput
    input_formats = MOMENT_INPUT_FORMATS
    default_error_messages = {"invalid": BAD_MOMENT}
