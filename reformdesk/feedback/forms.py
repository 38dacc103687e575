"""Forms of the feedback pages: recording a case from a staff channel, and the actions on a case.

Forms parse; the services decide. A service's refusal comes back beside the field it names.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.core.api import MAX_ID
from reformdesk.core.dates import MomentField
from reformdesk.core.forms import BootstrapMixin, DigitsField, TextInputMixin
from reformdesk.core.uploads import MAX_FILE_BYTES
from reformdesk.feedback.choices import STAFF_CHANNELS, Channel, Kind, RefusalReason, Satisfaction
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS, MAX_CALL_SECONDS, SUBJECT_MAX_CHARS
from reformdesk.feedback.services import Call, Citizen
from reformdesk.feedback.services.intake import NOTE_MAX_CHARS
from reformdesk.feedback.workflow import ActionData
from reformdesk.org.models import Official, ReceptionSlot, Unit

# The service names the citizen's fields as the case does; the form's are the same but one.
SERVICE_FIELD_NAMES = {"anonymous": "anonymous", "call_seconds": "call_minutes", "files": "attachment"}
MAX_CALL_MINUTES = MAX_CALL_SECONDS // 60


class ServiceErrors:
    """Put a service's ``ValidationError`` beside the fields it names, the rest above the form."""

    fields: dict[str, forms.Field]

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = SERVICE_FIELD_NAMES.get(name, name)
                self.add_error(target if target in self.fields else None, messages)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error.messages)  # type: ignore[attr-defined]


def _choices(values: frozenset[str] | list[str], labels: type[Any]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in labels.choices if value in values]


class IntakeForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A letter from the suggestion box, a hotline call, a visit or an e-mail, as an official
    records it."""

    unit = forms.ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=Unit.objects.none(), empty_label=None)
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"), choices=_choices(sorted(STAFF_CHANNELS), Channel), initial=Channel.HOTLINE
    )
    received_at = MomentField(
        label=_("Thời điểm tiếp nhận"),
        help_text=_("Thư góp ý: lúc mở hòm thư; cuộc gọi: lúc gọi đến. Không ghi thời điểm chưa tới."),
    )
    kind = forms.ChoiceField(label=_("Loại phản ánh"), choices=Kind.choices)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=SUBJECT_MAX_CHARS)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    place = forms.CharField(label=_("Địa điểm xảy ra"), max_length=300, required=False)
    related_dossier = forms.CharField(
        label=_("Mã hồ sơ liên quan"),
        max_length=40,
        required=False,
        help_text=_("Bắt buộc với phản ánh về việc giải quyết hồ sơ."),
    )
    related_official = forms.ModelChoiceField(
        label=_("Cán bộ bị phản ánh"),
        queryset=Official.objects.none(),
        required=False,
        to_field_name="employee_code",
        help_text=_("Phản ánh được chuyển cho lãnh đạo trực tiếp của cán bộ này, không chuyển cho cán bộ."),
    )
    anonymous = forms.BooleanField(
        label=_("Người phản ánh không cho biết danh tính"),
        required=False,
        help_text=_("Phản ánh ẩn danh không nhận được trả lời riêng: câu trả lời chỉ được công khai."),
    )
    citizen_name = forms.CharField(label=_("Họ tên người phản ánh"), max_length=200, required=False)
    citizen_phone = DigitsField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    citizen_email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    citizen_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    caller_phone = DigitsField(
        label=_("Số gọi đến"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    call_minutes = forms.IntegerField(
        label=_("Thời lượng cuộc gọi (phút)"), min_value=1, max_value=MAX_CALL_MINUTES, required=False
    )
    reception_slot = forms.ModelChoiceField(
        label=_("Buổi tiếp công dân"), queryset=ReceptionSlot.objects.none(), required=False
    )
    attachment = forms.FileField(
        label=_("Bản quét thư hoặc tệp đính kèm"),
        required=False,
        help_text=_("PDF, JPEG hoặc PNG, tối đa %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[Unit], officials: list[Official], **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("client_token", uuid.uuid4())
        initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        field = self.fields["related_official"]
        field.queryset = Official.objects.filter(pk__in=[o.pk for o in officials])
        field.choices = [("", "—"), *((o.employee_code, o.full_name) for o in officials)]
        self.fields["reception_slot"].queryset = ReceptionSlot.objects.filter(unit__in=units).select_related(
            "unit"
        )

    def citizen(self) -> Citizen:
        data = self.cleaned_data
        return Citizen(
            name=data["citizen_name"],
            phone=data["citizen_phone"],
            email=data["citizen_email"],
            address=data["citizen_address"],
            anonymous=data["anonymous"],
        )

    def call(self) -> Call | None:
        data = self.cleaned_data
        if data["channel"] != Channel.HOTLINE and not data["caller_phone"] and data["call_minutes"] is None:
            return None
        return Call(caller_phone=data["caller_phone"], seconds=(data["call_minutes"] or 0) * 60)


class ActionForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """Every field an action may need; each action's panel shows its own."""

    note = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=NOTE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.ChoiceField(
        label=_("Lý do không xử lý"), required=False, choices=[("", "—"), *RefusalReason.choices]
    )
    duplicate_of = forms.CharField(
        label=_("Trùng với phản ánh mã"),
        required=False,
        max_length=40,
        help_text=_("Chỉ ghi khi lý do là trùng lặp: phản ánh được xử lý tiếp."),
    )
    handler = forms.ModelChoiceField(
        label=_("Giao cho"), queryset=Official.objects.none(), required=False, to_field_name="employee_code"
    )
    question = forms.CharField(
        label=_("Thông tin cần công dân bổ sung"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        help_text=_("Chỉ đề nghị bổ sung một lần; thời gian chờ không tính vào thời hạn trả lời."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        required=False,
        max_length=CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    template = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label=_("Mức độ hài lòng"), required=False, choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Ý kiến của công dân"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, officials: list[Official] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if officials is not None:
            field = self.fields["handler"]
            field.queryset = Official.objects.filter(pk__in=[o.pk for o in officials])
            field.choices = [("", "—"), *((o.employee_code, o.full_name) for o in officials)]
        self.fields["satisfaction"].widget.attrs["class"] = "form-check-input"

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        handler = data.get("handler")
        return ActionData(
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            duplicate_of=data.get("duplicate_of", ""),
            handler=handler.employee_code if handler else "",
            question=data.get("question", ""),
            answer=data.get("answer", ""),
            template=data.get("template"),
            satisfaction=data.get("satisfaction", ""),
            comment=data.get("comment", ""),
        )
