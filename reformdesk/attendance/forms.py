"""Forms of the attendance staff pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import DeviceLocation
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
