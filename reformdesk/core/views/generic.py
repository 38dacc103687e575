"""The list/filter/table pattern every list page reuses.

A page declares a FilterSet and a Table and gets: a filter form, a sortable paginated table, and
htmx requests (typing in the filter, sorting, paging) that re-render only the table fragment.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

TABLE_REGION_ID = "table-region"


class FilteredTableView(SingleTableMixin, FilterView):
    template_name = "core/list.html"
    fragment_template_name = "core/_table.html"
    # The table paginates; the ListView must not, or the page would count the rows twice.
    paginate_by = None
    per_page = 25
    page_title: Any = ""
    page_intro: Any = ""

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target == TABLE_REGION_ID:
            return [self.fragment_template_name]
        return [self.template_name]

    def get_table_pagination(self, table: Any) -> dict[str, Any]:
        return {"per_page": self.per_page}

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        for field in filterset.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return filterset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        context["page_intro"] = self.page_intro
        return context
