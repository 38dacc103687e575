"""Services: who may write, what is refused (with nothing saved), and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from reformdesk.core.models import AuditEvent
from reformdesk.org.tests.factories import make_unit
from reformdesk.worktime import services
from reformdesk.worktime.calendar import calendar_revision
from reformdesk.worktime.choices import OverrideKind, Season
from reformdesk.worktime.models import CalendarOverride, OfficeSchedule, OfficeSession

pytestmark = pytest.mark.django_db

T = dt.time
DAY = ((T(7, 30), T(11, 30)), (T(13, 30), T(17, 30)))
WEEK = dict.fromkeys(range(5), DAY)


def _counts() -> tuple[int, int, int, int]:
    return (
        CalendarOverride.objects.count(),
        OfficeSchedule.objects.count(),
        OfficeSession.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Overrides: permissions -------------------------------------------------------------------------


def test_district_reform_officer_may_add_a_national_override(personas, official_calendar):
    token = calendar_revision()
    override = services.override_create(
        actor=personas.district_reform,
        date=dt.date(2027, 2, 5),
        kind=OverrideKind.HOLIDAY,
        name_vi="Tết Nguyên đán Đinh Mùi (29 tháng Chạp)",
        name_en="Lunar New Year holiday",
        source="Thông báo của Bộ Nội vụ",
    )
    assert override.unit is None
    event = AuditEvent.objects.get(action="calendar_override.create", object_id=str(override.pk))
    assert event.actor == personas.district_reform
    assert event.changes["date"] == [None, "2027-02-05"]
    assert event.changes["kind"] == [None, "holiday"]
    assert calendar_revision() != token


@pytest.mark.parametrize("who", ["one_stop_a", "chair_a", "specialist_b", "inspector", "outsider"])
def test_others_may_not_touch_overrides(personas, official_calendar, who):
    actor = getattr(personas, who)
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.override_create(
            actor=actor, date=dt.date(2027, 2, 5), kind=OverrideKind.HOLIDAY, name_vi="Tết"
        )
    culture_day = CalendarOverride.objects.get(date=dt.date(2026, 11, 24), unit__isnull=True)
    with pytest.raises(PermissionDenied):
        services.override_set_active(actor=actor, override=culture_day, is_active=True)
    with pytest.raises(PermissionDenied):
        services.override_delete(actor=actor, override=culture_day)
    assert _counts() == before
    culture_day.refresh_from_db()
    assert culture_day.is_active is False


def test_unit_overrides_need_the_permission_on_that_unit(personas, tree, official_calendar):
    services.override_create(
        actor=personas.district_reform,
        date=dt.date(2026, 3, 9),
        kind=OverrideKind.HOLIDAY,
        name_vi="Nghỉ riêng của xã",
        unit=tree.commune_a,
    )
    elsewhere = make_unit(name="Tỉnh Hà Tĩnh", kind="province", code="000.00.00.H42")
    with pytest.raises(PermissionDenied):
        services.override_create(
            actor=personas.district_reform,
            date=dt.date(2026, 3, 9),
            kind=OverrideKind.HOLIDAY,
            name_vi="Nghỉ riêng",
            unit=elsewhere,
        )
    assert CalendarOverride.objects.filter(unit__isnull=False).count() == 1


# --- Overrides: validation --------------------------------------------------------------------------


def test_conflicting_active_overrides_are_refused(official_calendar):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        services.override_create(
            actor=None, date=dt.date(2026, 1, 10), kind=OverrideKind.HOLIDAY, name_vi="Nghỉ thêm"
        )
    assert caught.value.message_dict["date"] == [
        "Ngày 10/01/2026 đã có một điều chỉnh đang áp dụng cho cùng phạm vi: «Làm bù cho ngày thứ Sáu "
        "02/01/2026» (Ngày làm bù). Hãy tắt hoặc sửa điều chỉnh đó trước."
    ]
    assert _counts() == before


def test_conflict_message_is_translated(official_calendar):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.override_create(
            actor=None, date=dt.date(2026, 1, 10), kind=OverrideKind.HOLIDAY, name_vi="Nghỉ thêm"
        )
    assert caught.value.message_dict["date"] == [
        "There is already an active override on 10/01/2026 for the same scope: “Make-up working Saturday "
        "for Friday 2 January” (Make-up working day). Switch it off or change it first."
    ]


def test_an_inactive_row_may_share_the_date_but_not_be_switched_on(official_calendar):
    spare = services.override_create(
        actor=None, date=dt.date(2026, 1, 10), kind=OverrideKind.HOLIDAY, name_vi="Dự phòng", is_active=False
    )
    with pytest.raises(ValidationError):
        services.override_set_active(actor=None, override=spare, is_active=True)
    spare.refresh_from_db()
    assert spare.is_active is False


def test_the_same_date_in_another_scope_is_allowed(tree, official_calendar):
    row = services.override_create(
        actor=None,
        date=dt.date(2026, 1, 10),
        kind=OverrideKind.HOLIDAY_OFF,
        name_vi="Xã không làm bù",
        unit=tree.commune_a,
    )
    assert row.pk is not None


@pytest.mark.parametrize(
    ("date", "kind", "field", "message"),
    [
        (
            dt.date(2026, 3, 9),
            OverrideKind.MAKEUP_WORKDAY,
            "kind",
            "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
        ),
        (
            dt.date(2026, 3, 7),
            OverrideKind.SWAPPED_DAY_OFF,
            "kind",
            "Ngày nghỉ hoán đổi phải là một ngày làm việc (thứ Hai đến thứ Sáu).",
        ),
    ],
)
def test_kind_must_fit_the_weekday(official_calendar, date, kind, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        services.override_create(actor=None, date=date, kind=kind, name_vi="Ngày thử")
    assert caught.value.message_dict[field] == [message]
    assert _counts() == before


def test_blank_name_and_unknown_kind_are_refused(official_calendar):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        services.override_create(actor=None, date=dt.date(2026, 3, 9), kind="festival", name_vi="  ")
    assert set(caught.value.message_dict) == {"kind", "name_vi"}
    assert _counts() == before


def test_update_and_delete_are_audited(personas, official_calendar):
    row = CalendarOverride.objects.get(date=dt.date(2026, 11, 24), unit__isnull=True)
    services.override_update(
        actor=personas.district_reform, override=row, is_active=True, source="Luật sửa đổi"
    )
    event = AuditEvent.objects.get(action="calendar_override.update", object_id=str(row.pk))
    assert event.changes["is_active"] == [False, True]
    assert event.changes["source"][1] == "Luật sửa đổi"
    services.override_delete(actor=personas.district_reform, override=row)
    assert not CalendarOverride.objects.filter(pk=row.pk).exists()
    deleted = AuditEvent.objects.get(action="calendar_override.delete")
    assert deleted.changes["date"] == ["2026-11-24", None]


def test_unchanged_update_writes_nothing(official_calendar):
    row = CalendarOverride.objects.get(date=dt.date(2026, 1, 10))
    token, before = calendar_revision(), _counts()
    services.override_update(actor=None, override=row, name_vi=row.name_vi)
    assert (calendar_revision(), _counts()) == (token, before)


# --- Office hours ----------------------------------------------------------------------------------


def _schedule(actor, unit, **overrides):
    values = {"name_vi": "Giờ làm việc", "valid_from": dt.date(2026, 1, 1), "sessions": WEEK, **overrides}
    return services.schedule_set(actor=actor, unit=unit, **values)


def test_a_leader_sets_the_office_hours_of_the_commune(personas, tree):
    schedule = _schedule(personas.chair_a, tree.commune_a, cutoff=T(16))
    assert schedule.sessions.count() == 10
    assert [(s.weekday, s.start, s.end) for s in schedule.sessions.all()][:2] == [
        (0, T(7, 30), T(11, 30)),
        (0, T(13, 30), T(17, 30)),
    ]
    event = AuditEvent.objects.get(action="office_schedule.create")
    assert event.actor == personas.chair_a
    assert event.changes["sessions"][1][0] == "07:30–11:30, 13:30–17:30"
    assert event.changes["cutoff"] == [None, "16:00:00"]


@pytest.mark.parametrize(
    ("who", "unit"), [("one_stop_a", "commune_a"), ("chair_a", "commune_b"), ("inspector", "commune_a")]
)
def test_others_may_not_set_office_hours(personas, tree, who, unit):
    before = _counts()
    with pytest.raises(PermissionDenied):
        _schedule(getattr(personas, who), getattr(tree, unit))
    assert _counts() == before


def test_district_reform_officer_sets_hours_anywhere_in_the_district(personas, tree):
    assert _schedule(personas.district_reform, tree.commune_b).unit == tree.commune_b


REFUSED = [
    pytest.param(
        {"sessions": {}}, "sessions", "Lịch phải có ít nhất một buổi làm việc.", id="no-working-time"
    ),
    pytest.param(
        {"sessions": {0: [(T(12), T(8))]}},
        "sessions",
        "Buổi làm việc 12:00–08:00 phải kết thúc sau khi bắt đầu.",
        id="end-before-start",
    ),
    pytest.param(
        {"sessions": {0: [(T(8), T(8))]}},
        "sessions",
        "Buổi làm việc 08:00–08:00 phải kết thúc sau khi bắt đầu.",
        id="end-equals-start",
    ),
    pytest.param(
        {"sessions": {1: [(T(8), T(12)), (T(11), T(14))]}},
        "sessions",
        "Các buổi làm việc trong cùng một ngày không được chồng lên nhau.",
        id="overlapping-sessions",
    ),
    pytest.param(
        {"sessions": {5: [(T(8), T(12))]}},
        "sessions",
        "Chỉ đặt buổi làm việc cho thứ Hai đến thứ Sáu.",
        id="saturday-sessions",
    ),
    pytest.param(
        {"cutoff": T(7)},
        "cutoff",
        "Giờ chốt nhận hồ sơ phải nằm trong giờ làm việc (sau giờ bắt đầu buổi sáng).",
        id="cutoff-before-opening",
    ),
    pytest.param(
        {"valid_to": dt.date(2025, 12, 31)},
        "valid_to",
        "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
        id="period-ends-before-it-starts",
    ),
    pytest.param(
        {"season": Season.SUMMER},
        "season",
        "Lịch theo mùa phải có ngày, tháng bắt đầu và kết thúc mùa.",
        id="season-without-dates",
    ),
    pytest.param(
        {"season": Season.SUMMER, "season_start": (2, 30), "season_end": (10, 14)},
        "season",
        "Ngày bắt đầu hoặc kết thúc mùa không phải một ngày có thật.",
        id="season-impossible-date",
    ),
    pytest.param(
        {"season_start": (4, 15), "season_end": (10, 14)},
        "season",
        "Lịch áp dụng cả năm thì không ghi ngày bắt đầu, kết thúc mùa.",
        id="all-year-with-season-dates",
    ),
    pytest.param({"name_vi": " "}, "name_vi", "Trường này không được để trắng.", id="blank-name"),
]


@pytest.mark.parametrize(("values", "field", "message"), REFUSED)
def test_bad_schedules_are_refused_and_nothing_is_saved(tree, values, field, message):
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _schedule(None, tree.commune_a, **values)
    assert caught.value.message_dict[field] == [message]
    assert _counts() == before


SUMMER = {"season": Season.SUMMER, "season_start": (4, 15), "season_end": (10, 14)}
WINTER = {"season": Season.WINTER, "season_start": (10, 15), "season_end": (4, 14)}


@pytest.mark.parametrize(
    ("first", "second", "example"),
    [
        ({}, {"name_vi": "Lịch mới", "valid_from": dt.date(2026, 6, 1)}, "01/06/2026"),
        (SUMMER, {**SUMMER, "name_vi": "Hè 2", "valid_from": dt.date(2027, 1, 1)}, "15/04/2027"),
        (WINTER, {**WINTER, "name_vi": "Đông 2", "valid_from": dt.date(2026, 3, 1)}, "01/03/2026"),
        (SUMMER, {"name_vi": "Cả năm", "valid_from": dt.date(2026, 2, 1)}, "15/04/2026"),
        (WINTER, {**SUMMER, "season_start": (4, 1), "name_vi": "Hè sớm"}, "01/04/2026"),
    ],
    ids=["all-year", "same-season", "winter-wrapping", "all-year-over-season", "seasons-overlap"],
)
def test_overlapping_periods_of_one_unit_are_refused(tree, first, second, example):
    existing = _schedule(None, tree.commune_a, name_vi="Giờ làm việc", **first)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _schedule(None, tree.commune_a, **second)
    assert caught.value.message_dict["valid_from"] == [
        f"Thời gian áp dụng trùng với lịch «{existing.name_vi}» của cùng đơn vị (ví dụ ngày {example})."
    ]
    assert _counts() == before


def test_summer_and_winter_and_successive_periods_coexist(tree):
    _schedule(None, tree.commune_a, name_vi="Hè", **SUMMER)
    _schedule(None, tree.commune_a, name_vi="Đông", **WINTER)
    _schedule(
        None, tree.commune_a, name_vi="Cũ", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2025, 12, 31)
    )
    _schedule(None, tree.commune_b, name_vi="Xã khác")  # another unit may cover the same dates
    assert OfficeSchedule.objects.filter(unit=tree.commune_a).count() == 3


def test_replacing_a_schedule_keeps_one_row_and_audits_the_change(tree):
    schedule = _schedule(None, tree.commune_a)
    services.schedule_set(
        actor=None,
        unit=tree.commune_a,
        name_vi="Giờ làm việc",
        valid_from=dt.date(2026, 1, 1),
        sessions={**WEEK, 4: [(T(7, 30), T(11, 30))]},
        schedule=schedule,
    )
    assert OfficeSchedule.objects.count() == 1
    assert OfficeSession.objects.count() == 9
    event = AuditEvent.objects.get(action="office_schedule.update")
    assert event.changes == {
        "sessions": [
            ["07:30–11:30, 13:30–17:30"] * 5,
            ["07:30–11:30, 13:30–17:30"] * 4 + ["07:30–11:30"],
        ]
    }


def test_deleting_a_schedule(personas, tree):
    schedule = _schedule(None, tree.commune_a)
    with pytest.raises(PermissionDenied):
        services.schedule_delete(actor=personas.one_stop_a, schedule=schedule)
    services.schedule_delete(actor=personas.chair_a, schedule=schedule)
    assert OfficeSchedule.objects.count() == 0
    assert OfficeSession.objects.count() == 0
    assert AuditEvent.objects.get(action="office_schedule.delete").changes["name_vi"] == [
        "Giờ làm việc",
        None,
    ]
