"""Forms of the feedback desk's settings: the default handling unit of a kind, answer templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.feedback.choices import ROUTABLE_KINDS, Kind
from reformdesk.feedback.forms import ServiceErrors
from reformdesk.org.models import Unit


def _unit_field(label: Any, units: list[Unit], *, required: bool = True) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label,
        queryset=Unit.objects.filter(pk__in=[u.pk for u in units]),
        to_field_name="code",
        required=required,
        empty_label="—",
    )
    field.choices = [("", "—"), *((u.code, f"{u.name} ({u.code})") for u in units)]
    return field


class RouteForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A kind of feedback received at a unit (or below it) and the unit that handles it."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=_("Loại phản ánh"), choices=[(v, label) for v, label in Kind.choices if v in ROUTABLE_KINDS]
    )
    handling_unit = forms.ModelChoiceField(queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(_("Phản ánh tiếp nhận tại (và các đơn vị trực thuộc)"), units)
        self.fields["handling_unit"] = _unit_field(_("Chuyển cơ quan xử lý"), units)
        for name in ("unit", "handling_unit"):
            self.fields[name].widget.attrs["class"] = "form-select"
