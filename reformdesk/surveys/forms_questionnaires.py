"""Forms of the questionnaire pages: creating a survey, its settings, a section, a question (with
its choices, rows and condition), the results filter, and the citizen's answering form built from
a version's structure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.org.models import Official, Unit
from reformdesk.surveys.choices import Element, Measure, QuestionKind, QuestionnaireKind, ResponseChannel
from reformdesk.surveys.models import Questionnaire
from reformdesk.surveys.models.questionnaires import TEXT_MAX_CHARS
from reformdesk.surveys.selectors.questionnaires import Structure, StructureQuestion
from reformdesk.surveys.services import ChoiceSpec, QuestionSpec

_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuestionnaireSettingsForm(TextInputMixin, BootstrapMixin, forms.Form):
    title_vi = forms.CharField(label=_("Tên phiếu (tiếng Việt)"), max_length=200)
    title_en = forms.CharField(label=_("Tên phiếu (tiếng Anh)"), max_length=200, required=False)
    anonymous = forms.BooleanField(label=_("Khảo sát ẩn danh"), required=False, initial=True)
    min_reliable_n = forms.IntegerField(
        label=_("Số phiếu tối thiểu để kết quả tin cậy"), min_value=1, max_value=100000, initial=30
    )
    opens_at = forms.DateTimeField(label=_("Mở từ"), required=False, widget=_MOMENT)
    closes_at = forms.DateTimeField(label=_("Đóng lúc"), required=False, widget=_MOMENT)
    sms_sample_percent = forms.IntegerField(
        label=_("Mời qua tin nhắn (% hồ sơ đã trả kết quả)"),
        min_value=0,
        max_value=100,
        initial=0,
        required=False,
        help_text=_("0 là không nhắn tin mời. Mỗi hồ sơ nhận nhiều nhất một tin mời khảo sát."),
    )
    quota_per_unit = forms.IntegerField(
        label=_("Số phiếu tối đa mỗi đơn vị"),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=_("Để trống là không giới hạn."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at: dt.datetime | None = data.get("opens_at")
        closes_at: dt.datetime | None = data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            raise ValidationError({"closes_at": _("Thời điểm đóng phải sau thời điểm mở.")})
        data["sms_sample_percent"] = data.get("sms_sample_percent") or 0  # left empty: no SMS
        return data


class QuestionnaireCreateForm(QuestionnaireSettingsForm):
    slug = forms.SlugField(
        label=_("Mã phiếu (dùng trong đường liên kết)"),
        max_length=64,
        help_text=_("Chữ không dấu, số và dấu gạch ngang, ví dụ sipas-phu-son-2026."),
    )
    kind = forms.ChoiceField(label=_("Loại phiếu"), choices=QuestionnaireKind.choices)
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức khảo sát"), queryset=Unit.objects.none())
    template = forms.ModelChoiceField(
        label=_("Sao chép từ phiếu mẫu"), queryset=Questionnaire.objects.none(), required=False
    )
    field_order = ["slug", "title_vi", "title_en", "kind", "unit", "template"]

    def __init__(self, *args: Any, units: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        template_field = self.fields["template"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(template_field, forms.ModelChoiceField)
        unit_field.queryset = units
        template_field.queryset = templates


class SectionForm(TextInputMixin, BootstrapMixin, forms.Form):
    title_vi = forms.CharField(label=_("Tiêu đề phần (tiếng Việt)"), max_length=200)
    title_en = forms.CharField(label=_("Tiêu đề phần (tiếng Anh)"), max_length=200, required=False)
    element = forms.ChoiceField(
        label=_("Yếu tố SIPAS"), choices=[("", _("(không)")), *Element.choices], required=False
    )


def _parse_lines(text: str, field: str) -> list[ChoiceSpec]:
    """``value | tiếng Việt | English`` per line (a trailing ``| *`` marks a satisfied answer)."""
    specs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        satisfied = len(parts) > 3 and parts[3] == "*"
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise ValidationError(
                {
                    field: _("Dòng %(line)s: hãy viết “giá trị | nội dung tiếng Việt | nội dung tiếng Anh”.")
                    % {"line": number}
                }
            )
        specs.append(ChoiceSpec(parts[0], parts[1], parts[2] if len(parts) > 2 else "", satisfied))
    return specs


class QuestionForm(TextInputMixin, BootstrapMixin, forms.Form):
    section = forms.TypedChoiceField(label=_("Thuộc phần"), coerce=int, choices=[])
    key = forms.SlugField(label=_("Mã câu hỏi"), max_length=40)
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=QuestionKind.choices)
    measure = forms.ChoiceField(label=_("Nội dung đo"), choices=Measure.choices, initial=Measure.OTHER)
    text_vi = forms.CharField(label=_("Câu hỏi (tiếng Việt)"), max_length=500)
    text_en = forms.CharField(label=_("Câu hỏi (tiếng Anh)"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Bắt buộc trả lời"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Phương án (chọn một, chọn nhiều)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một phương án: giá trị | tiếng Việt | tiếng Anh; thêm “| *” nếu tính là hài lòng."
        ),
    )
    rows = forms.CharField(
        label=_("Các dòng (câu hỏi dạng bảng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng: giá trị | tiếng Việt | tiếng Anh."),
    )
    max_length = forms.IntegerField(
        label=_("Số ký tự tối đa (ý kiến tự do)"), min_value=1, max_value=TEXT_MAX_CHARS, required=False
    )
    # The model's IntegerField holds 32-bit values.
    min_value = forms.IntegerField(
        label=_("Giá trị nhỏ nhất (câu hỏi số)"), required=False, min_value=-(2**31) + 1, max_value=2**31 - 1
    )
    max_value = forms.IntegerField(
        label=_("Giá trị lớn nhất (câu hỏi số)"), required=False, min_value=-(2**31) + 1, max_value=2**31 - 1
    )
    condition_key = forms.ChoiceField(label=_("Chỉ hiện khi câu"), choices=[], required=False)
    condition_values = forms.CharField(
        label=_("có câu trả lời thuộc"),
        required=False,
        help_text=_("Các giá trị, cách nhau bằng dấu phẩy, ví dụ: yes hoặc 4, 5."),
    )

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section_field = self.fields["section"]
        condition_field = self.fields["condition_key"]
        assert isinstance(section_field, forms.TypedChoiceField)
        assert isinstance(condition_field, forms.ChoiceField)
        section_field.choices = [(s.section.order, s.section.title) for s in structure.sections]
        condition_field.choices = [("", _("(luôn hiện)"))] + [
            (q.question.key, f"{q.question.key}: {q.question.text_vi[:60]}")
            for s in structure.sections
            for q in s.questions
        ]

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        values = [v.strip() for v in (data.get("condition_values") or "").split(",") if v.strip()]
        return QuestionSpec(
            key=data["key"],
            kind=data["kind"],
            text_vi=data["text_vi"],
            text_en=data.get("text_en", ""),
            required=bool(data.get("required")),
            measure=data.get("measure") or Measure.OTHER,
            max_length=data.get("max_length"),
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            choices=_parse_lines(data.get("choices", ""), "choices"),
            rows=_parse_lines(data.get("rows", ""), "rows"),
            condition_key=data.get("condition_key") or "",
            condition_values=values,
        )

    @staticmethod
    def initial_for(item: StructureQuestion, section_order: int) -> dict[str, Any]:
        q = item.question

        def lines(choices: Any) -> str:
            return "\n".join(
                f"{c.value} | {c.text_vi} | {c.text_en}" + (" | *" if c.satisfied else "") for c in choices
            )

        return {
            "section": section_order,
            "key": q.key,
            "kind": q.kind,
            "measure": q.measure,
            "text_vi": q.text_vi,
            "text_en": q.text_en,
            "required": q.required,
            "choices": lines(item.options.values())
            if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            else "",
            "rows": lines(item.rows.values()),
            "max_length": q.max_length,
            "min_value": q.min_value,
            "max_value": q.max_value,
            "condition_key": item.condition_key,
            "condition_values": ", ".join(item.condition_values),
        }

    def add_service_error(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class SurveyResultsFilterForm(TextInputMixin, BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False)
    month = forms.TypedChoiceField(label=_("Tháng"), choices=[], required=False, empty_value=None)
    channel = forms.ChoiceField(
        label=_("Kênh"), choices=[("", _("(tất cả)")), *ResponseChannel.choices], required=False
    )
    version = forms.TypedChoiceField(
        label=_("Phiên bản"), coerce=int, choices=[], required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, units: Any, months: list[dt.date], versions: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        month_field = self.fields["month"]
        version_field = self.fields["version"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(month_field, forms.TypedChoiceField)
        assert isinstance(version_field, forms.TypedChoiceField)
        unit_field.queryset = units
        month_field.choices = [("", _("(tất cả)"))] + [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in months]
        month_field.coerce = lambda value: dt.date(int(value[:4]), int(value[5:7]), 1)
        version_field.choices = [("", _("(mới nhất có phiếu trả lời)"))] + [(n, str(n)) for n in versions]


class PaperBatchForm(TextInputMixin, BootstrapMixin, forms.Form):
    batch_code = forms.CharField(
        label=_("Mã lô phiếu giấy"),
        max_length=32,
        help_text=_("Mã ghi trên tập phiếu giấy đang nhập, ví dụ PS-2026-01."),
        error_messages={"required": _("Phiếu giấy phải ghi mã lô.")},
    )


def _radio() -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": "form-check-input"})


class AnswerForm(TextInputMixin, forms.Form):
    """The citizen's form for one version: every question optional here (the service decides what
    is required once conditions are applied), grouped by section for the template."""

    def __init__(self, *args: Any, structure: Structure, officials: list[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        official_choices = [(str(o.pk), o.full_name) for o in officials]
        for section in structure.sections:
            for item in section.questions:
                q = item.question
                label = q.text + (" *" if q.required else "")
                options = [(c.value, c.text) for c in item.options.values()]
                if q.kind == QuestionKind.MATRIX:
                    for row in item.rows.values():
                        self.fields[f"{q.key}__{row.value}"] = forms.ChoiceField(
                            label=row.text, choices=options, required=False, widget=_radio()
                        )
                    continue
                field: forms.Field
                if q.kind == QuestionKind.MULTIPLE:
                    field = forms.MultipleChoiceField(
                        choices=options,
                        required=False,
                        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    )
                elif q.kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.YES_NO):
                    field = forms.ChoiceField(choices=options, required=False, widget=_radio())
                elif q.kind == QuestionKind.OFFICIAL:
                    field = forms.ChoiceField(
                        choices=[("", _("(chọn cán bộ)")), *official_choices],
                        required=False,
                        widget=forms.Select(attrs={"class": "form-select"}),
                    )
                elif q.kind == QuestionKind.NUMBER:
                    field = forms.CharField(
                        required=False,
                        max_length=12,
                        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
                    )
                else:
                    # The limit is checked by the service, so that the message names the question.
                    field = forms.CharField(
                        required=False,
                        widget=forms.Textarea(
                            attrs={
                                "rows": 3,
                                "class": "form-control",
                                "maxlength": q.max_length or TEXT_MAX_CHARS,
                            }
                        ),
                    )
                field.label = label
                self.fields[q.key] = field

    def sections(self) -> list[dict[str, Any]]:
        """For the template: each section with its questions, their bound fields and condition
        (the condition question's key and text, and the texts of the answers that show it)."""
        texts = {
            item.question.key: (item.question.text, {c.value: c.text for c in item.options.values()})
            for s in self.structure.sections
            for item in s.questions
        }
        found = []
        for section in self.structure.sections:
            questions = []
            for item in section.questions:
                q = item.question
                names = [f"{q.key}__{row}" for row in item.rows] if q.kind == QuestionKind.MATRIX else [q.key]
                condition_text, condition_answers = "", ""
                if item.condition_key:
                    condition_text, options = texts[item.condition_key]
                    condition_answers = ", ".join(options.get(v, v) for v in item.condition_values)
                questions.append(
                    {
                        "item": item,
                        "fields": [self[name] for name in names],
                        "condition_key": item.condition_key,
                        "condition_values": " ".join(item.condition_values),
                        "condition_text": condition_text,
                        "condition_answers": condition_answers,
                    }
                )
            found.append({"section": section.section, "questions": questions})
        return found

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as the service reads them (key -> value), blanks left out."""
        found: dict[str, Any] = {}
        for section in self.structure.sections:
            for item in section.questions:
                q = item.question
                if q.kind == QuestionKind.MATRIX:
                    rows = {
                        row.value: self.cleaned_data.get(f"{q.key}__{row.value}")
                        for row in item.rows.values()
                        if self.cleaned_data.get(f"{q.key}__{row.value}")
                    }
                    if rows:
                        found[q.key] = rows
                    continue
                value = self.cleaned_data.get(q.key)
                if value not in (None, "", []):
                    found[q.key] = value
        return found

    def add_service_error(self, error: ValidationError) -> None:
        matrix_first = {
            item.question.key: f"{item.question.key}__{next(iter(item.rows))}"
            for s in self.structure.sections
            for item in s.questions
            if item.question.kind == QuestionKind.MATRIX and item.rows
        }
        for field, messages in error.message_dict.items():
            target = matrix_first.get(field, field)
            self.add_error(target if target in self.fields else None, messages)
