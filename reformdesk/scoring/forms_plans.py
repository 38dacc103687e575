"""Forms of the plan and report pages. They parse input only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import TextInputMixin
from reformdesk.documents.models import OutgoingDocument
from reformdesk.org.models import Official, Unit
from reformdesk.scoring.services.frameworks import MAX_YEAR, MIN_YEAR


class _Styled(TextInputMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class PlanForm(_Styled):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=60, required=False)
    document = forms.ModelChoiceField(
        label=_("Văn bản trong sổ văn bản đi"), queryset=OutgoingDocument.objects.none(), required=False
    )

    def __init__(self, *args: Any, documents: list[OutgoingDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = OutgoingDocument.objects.filter(pk__in=[d.pk for d in documents])  # type: ignore[attr-defined]


class PlanItemForm(_Styled):
    title = forms.CharField(label=_("Nội dung"), max_length=300)
    due_on = forms.DateField(label=_("Thời hạn"), widget=forms.DateInput(attrs={"type": "date"}))
    assignee = forms.ModelChoiceField(
        label=_("Người thực hiện"), queryset=Official.objects.none(), required=False
    )
    assignee_unit = forms.ModelChoiceField(
        label=_("Hoặc đơn vị thực hiện"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, officials: list[Official], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Official.objects.filter(pk__in=[o.pk for o in officials])  # type: ignore[attr-defined]
        self.fields["assignee_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]


class YearForm(TextInputMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class SubmitForm(_Styled):
    document = forms.ModelChoiceField(
        label=_("Chọn văn bản đã đăng ký"), queryset=OutgoingDocument.objects.none(), required=False
    )
    file = forms.FileField(label=_("Hoặc tải lên bản ký (PDF)"), required=False)
    signer = forms.ModelChoiceField(label=_("Người ký"), queryset=Official.objects.none(), required=False)
    summary = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)

    def __init__(
        self, *args: Any, documents: list[OutgoingDocument], signers: list[Official], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = OutgoingDocument.objects.filter(pk__in=[d.pk for d in documents])  # type: ignore[attr-defined]
        self.fields["signer"].queryset = Official.objects.filter(pk__in=[o.pk for o in signers])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("document") and not data.get("file"):
            raise forms.ValidationError(_("Hãy chọn một văn bản đã đăng ký hoặc tải lên bản ký."))
        if data.get("document") and data.get("file"):
            raise forms.ValidationError(_("Chỉ chọn văn bản đã đăng ký hoặc tải lên, không cả hai."))
        if data.get("file") and not data.get("signer"):
            self.add_error("signer", _("Cần chọn người ký văn bản tải lên."))
        return data
