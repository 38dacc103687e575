"""Forms of the task pages: a new task, and the actions on a task.

Forms parse; the services decide. A service's refusal comes back beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.assignments.choices import Priority, Quality, SourceKind
from reformdesk.assignments.models import MAX_DEADLINE_DAYS, TEXT_MAX_CHARS, TITLE_MAX_CHARS
from reformdesk.assignments.workflow import ActionData
from reformdesk.core.dates import DayField, MonthField
from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.core.uploads import MAX_FILE_BYTES
from reformdesk.org.models import Official, Unit

_FILE_HELP = _("PDF, JPEG hoặc PNG, tối đa %(limit)d MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
_ACCEPT = {"accept": "application/pdf,image/jpeg,image/png"}


class ServiceErrors:
    """Put a service's ``ValidationError`` beside the fields it names, the rest above the form."""

    fields: dict[str, forms.Field]

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                name = "attachments" if name == "files" and "attachments" in self.fields else name
                self.add_error(name if name in self.fields else None, messages)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error.messages)  # type: ignore[attr-defined]


class TaskForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """A new task, as a leader assigns it: to one official or to a unit, due in working days or
    on a date."""

    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=TITLE_MAX_CHARS)
    expected_output = forms.CharField(
        label=_("Kết quả, sản phẩm yêu cầu"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = forms.ModelChoiceField(
        label=_("Người thực hiện"), queryset=Official.objects.none(), required=False
    )
    assignee_unit = forms.ModelChoiceField(
        label=_("hoặc đơn vị thực hiện"), queryset=Unit.objects.none(), required=False
    )
    co_handlers = forms.ModelMultipleChoiceField(
        label=_("Người phối hợp"), queryset=Official.objects.none(), required=False
    )
    deadline_days = forms.IntegerField(
        label=_("Thời hạn (số ngày làm việc)"),
        min_value=1,
        max_value=MAX_DEADLINE_DAYS,
        required=False,
        help_text=_("Không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ. Hoặc chọn ngày hoàn thành bên dưới."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    deadline_date = DayField(
        label=_("hoặc hạn hoàn thành (ngày)"), required=False, help_text=_("Hết giờ làm việc của ngày này.")
    )
    priority = forms.ChoiceField(label=_("Mức độ"), choices=Priority.choices, initial=Priority.NORMAL)
    source_kind = forms.ChoiceField(
        label=_("Nguồn giao việc"), choices=SourceKind.choices, initial=SourceKind.NONE
    )
    source_reference = forms.CharField(
        label=_("Số, ký hiệu văn bản hoặc cuộc họp, cuộc kiểm tra"), max_length=300, required=False
    )
    attachment = forms.FileField(
        label=_("Tài liệu kèm theo"),
        required=False,
        help_text=_FILE_HELP,
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )

    def __init__(self, *args: Any, officials: list[Official], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in officials]
        for name in ("assignee", "co_handlers"):
            field = self.fields[name]
            field.queryset = Official.objects.filter(pk__in=ids).order_by("full_name", "id")  # type: ignore[attr-defined]
        self.fields["assignee_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]


class ActionForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """Every field an action may need; each action's panel shows its own."""

    note = forms.CharField(
        label=_("Ý kiến"), required=False, max_length=TEXT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
    question = forms.CharField(
        label=_("Nội dung cần làm rõ"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text=_("Thời hạn vẫn tính trong khi chờ làm rõ."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=99,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    evidence = forms.CharField(
        label=_("Kết quả, minh chứng"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text=_("Số, ký hiệu văn bản đã ban hành hoặc mô tả kết quả; có thể kèm tệp."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    result_symbol = forms.CharField(
        label=_("Văn bản đi là kết quả (số, ký hiệu)"),
        required=False,
        max_length=60,
        help_text=_("Ví dụ: 12/BC-UBND — văn bản đã vào sổ văn bản đi của đơn vị."),
    )
    attachments = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_FILE_HELP,
        widget=forms.ClearableFileInput(attrs=_ACCEPT),
    )
    until = DayField(label=_("Đề nghị gia hạn đến ngày"), required=False)
    reason = forms.CharField(
        label=_("Lý do đề nghị gia hạn"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    grant = forms.TypedChoiceField(
        label=_("Quyết định"),
        required=False,
        choices=[("yes", _("Đồng ý gia hạn")), ("no", _("Không đồng ý gia hạn"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    quality = forms.TypedChoiceField(
        label=_("Chất lượng"),
        required=False,
        choices=[("", "—"), *Quality.choices],
        coerce=int,
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("Nhận xét"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grant"].widget.attrs["class"] = "form-check-input"

    def action_data(self, files: list[Any] | None = None) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            note=data.get("note", ""),
            question=data.get("question", ""),
            percent=data.get("percent"),
            evidence=data.get("evidence", ""),
            result_symbol=data.get("result_symbol", ""),
            until=data.get("until"),
            reason=data.get("reason", ""),
            grant=data.get("grant"),
            quality=data.get("quality"),
            comment=data.get("comment", ""),
            files=tuple(files or ()),
        )


class MonthForm(TextInputMixin, forms.Form):
    """The calendar's month, from the address."""

    month = MonthField(label=_("Tháng"), required=False)
