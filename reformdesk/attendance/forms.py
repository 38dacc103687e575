"""Forms of the attendance staff pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.attendance.choices import CommandKind, DaySession, DeviceLocation, ExceptionKind
from reformdesk.core.dates import DayField, MonthField
from reformdesk.core.forms import TextInputMixin
from reformdesk.org.models import Official, Unit


class ApproveForm(TextInputMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đặt máy"), queryset=Unit.objects.none(), empty_label=None)
    location = forms.ChoiceField(label=_("Vị trí"), choices=DeviceLocation.choices, widget=forms.RadioSelect)

    def __init__(self, *args, units, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"


class PinMapForm(TextInputMixin, forms.Form):
    official = forms.ModelChoiceField(label=_("Cán bộ được gắn với mã"), queryset=Official.objects.none())

    def __init__(self, *args, officials, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        self.fields["official"].widget.attrs["class"] = "form-select"


class CommandForm(TextInputMixin, forms.Form):
    """A command for a device: the day (fetch again, reconcile) or the PIN (users) when needed."""

    kind = forms.ChoiceField(label=_("Lệnh"), choices=CommandKind.choices)
    day = DayField(label=_("Ngày"), required=False)
    pin = forms.CharField(label=_("Mã chấm công"), max_length=32, required=False)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        kind = data.get("kind")
        if kind in {CommandKind.QUERY_ATTLOG, CommandKind.VERIFY_SUM} and not data.get("day"):
            self.add_error("day", _("Hãy chọn ngày."))
        if kind in {CommandKind.USER_UPDATE, CommandKind.USER_DELETE} and not (data.get("pin") or "").strip():
            self.add_error("pin", _("Hãy nhập mã chấm công."))
        return data


class NetworksForm(TextInputMixin, forms.Form):
    """The networks a device may send from, one CIDR a line or comma-separated (checked by the
    service, ``device_set_networks``)."""

    allowed_networks = forms.CharField(
        label=_("Mạng được phép gửi dữ liệu"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control font-monospace"}),
        help_text=_(
            "Mỗi dòng một địa chỉ hoặc dải địa chỉ, ví dụ 10.1.2.0/24. Để trống: nhận từ mọi địa chỉ."
        ),
    )


class CommKeyForm(TextInputMixin, forms.Form):
    """A new communication key, never shown back (checked by the service, ``device_set_comm_key``)."""

    comm_key = forms.CharField(
        label=_("Khóa giao tiếp mới"),
        strip=True,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )


class ExceptionForm(TextInputMixin, forms.Form):
    """A leave request: for oneself, or for an official of a unit where the user enters leave."""

    official = forms.ModelChoiceField(label=_("Cán bộ"), queryset=Official.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Loại"), choices=ExceptionKind.choices)
    start = DayField(label=_("Từ ngày"))
    end = DayField(label=_("Đến ngày"))
    session = forms.ChoiceField(label=_("Buổi"), choices=DaySession.choices, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, officials, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials
        for name in ("official", "kind", "session"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("start", "end", "reason"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


class DecisionForm(TextInputMixin, forms.Form):
    note = forms.CharField(
        label=_("Ý kiến"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AnswerForm(TextInputMixin, forms.Form):
    answer = forms.CharField(
        label=_("Nội dung giải trình"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    attachment = forms.FileField(
        label=_("Tệp kèm theo (PDF, JPEG hoặc PNG, không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class TimesheetForm(TextInputMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)
    month = MonthField(label=_("Tháng"))

    def __init__(self, *args, units, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"

    def clean_month(self) -> dt.date:
        month: dt.date = self.cleaned_data["month"]
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Tháng phải trong các năm 2000–2100."), code="out_of_range")
        return month


class ComplianceForm(TextInputMixin, forms.Form):
    MAX_DAYS = 366

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)
    start = DayField(label=_("Từ ngày"))
    end = DayField(label=_("Đến ngày"))

    def __init__(self, *args, units, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.attrs["class"] = "form-select"

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            elif (end - start).days >= self.MAX_DAYS:
                self.add_error(
                    "end", _("Khoảng thời gian không quá %(days)s ngày.") % {"days": self.MAX_DAYS}
                )
        return data
