"""Forms of the attendance staff pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import CommandKind, DeviceLocation
from reformdesk.org.models import Official, Unit


class ApproveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đặt máy"), queryset=Unit.objects.none(), empty_label=None)
    location = forms.ChoiceField(label=_("Vị trí"), choices=DeviceLocation.choices, widget=forms.RadioSelect)

    def __init__(self, *args, units, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"


class PinMapForm(forms.Form):
    official = forms.ModelChoiceField(label=_("Cán bộ được gắn với mã"), queryset=Official.objects.none())

    def __init__(self, *args, officials, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].widget.attrs["class"] = "form-select"


class CommandForm(forms.Form):
    """A command for a device: the day (fetch again, reconcile) or the PIN (users) when needed."""

    kind = forms.ChoiceField(label=_("Lệnh"), choices=CommandKind.choices)
    day = forms.DateField(label=_("Ngày"), required=False)
    pin = forms.CharField(label=_("Mã chấm công"), max_length=32, required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        kind = data.get("kind")
        if kind in {CommandKind.QUERY_ATTLOG, CommandKind.VERIFY_SUM} and not data.get("day"):
            self.add_error("day", _("Hãy chọn ngày."))
        if kind in {CommandKind.USER_UPDATE, CommandKind.USER_DELETE} and not (data.get("pin") or "").strip():
            self.add_error("pin", _("Hãy nhập mã chấm công."))
        return data
