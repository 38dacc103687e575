"""Filters of the audit pages (django-filter FilterSets for FilteredTableView)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayFilter
from reformdesk.core.models import AccessLog, AuditEvent

CHANNEL_CHOICES = [
    ("web", _("Trang web")),
    ("api", _("API")),
    ("command", _("Lệnh quản trị")),
    ("task", _("Tác vụ nền")),
]


def _day_start(day: dt.date) -> dt.datetime:
    """Local midnight of ``day``: comparing ``at`` with it keeps the ``at`` index usable."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _date_filter(label: str, method: str) -> DayFilter:
    return DayFilter(label=label, method=method)


class _PeriodFilter(django_filters.FilterSet):
    date_from = _date_filter(_("Từ ngày"), "filter_from")
    date_to = _date_filter(_("Đến ngày"), "filter_to")
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=CHANNEL_CHOICES, empty_label=_("Tất cả"))

    def filter_from(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(at__gte=_day_start(value))

    def filter_to(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(at__lt=_day_start(value + dt.timedelta(days=1)))


class AuditEventFilter(_PeriodFilter):
    action = django_filters.CharFilter(
        label=_("Hành động"),
        lookup_expr="startswith",
        widget=forms.TextInput(attrs={"placeholder": "auth.login", "autocomplete": "off"}),
    )
    object_type = django_filters.CharFilter(
        label=_("Loại đối tượng"),
        lookup_expr="startswith",
        widget=forms.TextInput(attrs={"placeholder": "org.unit", "autocomplete": "off"}),
    )
    actor = django_filters.CharFilter(
        label=_("Người thực hiện (tên đăng nhập)"),
        field_name="actor_label",
        lookup_expr="istartswith",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "actor", "date_from", "date_to", "channel"]


class AccessLogFilter(_PeriodFilter):
    subject_type = django_filters.CharFilter(
        label=_("Loại dữ liệu"),
        lookup_expr="startswith",
        widget=forms.TextInput(attrs={"placeholder": "org.official", "autocomplete": "off"}),
    )
    subject = django_filters.CharFilter(
        label=_("Chủ thể dữ liệu"),
        field_name="subject_repr",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    actor = django_filters.CharFilter(
        label=_("Người xem (tên đăng nhập)"),
        field_name="actor_label",
        lookup_expr="istartswith",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = AccessLog
        fields = ["subject_type", "subject", "actor", "date_from", "date_to", "channel"]
