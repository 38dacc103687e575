"""Calendar overrides, office-hour schedules and the bookkeeping of the calendar cache.

Rows are written only through ``worktime.services`` (which validate, audit and bump the calendar
revision); the arithmetic reads them through ``worktime.calendar``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reformdesk.worktime.choices import OverrideKind, Season, WorkWeekday

MonthDay = tuple[int, int]


class CalendarOverride(models.Model):
    """One date that the government (or a province, for its units) sets apart from the rules:
    a holiday, a working day swapped for a day off, a make-up Saturday, or a holiday of the
    ``holidays`` package that is switched off.

    ``unit`` empty means national; otherwise the override applies to the unit and its subtree and
    wins over the national calendar there. At most one *active* override per date and scope
    (database constraints): two active ones would contradict each other. Inactive rows are kept
    as switches (e.g. 24/11, Vietnam Culture Day, until its amendment is confirmed) and history.
    """

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=OverrideKind.choices)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    source = models.TextField(_("nguồn, căn cứ"), blank=True)
    is_active = models.BooleanField(
        _("đang áp dụng"),
        default=True,
        help_text=_("Bỏ chọn để lưu ngày này nhưng chưa áp dụng (ví dụ ngày nghỉ chưa được xác nhận)."),
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị áp dụng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        help_text=_("Để trống nếu áp dụng toàn quốc."),
    )

    class Meta:
        verbose_name = _("điều chỉnh lịch nghỉ, làm bù")
        verbose_name_plural = _("điều chỉnh lịch nghỉ, làm bù")
        ordering = ["date", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(is_active=True, unit__isnull=True),
                name="worktime_override_one_active_national",
            ),
            models.UniqueConstraint(
                fields=["date", "unit"],
                condition=Q(is_active=True, unit__isnull=False),
                name="worktime_override_one_active_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OverrideKind.values), name="worktime_override_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name_vi=""), name="worktime_override_named"),
        ]
        indexes = [models.Index(fields=["date", "is_active"], name="worktime_override_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    @property
    def name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi

    def clean(self) -> None:
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        if self.kind == OverrideKind.MAKEUP_WORKDAY and not weekend:
            raise ValidationError({"kind": _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")})
        if self.kind == OverrideKind.SWAPPED_DAY_OFF and weekend:
            raise ValidationError(
                {"kind": _("Ngày nghỉ hoán đổi phải là một ngày làm việc (thứ Hai đến thứ Sáu).")}
            )


class OfficeSchedule(models.Model):
    """The office hours of a unit for a period, optionally for one season of each year.

    A schedule covers the dates from ``valid_from`` to ``valid_to`` (open-ended when empty) that
    also fall in its season: ``season_start``–``season_end`` as day/month, both included, which
    may wrap over the new year (winter 15/10–14/4). Its sessions (:class:`OfficeSession`) are set
    per weekday, Monday to Friday; a make-up Saturday is worked with the sessions of the first
    weekday that has any (Monday in every usual schedule). ``cutoff`` is the hour after which a
    receipt counts from the next working day.

    A unit uses, on each date, its own schedule covering that date, else the nearest ancestor's
    (``worktime.calendar``). Two schedules of one unit never cover the same date (checked by
    ``services.schedule_set``).
    """

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="office_schedules"
    )
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    season = models.CharField(_("mùa"), max_length=10, choices=Season.choices, default=Season.ALL_YEAR)
    season_start_month = models.PositiveSmallIntegerField(_("mùa bắt đầu: tháng"), null=True, blank=True)
    season_start_day = models.PositiveSmallIntegerField(_("mùa bắt đầu: ngày"), null=True, blank=True)
    season_end_month = models.PositiveSmallIntegerField(_("mùa kết thúc: tháng"), null=True, blank=True)
    season_end_day = models.PositiveSmallIntegerField(_("mùa kết thúc: ngày"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    cutoff = models.TimeField(
        _("giờ chốt nhận hồ sơ"),
        null=True,
        blank=True,
        help_text=_("Hồ sơ nhận từ giờ này trở đi được tính từ ngày làm việc tiếp theo."),
    )

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = ["unit_id", "valid_from", "season", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="worktime_schedule_valid_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        season=Season.ALL_YEAR,
                        season_start_month__isnull=True,
                        season_start_day__isnull=True,
                        season_end_month__isnull=True,
                        season_end_day__isnull=True,
                    )
                    | (
                        ~Q(season=Season.ALL_YEAR)
                        & Q(season_start_month__gte=1, season_start_month__lte=12)
                        & Q(season_end_month__gte=1, season_end_month__lte=12)
                        & Q(season_start_day__gte=1, season_start_day__lte=31)
                        & Q(season_end_day__gte=1, season_end_day__lte=31)
                    )
                ),
                name="worktime_schedule_season_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.name} ({self.valid_from:%d/%m/%Y})"

    @property
    def name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi

    @property
    def season_range(self) -> tuple[MonthDay, MonthDay] | None:
        """``((month, day), (month, day))`` of the season, or None for the whole year."""
        if self.season == Season.ALL_YEAR:
            return None
        return (
            (self.season_start_month or 0, self.season_start_day or 0),
            (self.season_end_month or 0, self.season_end_day or 0),
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        parts = (self.season_start_month, self.season_start_day, self.season_end_month, self.season_end_day)
        if self.season == Season.ALL_YEAR:
            if any(p is not None for p in parts):
                errors["season"] = _("Lịch áp dụng cả năm thì không ghi ngày bắt đầu, kết thúc mùa.")
        elif any(p is None for p in parts):
            errors["season"] = _("Lịch theo mùa phải có ngày, tháng bắt đầu và kết thúc mùa.")
        else:
            for month, day in ((parts[0], parts[1]), (parts[2], parts[3])):
                try:
                    dt.date(2000, month or 0, day or 0)  # a leap year accepts 29/02
                except ValueError:
                    errors["season"] = _("Ngày bắt đầu hoặc kết thúc mùa không phải một ngày có thật.")
        if errors:
            raise ValidationError(errors)


class OfficeSession(models.Model):
    """One session of a schedule on one weekday, ``start`` included and ``end`` excluded."""

    schedule = models.ForeignKey(
        OfficeSchedule, verbose_name=_("lịch"), on_delete=models.CASCADE, related_name="sessions"
    )
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=WorkWeekday.choices)
    start = models.TimeField(_("từ giờ"))
    end = models.TimeField(_("đến giờ"))

    class Meta:
        verbose_name = _("buổi làm việc")
        verbose_name_plural = _("buổi làm việc")
        ordering = ["schedule_id", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="worktime_session_times"),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=4), name="worktime_session_weekday"
            ),
            models.UniqueConstraint(fields=["schedule", "weekday", "start"], name="worktime_session_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class CalendarRevision(models.Model):
    """A single row whose token changes on every override or schedule write.

    Each process caches built calendars under the token it read; a new token (random, so a
    rolled-back write can never bring an old token back) makes every process rebuild.
    """

    token = models.CharField(_("mã phiên bản"), max_length=32)
    changed_at = models.DateTimeField(_("thay đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiên bản lịch làm việc")
        verbose_name_plural = _("phiên bản lịch làm việc")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(id=1), name="worktime_revision_singleton")]

    def __str__(self) -> str:
        return self.token


class CalendarWarning(models.Model):
    """A warning sent by ``check_calendar_overrides`` that a year lacks its official overrides.

    One row per day and year makes the nightly job idempotent: it never warns twice in one day.
    """

    sent_on = models.DateField(_("ngày gửi"))
    year = models.PositiveSmallIntegerField(_("năm thiếu lịch"))
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cảnh báo thiếu lịch nghỉ")
        verbose_name_plural = _("cảnh báo thiếu lịch nghỉ")
        ordering = ["-sent_on", "year"]
        constraints = [
            models.UniqueConstraint(fields=["sent_on", "year"], name="worktime_warning_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%d/%m/%Y} — {self.year}"
