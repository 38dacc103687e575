"""Filters of the catalog's staff lists (django-filter FilterSets for FilteredTableView)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Level, OnlineLevel, PublicationPlace
from reformdesk.catalog.models import Field, Procedure, Publication
from reformdesk.core.text import terms
from reformdesk.org.models import Unit

_LEVEL_FLAGS = {Level.PROVINCE: "at_province", Level.DISTRICT: "at_district", Level.COMMUNE: "at_commune"}
ACTIVE_CHOICES = [("1", _("Đang áp dụng")), ("0", _("Ngừng áp dụng"))]
CURRENT_CHOICES = [("1", _("Đang công khai")), ("0", _("Đã gỡ bỏ"))]


def folded_search(queryset: QuerySet, value: str, field: str = "search_text") -> QuerySet:
    """Every folded word of ``value`` must occur in ``field`` ("dang ky" finds "Đăng ký")."""
    for term in terms(value):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


class ProcedureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc mã"), method="search")
    field = django_filters.ModelChoiceFilter(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("Tất cả")
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp thực hiện"), choices=Level.choices, empty_label=_("Tất cả"), method="by_level"
    )
    online_level = django_filters.ChoiceFilter(
        label=_("Mức độ trực tuyến"), choices=OnlineLevel.choices, empty_label=_("Tất cả")
    )
    is_active = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=ACTIVE_CHOICES, empty_label=_("Tất cả"), method="by_activity"
    )

    class Meta:
        model = Procedure
        fields = ["q", "field", "level", "online_level", "is_active"]

    def search(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        return folded_search(queryset, value)

    def by_level(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        return queryset.filter(**{_LEVEL_FLAGS[Level(value)]: True})

    def by_activity(self, queryset: QuerySet[Procedure], name: str, value: str) -> QuerySet[Procedure]:
        return queryset.filter(is_active=value == "1")


class FieldFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc mã"), method="search")

    class Meta:
        model = Field
        fields = ["q"]

    def search(self, queryset: QuerySet[Field], name: str, value: str) -> QuerySet[Field]:
        return queryset.filter(
            Q(code__icontains=value) | Q(name_vi__icontains=value) | Q(name_en__icontains=value)
        )


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm thủ tục"), method="search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị"), queryset=lambda request: Unit.objects.active(), empty_label=_("Tất cả")
    )
    place = django_filters.ChoiceFilter(
        label=_("Hình thức"), choices=PublicationPlace.choices, empty_label=_("Tất cả")
    )
    current = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=CURRENT_CHOICES, empty_label=_("Tất cả"), method="by_current"
    )

    class Meta:
        model = Publication
        fields = ["q", "unit", "place", "current"]

    def search(self, queryset: QuerySet[Publication], name: str, value: str) -> QuerySet[Publication]:
        return folded_search(queryset, value, "procedure__search_text")

    def by_current(self, queryset: QuerySet[Publication], name: str, value: str) -> QuerySet[Publication]:
        return queryset.filter(withdrawn_on__isnull=value == "1")
