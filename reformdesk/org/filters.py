import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.org.choices import OfficialCategory, UnitKind
from reformdesk.org.models import Official, Unit
from reformdesk.org.selectors import official_search


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc mã"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Loại đơn vị"), choices=UnitKind.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = Unit
        fields = ["q", "kind"]

    def search(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return queryset.filter(
            Q(name_vi__icontains=value) | Q(name_en__icontains=value) | Q(code__icontains=value)
        )


class OfficialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, mã, chức vụ"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Phân loại"), choices=OfficialCategory.choices, empty_label=_("Tất cả")
    )
    is_active = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[("1", _("Đang công tác")), ("0", _("Đã nghỉ, chuyển công tác"))],
        empty_label=_("Tất cả"),
        method="by_activity",
    )

    class Meta:
        model = Official
        fields = ["q", "category", "is_active"]

    def search(self, queryset: QuerySet[Official], name: str, value: str) -> QuerySet[Official]:
        return official_search(queryset, value)

    def by_activity(self, queryset: QuerySet[Official], name: str, value: str) -> QuerySet[Official]:
        return queryset.filter(is_active=value == "1")
