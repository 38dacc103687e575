"""The registers' filter forms (django-filter, for the shared list/filter/table view)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import SearchField
from reformdesk.documents.choices import DocumentType, OutgoingStatus
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.documents.selectors import matching


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


def register_years() -> list[tuple[str, str]]:
    """This year and the nine before it, newest first."""
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year, this_year - 10, -1)]


class _RegisterFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(label=_("Năm"), choices=register_years, empty_label=_("Tất cả"))
    doc_type = django_filters.ChoiceFilter(
        label=_("Loại văn bản"), choices=DocumentType.choices, empty_label=_("Tất cả")
    )

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return matching(queryset, value)


class IncomingFilter(_RegisterFilter):
    q = SearchFilter(label=_("Số ký hiệu, nơi gửi, trích yếu, nội dung tệp"), method="search")

    class Meta:
        model = IncomingDocument
        fields = ["q", "year", "doc_type"]


class OutgoingFilter(_RegisterFilter):
    q = SearchFilter(label=_("Số ký hiệu, trích yếu, người ký, nơi nhận, nội dung tệp"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=OutgoingStatus.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = OutgoingDocument
        fields = ["q", "year", "doc_type", "status"]
