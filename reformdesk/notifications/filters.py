"""Filters of the outbox page."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.notifications.choices import MessageChannel, MessageStatus
from reformdesk.notifications.models import Message


class MessageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm (người nhận, mã hồ sơ)"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=MessageStatus.choices)
    channel = django_filters.ChoiceFilter(label=_("Kênh"), choices=MessageChannel.choices)

    class Meta:
        model = Message
        fields = ["q", "status", "channel"]

    def search(self, queryset: QuerySet[Message], name: str, value: str) -> QuerySet[Message]:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(recipient__icontains=value) | Q(reference__icontains=value))
