"""The public procedure search form: a free-text query and four filters, all optional."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog import selectors
from reformdesk.catalog.choices import ONLINE_ANY, Level, OnlineLevel
from reformdesk.catalog.models import Field
from reformdesk.core.forms import SearchField, TextInputMixin
from reformdesk.portal.cache import cached_value

QUERY_MAX_LENGTH = 200


class PlainSelect(forms.Select):
    """A select rendered in Python: Django's template-per-option rendering costs more than the
    whole search on a list of a hundred fields, and this page is the most requested one. Options
    are escaped with the standard library's ``html.escape`` (Django's ``format_html`` per option
    cost more than the query)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = "" if value is None else str(value)
        options = []
        for key, label in self.choices:
            code = str(getattr(key, "value", key))
            selected = " selected" if code == chosen else ""
            options.append(f'<option value="{escape(code)}"{selected}>{escape(str(label))}</option>')
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


def _localised(rows: Any) -> list[tuple[str, str]]:
    """(code, name) pairs from (code, name_vi, name_en) rows, in the active language."""
    english = (get_language() or "vi").startswith("en")
    return [(code, name_en if english and name_en else name_vi) for code, name_vi, name_en in rows]


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (code, name) choices of the field and unit filters in the active language: two light
    queries, kept in the portal cache until the next catalog or unit write (or the next day)."""

    def build() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        fields = Field.objects.order_by("sort_order", "name_vi", "code").values_list(
            "code", "name_vi", "name_en"
        )
        units = selectors.units_with_desk_publications().values_list("code", "name_vi", "name_en")
        return _localised(fields), _localised(units)

    return cached_value("search-filters", (), build)


class ProcedureSearchForm(TextInputMixin, forms.Form):
    """Bound to the query string. An invalid filter is reported beside its field and left out of
    the search; the valid ones still apply."""

    q = SearchField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Ví dụ: đăng ký khai sinh"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    # Fields and units are plain choices (codes) from ``filter_choices``: validating a choice needs
    # no query.
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, widget=PlainSelect)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        choices=[("", _("Tất cả các cấp")), *Level.choices],
        required=False,
        widget=PlainSelect,
    )
    unit = forms.ChoiceField(label=_("Nơi niêm yết"), required=False, widget=PlainSelect)
    online = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        choices=[("", _("Tất cả")), (ONLINE_ANY, _("Nộp trực tuyến được")), *OnlineLevel.choices],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields, units = filter_choices()
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực")), *fields]  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", _("Tất cả đơn vị")), *units]  # type: ignore[attr-defined]
        for name, bound in self.fields.items():
            css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            bound.widget.attrs.setdefault("class", css)
            if self.is_bound and name in self.errors:
                bound.widget.attrs["aria-invalid"] = "true"
                bound.widget.attrs["aria-describedby"] = f"id_{name}_error"

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``procedure_search`` from the valid part of the form."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "field": data.get("field") or None,
            "level": data.get("level") or None,
            "unit_code": data.get("unit") or None,
            "online": data.get("online") or None,
        }

    def error_summary(self) -> list[tuple[str, str]]:
        """(label, messages) of each invalid field, for the notice above the results."""
        return [
            (str(self.fields[name].label), " ".join(map(str, errors))) for name, errors in self.errors.items()
        ]

    @property
    def has_filters(self) -> bool:
        return any(self.data.get(name) for name in ("field", "level", "unit", "online"))
