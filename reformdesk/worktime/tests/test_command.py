"""The nightly check_calendar_overrides command and its e-mail task."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings

from reformdesk.core.models import AuditEvent
from reformdesk.worktime import selectors, services
from reformdesk.worktime.choices import OverrideKind
from reformdesk.worktime.models import CalendarWarning

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("official_calendar"),
]

IMMEDIATE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)


@pytest.fixture
def admins(db):
    User.objects.create(username="quantri", email="quantri@example.gov.vn", is_superuser=True)
    User.objects.create(username="quantri2", email="it@example.gov.vn", is_superuser=True)
    User.objects.create(username="khongthu", email="", is_superuser=True)  # no address
    User.objects.create(username="danghi", email="cu@example.gov.vn", is_superuser=True, is_active=False)
    User.objects.create(username="canbo", email="canbo@example.gov.vn")  # not an administrator


def _run(today: str, django_capture_on_commit_callbacks) -> str:
    out = StringIO()
    with IMMEDIATE, django_capture_on_commit_callbacks(execute=True):
        call_command("check_calendar_overrides", today=today, stdout=out)
    return out.getvalue()


def test_from_1_october_a_missing_tet_is_reported_once_a_day(
    admins, mailoutbox, django_capture_on_commit_callbacks
):
    # 2027's rows are all UNCONFIRMED, so loaded inactive: Tết 2027 is not entered.
    output = _run("2026-10-01", django_capture_on_commit_callbacks)
    assert "2027: no Tết days off entered; administrators warned." in output
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["it@example.gov.vn", "quantri@example.gov.vn"]
    assert mail.subject == "ReformDesk: chưa có lịch nghỉ Tết năm 2027"
    assert "Tết Nguyên đán năm 2027" in mail.body
    warning = CalendarWarning.objects.get()
    assert (warning.sent_on, warning.year, warning.recipients) == (dt.date(2026, 10, 1), 2027, 2)
    assert AuditEvent.objects.filter(action="calendar_warning.send").count() == 1

    # The scheduler runs it again the same night: nothing more.
    assert "already warned today" in _run("2026-10-01", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert CalendarWarning.objects.count() == 1

    # The next day it reminds again.
    _run("2026-10-02", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert CalendarWarning.objects.count() == 2


def test_no_warning_once_tet_is_entered(admins, mailoutbox, django_capture_on_commit_callbacks):
    services.override_create(
        actor=None,
        date=dt.date(2027, 2, 8),
        kind=OverrideKind.HOLIDAY,
        name_vi="Tết Nguyên đán Đinh Mùi (mùng 3 Tết)",
    )
    assert "2027: Tết days off are entered." in _run("2026-12-15", django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert CalendarWarning.objects.count() == 0


def test_before_october_nothing_is_checked(admins, mailoutbox, django_capture_on_commit_callbacks):
    assert "Nothing to check" in _run("2026-09-30", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_in_january_the_current_year_is_checked_until_tet(
    admins, mailoutbox, django_capture_on_commit_callbacks
):
    # Tết 2026 is on record: nothing to say in January 2026.
    assert "2026: Tết days off are entered." in _run("2026-01-05", django_capture_on_commit_callbacks)
    # January 2027 without a Tết 2027 notice: still warning about 2027 (mùng 1 Tết is 6/2/2027).
    assert "2027: no Tết days off entered" in _run("2027-01-20", django_capture_on_commit_callbacks)
    assert "Nothing to check" in _run("2027-02-07", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1


def test_without_administrator_addresses_the_task_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    _run("2026-10-01", django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert CalendarWarning.objects.get().recipients == 0


def test_the_warning_waits_for_the_commit(admins, mailoutbox, django_capture_on_commit_callbacks):
    with IMMEDIATE, django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.calendar_warning_record(year=2027, on=dt.date(2026, 10, 1)) is True
    assert mailoutbox == []  # not sent inside the transaction
    assert len(callbacks) == 1


def test_bad_date_option():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today"):
        call_command("check_calendar_overrides", today="1/10/2026")


def test_lunar_new_year_dates():
    assert selectors.lunar_new_year(year=2026) == dt.date(2026, 2, 17)
    assert selectors.lunar_new_year(year=2027) == dt.date(2027, 2, 6)
    assert selectors.tet_confirmed(year=2026) is True
    assert selectors.tet_confirmed(year=2027) is False
