"""The worklists' filter form (django-filter, for the shared list/filter/table view)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Channel
from reformdesk.core.text import terms
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier


class DossierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mã hồ sơ, tên hoặc số định danh"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Status.choices, empty_label=_("Tất cả")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Hình thức nộp"), choices=Channel.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Dossier
        fields = ["q", "status", "channel"]

    def search(self, queryset: QuerySet[Dossier], name: str, value: str) -> QuerySet[Dossier]:
        for term in terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset
