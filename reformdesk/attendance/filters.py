"""Filters of the attendance staff lists (django-filter FilterSets for FilteredTableView)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import DayStatus, DeviceStatus
from reformdesk.attendance.models import DailyRecord, Device, DevicePerson, Punch
from reformdesk.attendance.receiver import VN_TZ
from reformdesk.core.dates import DayFilter
from reformdesk.org.models import Unit


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


class DeviceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Số sê-ri hoặc kiểu máy"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=DeviceStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Device
        fields = ["q", "status"]

    def search(self, queryset: QuerySet[Device], name: str, value: str) -> QuerySet[Device]:
        value = value.strip()[:64]
        return queryset.filter(Q(serial__icontains=value) | Q(model_name__icontains=value))


class PunchFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("Tất cả"), method="by_unit"
    )
    start = DayFilter(label=_("Từ ngày"), method="from_day")
    end = DayFilter(label=_("Đến ngày"), method="to_day")
    q = django_filters.CharFilter(label=_("Mã chấm công hoặc họ tên"), method="search")

    class Meta:
        model = Punch
        fields = ["unit", "start", "end", "q"]

    def __init__(self, *args, units: QuerySet[Unit] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.none()

    def by_unit(self, queryset: QuerySet[Punch], name: str, value: Unit) -> QuerySet[Punch]:
        return queryset.filter(unit=value)

    def from_day(self, queryset: QuerySet[Punch], name: str, value: dt.date) -> QuerySet[Punch]:
        return queryset.filter(punched_at__gte=_day_start(value))

    def to_day(self, queryset: QuerySet[Punch], name: str, value: dt.date) -> QuerySet[Punch]:
        return queryset.filter(punched_at__lt=_day_start(value + dt.timedelta(days=1)))

    def search(self, queryset: QuerySet[Punch], name: str, value: str) -> QuerySet[Punch]:
        value = value.strip()[:100]
        return queryset.filter(Q(pin=value) | Q(official__full_name__icontains=value))


class UnknownPinFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mã chấm công hoặc tên trên máy"), method="search")

    class Meta:
        model = DevicePerson
        fields = ["q"]

    def search(self, queryset: QuerySet[DevicePerson], name: str, value: str) -> QuerySet[DevicePerson]:
        value = value.strip()[:100]
        return queryset.filter(Q(pin=value) | Q(name_on_device__icontains=value))


class DailyRecordFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("Tất cả")
    )
    start = DayFilter(label=_("Từ ngày"), field_name="day", lookup_expr="gte")
    end = DayFilter(label=_("Đến ngày"), field_name="day", lookup_expr="lte")
    status = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=DayStatus.choices, empty_label=_("Tất cả")
    )
    q = django_filters.CharFilter(label=_("Họ tên cán bộ"), method="search")

    class Meta:
        model = DailyRecord
        fields = ["unit", "start", "end", "status", "q"]

    def __init__(self, *args, units: QuerySet[Unit] | None = None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units if units is not None else Unit.objects.none()

    def search(self, queryset: QuerySet[DailyRecord], name: str, value: str) -> QuerySet[DailyRecord]:
        return queryset.filter(official__full_name__icontains=value.strip()[:100])
