"""The rating form (one overall score, one per official who handled the dossier) and the results filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.core.dates import DayField
from reformdesk.core.forms import TextInputMixin
from reformdesk.org.models import Official, Unit
from reformdesk.surveys.choices import Score
from reformdesk.surveys.models import COMMENT_MAX_CHARS
from reformdesk.surveys.services import OfficialScore


def _comment_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX_CHARS, "class": "form-control"}),
    )


class RatingForm(TextInputMixin, forms.Form):
    score = forms.ChoiceField(
        label=_("Ông/Bà có hài lòng về việc giải quyết hồ sơ này không?"),
        choices=Score.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        error_messages={
            "required": _("Hãy chọn mức độ hài lòng."),
            "invalid_choice": _("Hãy chọn mức độ hài lòng."),
        },
    )
    comment = _comment_field(_("Ý kiến góp ý (không bắt buộc)"))

    def __init__(self, *args: Any, officials: list[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officials = officials
        for official in officials:
            self.fields[f"official_{official.pk}"] = forms.ChoiceField(
                label=official.full_name,
                choices=Score.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"invalid_choice": _("Mức độ hài lòng không hợp lệ.")},
            )
            self.fields[f"official_{official.pk}_comment"] = _comment_field(
                _("Ý kiến về cán bộ (không bắt buộc)")
            )

    def official_rows(self) -> list[dict[str, Any]]:
        """Each official with their two fields, for the template."""
        return [
            {
                "official": official,
                "score": self[f"official_{official.pk}"],
                "comment": self[f"official_{official.pk}_comment"],
            }
            for official in self.officials
        ]

    def official_scores(self) -> dict[int, OfficialScore]:
        scores = {}
        for official in self.officials:
            score = self.cleaned_data.get(f"official_{official.pk}")
            if score:
                comment = self.cleaned_data.get(f"official_{official.pk}_comment", "")
                scores[official.pk] = OfficialScore(score=score, comment=comment)
        return scores

    def add_service_error(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class ResultsFilterForm(TextInputMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False)
    start = DayField(label=_("Từ ngày"), required=False)
    end = DayField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        if start and end and end < start:
            raise ValidationError({"end": _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")})
        return data
