"""Forms of the feedback desk's settings: the default handling unit of a kind, answer templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.feedback.choices import ROUTABLE_KINDS, Kind
from reformdesk.feedback.forms import ServiceErrors
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS
from reformdesk.feedback.models.templates import TEMPLATE_TITLE_MAX_CHARS
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


class AnswerTemplateForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """An answer template: its unit, the kind it serves (or any), a title and the text."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none())
    kind = forms.ChoiceField(
        label=_("Loại phản ánh"), required=False, choices=[("", _("Mọi loại")), *Kind.choices]
    )
    title = forms.CharField(label=_("Tên mẫu"), max_length=TEMPLATE_TITLE_MAX_CHARS)
    body = forms.CharField(
        label=_("Nội dung trả lời mẫu"),
        max_length=CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = _unit_field(_("Đơn vị"), units)
        self.fields["unit"].widget.attrs["class"] = "form-select"
