"""Forms of the training and evaluation pages: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.core.api import MAX_ID
from reformdesk.core.forms import TextInputMixin
from reformdesk.emulation.choices import CourseField
from reformdesk.emulation.models.training import MAX_HOURS, TITLE_MAX_CHARS
from reformdesk.emulation.services.evaluation import TEXT_MAX_CHARS


class CourseForm(TextInputMixin, forms.Form):
    title = forms.CharField(label=_("Tên khóa học"), max_length=TITLE_MAX_CHARS)
    organiser = forms.CharField(label=_("Đơn vị tổ chức"), max_length=200)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Số giờ"), min_value=0.5, max_value=MAX_HOURS, decimal_places=1, max_digits=6
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=CourseField.choices)
    certificate = forms.FileField(
        label=_("Giấy chứng nhận (PDF, JPEG, PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class AttendanceForm(TextInputMixin, forms.Form):
    official = forms.IntegerField(label=_("Cán bộ"), min_value=1, max_value=MAX_ID)
    hours = forms.DecimalField(
        label=_("Số giờ tham dự"),
        required=False,
        min_value=0.5,
        max_value=MAX_HOURS,
        decimal_places=1,
        max_digits=6,
    )


class YearForm(TextInputMixin, forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)


class SelfAssessmentForm(TextInputMixin, forms.Form):
    level = forms.IntegerField(label=_("Mức tự đề xuất"), min_value=1, max_value=MAX_ID)
    points = forms.IntegerField(label=_("Điểm tự chấm"), min_value=0, max_value=100, required=False)
    text = forms.CharField(label=_("Tự đánh giá"), max_length=TEXT_MAX_CHARS, widget=forms.Textarea)


class DecisionForm(TextInputMixin, forms.Form):
    level = forms.IntegerField(label=_("Mức xếp loại"), min_value=1, max_value=MAX_ID)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=TEXT_MAX_CHARS, required=False, widget=forms.Textarea
    )


class TextForm(TextInputMixin, forms.Form):
    text = forms.CharField(label=_("Nội dung"), max_length=TEXT_MAX_CHARS, widget=forms.Textarea)
