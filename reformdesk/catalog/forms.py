"""Forms of the catalog's staff pages.

Forms only parse and check the shape of the input; the views hand the cleaned values to
``catalog.services``, which validate the business rules (overlapping versions, steps within the
legal time limit, one row per channel) and save. A refusal from a service comes back onto the
form with :meth:`ServiceErrorsMixin.add_service_error`, so it is shown beside the input it
concerns, or above the form.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog import services
from reformdesk.catalog.choices import ApplicantType, PublicationPlace
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.dates import DayField
from reformdesk.core.forms import TextInputMixin
from reformdesk.org.models import Unit

FORM_FILE_EXTENSIONS = ("pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods")
FORM_FILE_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 40


def _style(field: forms.Field) -> None:
    widget = field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple):
        return
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    widget.attrs["class"] = f"{existing} {css}".strip()


# "50.000" or "50 000" is fifty thousand đồng, not fifty.
_GROUPED_THOUSANDS = re.compile(r"^\d{1,3}(?:[., \u00a0]\d{3})+$")


class AmountField(forms.IntegerField):
    """A whole amount of đồng that also accepts thousands written the Vietnamese way."""

    default_error_messages = {"invalid": _("Nhập số tiền là số nguyên, ví dụ 50000 hoặc 50.000.")}

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and _GROUPED_THOUSANDS.match(value.strip()):
            value = re.sub(r"\D", "", value)
        return super().to_python(value)


class ServiceErrorsMixin:
    """Bootstrap classes on the widgets, ``is-invalid`` on fields in error, and service refusals
    attached to the form."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            _style(field)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's ``ValidationError`` beside the fields it names, the rest above the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else None
                self.add_error(target, messages)  # type: ignore[attr-defined]
        else:
            self.add_error(None, error.messages)  # type: ignore[attr-defined]
        self.mark_invalid()


PROCEDURE_FIELDS = list(services.PROCEDURE_FIELDS)  # the fields the services let a form change


class ProcedureForm(TextInputMixin, ServiceErrorsMixin, forms.ModelForm):
    """A procedure's own data; its national code is fixed once created."""

    class Meta:
        model = Procedure
        fields = PROCEDURE_FIELDS
        widgets = {"name_vi": forms.Textarea(attrs={"rows": 2}), "name_en": forms.Textarea(attrs={"rows": 2})}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROCEDURE_FIELDS}


class ProcedureCreateForm(ProcedureForm):
    class Meta(ProcedureForm.Meta):
        fields = ["national_code", *PROCEDURE_FIELDS]


VERSION_FIELDS = [
    "decision_number",
    "decision_date",
    "effective_from",
    "effective_to",
    "implementing_agency",
    "deciding_agency",
    "applicant_types",
    "steps_text",
    "conditions",
    "result",
    "legal_basis",
]


class VersionForm(TextInputMixin, ServiceErrorsMixin, forms.ModelForm):
    """A version by publishing decision. Overlapping validity is refused by the service."""

    applicant_types = forms.MultipleChoiceField(
        label=_("Đối tượng thực hiện"),
        choices=ApplicantType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProcedureVersion
        fields = VERSION_FIELDS
        field_classes = {"decision_date": DayField, "effective_from": DayField, "effective_to": DayField}
        widgets = {
            "steps_text": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"effective_to": _("Để trống nếu phiên bản còn hiệu lực đến khi có quyết định mới.")}

    def _post_clean(self) -> None:
        # ProcedureVersion.clean() compares the two dates and cannot take a missing start: the
        # form has already said what is wrong with it, so the model's checks wait for a good one.
        if self.cleaned_data.get("effective_from") is None:
            return
        super()._post_clean()

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in VERSION_FIELDS}


class CaseForm(TextInputMixin, ServiceErrorsMixin, forms.ModelForm):
    """A sub-case (trường hợp) with its own time limit."""

    class Meta:
        model = ProcedureCase
        fields = ["name_vi", "name_en", "time_limit_days"]
        widgets = {"time_limit_days": forms.NumberInput(attrs={"step": "0.5", "min": "0"})}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class FieldForm(TextInputMixin, ServiceErrorsMixin, forms.ModelForm):
    """A field (lĩnh vực). Its code identifies it and cannot change once created."""

    class Meta:
        model = Field
        fields = ["code", "name_vi", "name_en", "sort_order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


# --- Row formsets: channels, papers, steps ---------------------------------------------------------


class _RowForm(TextInputMixin, ServiceErrorsMixin, forms.ModelForm):
    # The Bootstrap grid column of each input on a wide screen (a row is one line of inputs there,
    # a stack of labelled inputs on a phone).
    columns: dict[str, str] = {}
    default_columns = {"ORDER": "col-lg-1", "DELETE": "col-lg-1"}

    def row(self) -> dict[str, Any]:
        """The row as the service takes it."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def cells(self) -> list[tuple[forms.BoundField, str]]:
        """The visible inputs with their grid column, in order."""
        layout = {**self.default_columns, **self.columns}
        return [(field, layout.get(field.name, "col-lg")) for field in self.visible_fields()]


class FilingMethodRowForm(_RowForm):
    columns = {
        "channel": "col-lg-2",
        "time_limit_days": "col-lg-1",
        "time_limit_text": "col-lg-3",
        "fee_vnd": "col-lg-2",
        "fee_unit": "col-lg-1",
        "fee_text": "col-lg-2",
    }

    class Meta:
        model = FilingMethod
        fields = ["channel", "time_limit_days", "time_limit_text", "fee_vnd", "fee_unit", "fee_text"]
        field_classes = {"fee_vnd": AmountField}
        widgets = {
            "time_limit_days": forms.NumberInput(attrs={"step": "0.5", "min": "0"}),
            "fee_vnd": forms.TextInput(attrs={"inputmode": "numeric"}),
        }


class PaperRowForm(_RowForm):
    columns = {
        "name_vi": "col-lg-4",
        "name_en": "col-lg-3",
        "form": "col-lg-2",
        "quantity": "col-lg-1",
        "is_required": "col-lg-1",
        "form_file": "col-lg-6",
        "DELETE": "col-lg-2",
    }

    class Meta:
        model = RequiredPaper
        fields = ["name_vi", "name_en", "form", "quantity", "is_required", "form_file"]
        widgets = {
            "name_vi": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(attrs={"min": "1"}),
        }

    def clean_form_file(self) -> Any:
        upload = self.cleaned_data.get("form_file")
        if isinstance(upload, UploadedFile):
            extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
            if extension not in FORM_FILE_EXTENSIONS:
                raise ValidationError(
                    _("Chỉ nhận tệp mẫu dạng %(kinds)s."),
                    code="form_file_type",
                    params={"kinds": ", ".join(FORM_FILE_EXTENSIONS)},
                )
            if upload.size and upload.size > FORM_FILE_MAX_BYTES:
                raise ValidationError(
                    _("Tệp mẫu không được lớn hơn %(size)s MB."),
                    code="form_file_size",
                    params={"size": FORM_FILE_MAX_BYTES // (1024 * 1024)},
                )
        return upload

    def row(self) -> dict[str, Any]:
        row = super().row()
        upload = row["form_file"]
        # An unchanged file stays where it is (the rows are replaced, the stored file is not);
        # a cleared one is dropped; a new upload is stored by the service's insert.
        if isinstance(upload, FieldFile):
            row["form_file"] = upload.name or ""
        elif not upload:
            row["form_file"] = ""
        return row


class StepRowForm(_RowForm):
    columns = {
        "kind": "col-lg-2",
        "name_vi": "col-lg-3",
        "role": "col-lg-2",
        "unit_kind": "col-lg-2",
        "working_days": "col-lg-1",
    }

    class Meta:
        model = StepTemplate
        fields = ["kind", "name_vi", "role", "unit_kind", "working_days"]
        widgets = {"working_days": forms.NumberInput(attrs={"step": "0.25", "min": "0"})}


class RowFormSet(forms.BaseFormSet):
    """A list of rows the user may add to, remove from and (where it matters) reorder."""

    default_error_messages = {
        "missing_management_form": _(
            "Thiếu thông tin về số dòng của danh sách (%(field_names)s). Hãy tải lại trang và nhập lại."
        ),
        "too_many_forms": _("Danh sách có tối đa %(num)d dòng."),
        "too_few_forms": _("Danh sách cần ít nhất %(num)d dòng."),
    }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Thứ tự")
            form.fields["ORDER"].widget.attrs.update({"class": "form-control", "min": "1"})
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Xóa dòng")
            form.fields["DELETE"].widget.attrs.update({"class": "form-check-input"})
        # On a wide screen the labels stand once above the rows; each input still says its name
        # and its row to a screen reader.
        row = index + 1 if index is not None else "—"
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = _("%(label)s, dòng %(row)s") % {
                "label": field.label,
                "row": row,
            }

    def rows(self) -> list[dict[str, Any]]:
        forms_in_order = self.ordered_forms if self.can_order else self._kept_forms()
        return [form.row() for form in forms_in_order]

    def _kept_forms(self) -> list[forms.Form]:
        kept = []
        for index, form in enumerate(self.forms):
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kept.append(form)
        return kept

    def add_service_error(self, error: ValidationError) -> None:
        """A service's refusal concerns the whole list: show it above the rows."""
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), *error.messages], error_class="nonform", renderer=self.renderer
        )


def _row_formset(form: type[forms.Form], *, can_order: bool) -> type[RowFormSet]:
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=1,
        can_order=can_order,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS * 2,
    )


FilingMethodFormSet = _row_formset(FilingMethodRowForm, can_order=False)
PaperFormSet = _row_formset(PaperRowForm, can_order=True)
StepFormSet = _row_formset(StepRowForm, can_order=True)


def filing_method_initial(rows: QuerySet[FilingMethod]) -> list[dict[str, Any]]:
    return [{name: getattr(row, name) for name in FilingMethodRowForm._meta.fields} for row in rows]


def paper_initial(rows: QuerySet[RequiredPaper]) -> list[dict[str, Any]]:
    return [
        {**{name: getattr(row, name) for name in PaperRowForm._meta.fields}, "ORDER": index}
        for index, row in enumerate(rows, 1)
    ]


def step_initial(rows: QuerySet[StepTemplate]) -> list[dict[str, Any]]:
    return [
        {**{name: getattr(row, name) for name in StepRowForm._meta.fields}, "ORDER": index}
        for index, row in enumerate(rows, 1)
    ]


# --- Publication --------------------------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class PublicationForm(TextInputMixin, ServiceErrorsMixin, forms.Form):
    """Post a procedure at a unit's one-stop desk, or on the portal for that unit."""

    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=None)
    place = forms.ChoiceField(label=_("Hình thức công khai"), choices=PublicationPlace.choices)
    published_on = DayField(label=_("Ngày công khai"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["published_on"].initial = timezone.localdate()


class WithdrawForm(TextInputMixin, ServiceErrorsMixin, forms.Form):
    withdrawn_on = DayField(label=_("Ngày gỡ bỏ"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()
