"""How pages write and read dates and numbers (issue 9, "Pages that don't fit"): the one date
control (dd/mm/yyyy, ISO still read), grouped thousands, round chart ticks, the translated pager and
the attachment icon."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import django_tables2 as tables
import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from reformdesk.core.charts import round_step, value_scale
from reformdesk.core.dates import DayField, MomentField, MonthField
from reformdesk.core.numbers import number_text
from reformdesk.core.tables import NumberColumn


class PeriodForm(forms.Form):
    start = DayField(label="Từ ngày")
    month = MonthField(label="Tháng", required=False)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("07/12/2026", dt.date(2026, 12, 7)),
        ("7/12/2026", dt.date(2026, 12, 7)),
        (" 07/12/2026 ", dt.date(2026, 12, 7)),
        ("2026-12-07", dt.date(2026, 12, 7)),  # ISO: links and API callers written before the control
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_day_is_read_day_first_in_every_language(typed, day, language):
    with translation.override(language):
        form = PeriodForm({"start": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == day


@pytest.mark.parametrize(
    "typed", ["12/31/2026", "31/02/2026", "2026-13-01", "07-12-2026", "hôm nay", "7/12/26"]
)
def test_a_bad_day_gets_a_translated_error(typed):
    with translation.override("vi"):
        form = PeriodForm({"start": typed})
        assert not form.is_valid()
        assert form.errors["start"] == [
            "Ngày không hợp lệ. Ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/01/2026."
        ]
    with translation.override("en"):
        form = PeriodForm({"start": typed})
        assert not form.is_valid()
        assert form.errors["start"] == [
            "Invalid date. Write the date as day/month/year, for example 31/01/2026."
        ]


def test_the_day_control_is_a_text_input_showing_dd_mm_yyyy():
    form = PeriodForm(initial={"start": dt.date(2026, 12, 7)})
    html = str(form["start"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="07/12/2026"' in html
    assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}"' in html
    # A bound form shows an ISO date from a link as the page writes dates, and a typo as typed.
    assert 'value="07/12/2026"' in str(PeriodForm({"start": "2026-12-07"})["start"])
    assert 'value="31/02/2026"' in str(PeriodForm({"start": "31/02/2026"})["start"])


@pytest.mark.parametrize(
    ("typed", "month"),
    [("12/2026", dt.date(2026, 12, 1)), ("9/2025", dt.date(2025, 9, 1)), ("2026-12", dt.date(2026, 12, 1))],
)
def test_a_month_is_read_as_mm_yyyy_or_iso(typed, month):
    form = PeriodForm({"start": "01/12/2026", "month": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == month
    assert 'value="12/2026"' in str(PeriodForm({"start": "01/12/2026", "month": "2026-12"})["month"])


def test_a_bad_month_gets_a_translated_error():
    with translation.override("vi"):
        form = PeriodForm({"start": "01/12/2026", "month": "13/2026"})
        assert form.errors["month"] == ["Tháng không hợp lệ. Ghi tháng theo dạng tháng/năm, ví dụ 09/2025."]


@pytest.mark.parametrize(
    ("language", "value", "decimals", "text"),
    [
        ("vi", 1234567, None, "1.234.567"),
        ("vi", 999, None, "999"),
        ("vi", Decimal("20.5"), None, "20,5"),
        ("vi", Decimal("4.0"), None, "4"),
        ("vi", 75.25, 1, "75,2"),
        ("vi", None, None, "—"),
        ("en", 1234567, None, "1,234,567"),
        ("en", Decimal("1234.5"), None, "1,234.5"),
    ],
)
def test_numbers_carry_the_languages_thousands_separator(language, value, decimals, text):
    with translation.override(language):
        assert number_text(value, decimals) == text


def test_the_number_filter_groups_only_what_it_is_given():
    template = Template('{% load core_format %}<a href="/x/{{ pk }}/">{{ count|number }}</a>')
    with translation.override("vi"):
        assert template.render(Context({"pk": 12345, "count": 12345})) == '<a href="/x/12345/">12.345</a>'


@pytest.mark.parametrize(
    ("peak", "top", "ticks"),
    [
        (0, 1, [0, 1]),
        (3, 3, [0, 1, 2, 3]),
        (7, 8, [0, 2, 4, 6, 8]),
        (23, 25, [0, 5, 10, 15, 20, 25]),
        (47, 50, [0, 10, 20, 30, 40, 50]),
        (100, 100, [0, 20, 40, 60, 80, 100]),
        (1234, 1500, [0, 500, 1000, 1500]),
    ],
)
def test_chart_axes_go_up_in_round_steps(peak, top, ticks):
    scale = value_scale(peak)
    assert (scale.top, scale.ticks) == (top, ticks)
    assert scale.share(peak) <= 1


@pytest.mark.parametrize("rough", [0.3, 1, 1.5, 3, 7, 12, 45, 180, 999, 4321])
def test_a_round_step_is_one_two_or_five_times_a_power_of_ten(rough):
    step = round_step(rough)
    assert step >= rough
    assert str(step).rstrip("0") in {"1", "2", "5"}


def test_the_attendance_week_chart_has_round_ticks():
    from reformdesk.attendance.views.reports import week_chart

    weeks = [{"week": dt.date(2026, 11, 30), "late": 23, "early": 4, "missing": 9, "absent": 0}]
    chart = week_chart(weeks)
    assert [tick["value"] for tick in chart["ticks"]] == [0, 5, 10, 15, 20, 25]


class Rows(tables.Table):
    count = NumberColumn(verbose_name="Số")


def _rendered_table(language: str) -> str:
    request = RequestFactory().get("/list/", {"page": "2"})
    request.user, request.session = AnonymousUser(), {}  # what the context processors read
    table = Rows([{"count": n * 1000} for n in range(30)])
    tables.RequestConfig(request, paginate={"per_page": 10}).configure(table)
    with translation.override(language):
        return Template("{% load django_tables2 %}{% render_table table %}").render(
            Context({"table": table, "request": request})
        )


def _visible_words(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r">([^<]+)<", html) if text.strip()]


def test_the_pager_speaks_the_pages_language():
    words = _visible_words(_rendered_table("vi"))
    assert "&laquo; Trang trước" in " ".join(words) and "Trang sau &raquo;" in " ".join(words)
    assert "next" not in words and "previous" not in words
    assert 'aria-label="Phân trang"' in _rendered_table("vi")
    english = " ".join(_visible_words(_rendered_table("en")))
    assert "Previous page" in english and "Next page" in english


def test_a_number_column_is_right_aligned_under_its_heading_and_grouped():
    html = _rendered_table("vi")
    assert '<th class="orderable text-end" scope="col">' in html
    assert '<td class="text-end">10.000</td>' in html


def test_the_attachment_icon_is_drawn_inline():
    html = render_to_string("core/_attachment_icon.html")
    assert "<svg" in html and 'aria-hidden="true"' in html and "📎" not in html


class NewDateForm(forms.Form):
    new_due_at = MomentField(label="Ngày hẹn trả mới")


@pytest.mark.parametrize("typed", ["31/12/2026 16:30", "2026-12-31T16:30", "2026-12-31 16:30"])
def test_a_moment_is_read_day_first_in_vietnam_time(typed, settings):
    form = NewDateForm({"new_due_at": typed})
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["new_due_at"]
    assert (moment.isoformat(), str(moment.tzinfo)) == ("2026-12-31T16:30:00+07:00", settings.TIME_ZONE)


def test_the_moment_control_shows_dd_mm_yyyy_hh_mm_and_refuses_a_month_first_moment():
    html = str(NewDateForm(initial={"new_due_at": dt.datetime(2026, 12, 31, 16, 30)})["new_due_at"])
    assert 'type="text"' in html and "datetime-local" not in html
    assert 'value="31/12/2026 16:30"' in html
    with translation.override("vi"):
        form = NewDateForm({"new_due_at": "12/31/2026 16:30"})
        assert not form.is_valid()
        assert form.errors["new_due_at"] == [
            "Thời điểm không hợp lệ. Ghi theo dạng ngày/tháng/năm giờ:phút, ví dụ 31/01/2026 16:30."
        ]
