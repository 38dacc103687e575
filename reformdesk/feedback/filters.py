"""The worklists' filter form (django-filter, for the shared list/filter/table view)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import SearchField
from reformdesk.core.text import terms
from reformdesk.feedback.choices import Channel, Kind, Status
from reformdesk.feedback.models import FeedbackCase


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class FeedbackFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Mã phản ánh hoặc tiêu đề"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Status.choices, empty_label=_("Tất cả")
    )
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=Kind.choices, empty_label=_("Tất cả"))
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=Channel.choices, empty_label=_("Tất cả"))

    class Meta:
        model = FeedbackCase
        fields = ["q", "status", "kind", "channel"]

    def search(self, queryset: QuerySet[FeedbackCase], name: str, value: str) -> QuerySet[FeedbackCase]:
        for term in terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset
