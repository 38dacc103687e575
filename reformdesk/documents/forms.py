"""Forms of the register pages: registering an incoming and an outgoing document, giving an
incoming one to a handler, cancelling an outgoing number.

Forms parse; the services decide. A service's refusal comes back beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayField, MomentField
from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.documents.choices import Confidentiality, DocumentType, Urgency
from reformdesk.documents.models.registers import SENDER_MAX_CHARS, SUMMARY_MAX_CHARS, SYMBOL_MAX_CHARS
from reformdesk.documents.services.incoming import NOTE_MAX_CHARS
from reformdesk.documents.services.outgoing import REASON_MAX_CHARS, RECIPIENTS_MAX_CHARS
from reformdesk.org.models import Official, Unit

# Where a service's error about a field lands on the form, when the names differ.
# A number taken meanwhile is said above the form: the expected number is a hidden field.
SERVICE_FIELD_NAMES = {"handling_due_on": "due_on", "number": ""}


class ServiceErrors:
    """Put a service's ``ValidationError`` beside the fields it names, the rest above the form."""

    fields: dict[str, forms.Field]

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else SERVICE_FIELD_NAMES.get(name, name)
                self.add_error(target if target in self.fields else None, messages)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error.messages)  # type: ignore[attr-defined]


class _OfficialChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Official) -> str:
        return f"{obj.full_name} ({obj.employee_code})"


class IncomingForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A document that arrived, as the clerk enters it in the incoming register."""

    unit = forms.ModelChoiceField(label=_("Cơ quan nhận"), queryset=Unit.objects.none(), empty_label=None)
    arrived_at = MomentField(
        label=_("Thời điểm đến"), help_text=_("Ngày giờ văn bản đến cơ quan; không ghi thời điểm chưa tới.")
    )
    sender = forms.CharField(label=_("Nơi gửi"), max_length=SENDER_MAX_CHARS)
    original_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản"), max_length=SYMBOL_MAX_CHARS, help_text=_("Ví dụ: 125/UBND-VP")
    )
    document_date = DayField(label=_("Ngày văn bản"))
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentType.choices)
    summary = forms.CharField(
        label=_("Trích yếu nội dung"), max_length=SUMMARY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    urgency = forms.ChoiceField(label=_("Mức độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.NORMAL
    )
    scan = forms.FileField(
        label=_("Bản quét văn bản"), required=False, help_text=_("PDF, JPEG hoặc PNG, tối đa 10 MB.")
    )
    handler = _OfficialChoice(label=_("Người xử lý"), queryset=Official.objects.none(), required=False)
    due_on = DayField(label=_("Hạn xử lý"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: list[Unit], officials: list[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        handler_field = self.fields["handler"]
        assert isinstance(handler_field, forms.ModelChoiceField)
        handler_field.queryset = Official.objects.filter(pk__in=[o.pk for o in officials]).order_by(
            "full_name", "employee_code"
        )


class AssignForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """Giving an incoming document to the official who handles it, with a deadline."""

    handler = _OfficialChoice(label=_("Người xử lý"), queryset=Official.objects.none())
    due_on = DayField(label=_("Hạn xử lý"), required=False)
    note = forms.CharField(
        label=_("Ý kiến chỉ đạo"),
        max_length=NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, officials: list[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Official.objects.filter(pk__in=[o.pk for o in officials]).order_by(
            "full_name", "employee_code"
        )


class OutgoingForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A signed document, as the clerk numbers it and enters it in the outgoing register."""

    unit = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none(), empty_label=None)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentType.choices)
    drafting_unit = forms.CharField(
        label=_("Ký hiệu đơn vị soạn thảo"),
        max_length=20,
        required=False,
        help_text=_("Chỉ với công văn, ví dụ VP: số ký hiệu sẽ là …/UBND-VP."),
    )
    summary = forms.CharField(
        label=_("Trích yếu nội dung"), max_length=SUMMARY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    issued_on = DayField(label=_("Ngày ban hành"))
    signer = _OfficialChoice(label=_("Người ký"), queryset=Official.objects.none())
    recipients = forms.CharField(
        label=_("Nơi nhận"), max_length=RECIPIENTS_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(label=_("Mức độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    confidentiality = forms.ChoiceField(
        label=_("Độ mật"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        help_text=_("Văn bản mật được cấp hệ thống số riêng."),
    )
    signed_pdf = forms.FileField(label=_("Bản đã ký (PDF)"), required=False)
    expected_number = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, units: list[Unit], signers: list[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        signer_field = self.fields["signer"]
        assert isinstance(signer_field, forms.ModelChoiceField)
        signer_field.queryset = Official.objects.filter(pk__in=[o.pk for o in signers]).order_by(
            "full_name", "employee_code"
        )


class CancelForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    reason = forms.CharField(
        label=_("Lý do hủy số"), max_length=REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
