from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    """What a calendar override does to its date."""

    HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
    SWAPPED_DAY_OFF = "swapped_day_off", _("Ngày nghỉ hoán đổi")
    MAKEUP_WORKDAY = "makeup_workday", _("Ngày làm bù")
    HOLIDAY_OFF = "holiday_off", _("Không tính là ngày lễ")


# Kinds that make a date a day off. A make-up day makes it a working day; ``HOLIDAY_OFF`` only
# cancels a holiday of the ``holidays`` package, so the date follows the usual week again.
DAY_OFF_KINDS = frozenset({OverrideKind.HOLIDAY, OverrideKind.SWAPPED_DAY_OFF})


class Season(models.TextChoices):
    """A label for an office-hours schedule; the dates it covers are stored on the schedule."""

    ALL_YEAR = "all_year", _("Cả năm")
    SUMMER = "summer", _("Mùa hè")
    WINTER = "winter", _("Mùa đông")


class WorkWeekday(models.IntegerChoices):
    """Office sessions are set for Monday to Friday (Decision 188/1999/QĐ-TTg: 40 hours a week)."""

    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
