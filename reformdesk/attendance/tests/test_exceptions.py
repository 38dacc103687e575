"""Leave and absences: requested, approved by a leader of the unit, overriding the daily records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.attendance.choices import DaySession, DayStatus, ExceptionKind, ExceptionStatus
from reformdesk.attendance.models import AttendanceException, DailyRecord, Punch
from reformdesk.attendance.services.days import daily_records_compute
from reformdesk.attendance.services.exceptions import (
    exception_approve,
    exception_cancel,
    exception_reject,
    exception_request,
)
from reformdesk.attendance.tests.factories import make_device, map_pin, vn
from reformdesk.core.models import AuditEvent
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 9, 8)


@pytest.fixture
def staff(tree, personas):
    device = make_device(unit=tree.commune_a, serial="EXC1")
    official = make_official(unit=tree.commune_a, username="canbo_a", full_name="Đặng Văn Hùng")
    map_pin(unit=tree.commune_a, pin="1", official=official)
    return device, official


def _request(official, **kwargs):
    values = {
        "actor": official.user,
        "official": official,
        "kind": ExceptionKind.ANNUAL_LEAVE,
        "start": MONDAY,
        "end": MONDAY + dt.timedelta(days=1),
        "reason": "Việc gia đình",
    }
    values.update(kwargs)
    return exception_request(**values)


def test_request_approve_overrides_the_days(staff, personas, tree) -> None:
    device, official = staff
    Punch.objects.create(
        device=device,
        unit=tree.commune_a,
        pin="1",
        official=official,
        punched_at=vn(2025, 9, 10, 8, 30),
        raw_line="x",
    )
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY + dt.timedelta(days=2))
    DailyRecord.objects.filter(official=official, day=MONDAY).update(is_closed=True)
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.ABSENT
    row = _request(official)
    assert row.status == ExceptionStatus.PENDING and row.unit == tree.commune_a
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.ABSENT
    exception_approve(actor=personas.chair_a, exception=row, note="Đồng ý")
    days = dict(DailyRecord.objects.filter(official=official).values_list("day", "status"))
    assert days[MONDAY] == DayStatus.EXCEPTION  # closed, recomputed all the same
    assert days[MONDAY + dt.timedelta(days=1)] == DayStatus.EXCEPTION
    assert days[MONDAY + dt.timedelta(days=2)] == DayStatus.MISSING_PUNCH
    record = DailyRecord.objects.get(official=official, day=MONDAY)
    assert (record.exception_id, record.is_closed) == (row.pk, True)
    actions = list(
        AuditEvent.objects.filter(object_type="attendance.attendanceexception").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["attendance_exception.approve", "attendance_exception.request"]
    # cancelling it (a leader) gives the days back their punches
    exception_cancel(actor=personas.chair_a, exception=row)
    assert DailyRecord.objects.get(official=official, day=MONDAY).status == DayStatus.ABSENT
    assert DailyRecord.objects.get(official=official, day=MONDAY).exception_id is None


def test_half_day_keeps_the_other_session(staff, personas, tree) -> None:
    device, official = staff
    for moment in (vn(2025, 9, 8, 13, 20), vn(2025, 9, 8, 17, 0)):
        Punch.objects.create(
            device=device, unit=tree.commune_a, pin="1", official=official, punched_at=moment, raw_line="x"
        )
    row = _request(official, end=MONDAY, session=DaySession.MORNING, kind=ExceptionKind.SICK_LEAVE)
    exception_approve(actor=personas.chair_a, exception=row)
    record = DailyRecord.objects.get(official=official, day=MONDAY)
    assert (record.status, record.late_minutes, record.exception_id) == (DayStatus.LATE, 20, row.pk)


def test_overlap_refused(staff, personas) -> None:
    _, official = staff
    first = _request(official)
    second = _request(official, start=MONDAY + dt.timedelta(days=1), end=MONDAY + dt.timedelta(days=3))
    exception_approve(actor=personas.chair_a, exception=first)
    with pytest.raises(ValidationError) as error:
        exception_approve(actor=personas.chair_a, exception=second)
    assert error.value.messages == ["Trùng với đơn đã duyệt: Nghỉ phép năm từ 08/09/2025 đến 09/09/2025."]
    second.refresh_from_db()
    assert second.status == ExceptionStatus.PENDING
    with pytest.raises(ValidationError):
        _request(official, start=MONDAY + dt.timedelta(days=1), end=MONDAY + dt.timedelta(days=1))
    # a different half day of an afternoon is no overlap with a morning
    morning = _request(
        official,
        start=MONDAY + dt.timedelta(days=7),
        end=MONDAY + dt.timedelta(days=7),
        session=DaySession.MORNING,
    )
    exception_approve(actor=personas.chair_a, exception=morning)
    afternoon = _request(
        official,
        start=MONDAY + dt.timedelta(days=7),
        end=MONDAY + dt.timedelta(days=7),
        session=DaySession.AFTERNOON,
    )
    assert afternoon.status == ExceptionStatus.PENDING
    assert AttendanceException.objects.filter(official=official).count() == 4


def test_bad_input_changes_nothing(staff, personas) -> None:
    _, official = staff
    with pytest.raises(ValidationError) as error:
        _request(official, kind="holiday", start=MONDAY, end=MONDAY - dt.timedelta(days=1), reason="  ")
    assert error.value.messages == [
        "Loại nghỉ, vắng không hợp lệ.",
        "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
        "Cần ghi lý do.",
    ]
    assert not AttendanceException.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="attendance_exception").exists()


def test_who_may_do_what(staff, personas, tree) -> None:
    _, official = staff
    with pytest.raises(PermissionDenied):  # a one-stop officer for a colleague
        _request(official, actor=personas.one_stop_a)
    entered = _request(official, actor=personas.district_reform)  # the reform officer may enter it
    assert entered.requested_by == personas.district_reform
    for actor in (official.user, personas.district_reform, personas.inspector):
        with pytest.raises(PermissionDenied):
            exception_approve(actor=actor, exception=entered)
    with pytest.raises(ValidationError) as error:
        exception_reject(actor=personas.chair_a, exception=entered, note=" ")
    assert error.value.messages == ["Cần ghi lý do không duyệt."]
    exception_reject(actor=personas.chair_a, exception=entered, note="Không đủ căn cứ")
    entered.refresh_from_db()
    assert (entered.status, entered.decided_by) == (ExceptionStatus.REJECTED, personas.chair_a)
    with pytest.raises(ValidationError):
        exception_approve(actor=personas.chair_a, exception=entered)
    other = make_official(unit=tree.commune_b, username="canbo_b")
    with pytest.raises(PermissionDenied):  # the chair of commune A does not approve for commune B
        exception_approve(actor=personas.chair_a, exception=_request(other))


def test_leave_approved_after_the_day_withdraws_its_explanation(staff, personas, tree) -> None:
    from reformdesk.attendance.choices import ExplanationStatus
    from reformdesk.attendance.models import Explanation
    from reformdesk.attendance.services.explanations import explanation_request

    device, official = staff
    for moment in (vn(2025, 9, 8, 8, 40), vn(2025, 9, 9, 8, 40)):
        Punch.objects.create(
            device=device, unit=tree.commune_a, pin="1", official=official, punched_at=moment, raw_line="x"
        )
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY + dt.timedelta(days=1))
    first, second = (
        explanation_request(actor=None, record=DailyRecord.objects.get(official=official, day=day))
        for day in (MONDAY, MONDAY + dt.timedelta(days=1))
    )
    exception_approve(
        actor=personas.chair_a, exception=_request(official, end=MONDAY, kind=ExceptionKind.SICK_LEAVE)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ExplanationStatus.WITHDRAWN, ExplanationStatus.REQUESTED)
    assert AuditEvent.objects.filter(action="explanation.withdraw", object_id=str(first.pk)).count() == 1
    assert Explanation.objects.count() == 2
