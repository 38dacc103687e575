"""Forms of the public feedback pages: filing online, looking a case up, rating its answer.

Forms parse; the services decide. A service's refusal comes back beside the field it names.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.core.forms import BootstrapMixin, DigitsField, SearchField, TextInputMixin
from reformdesk.core.uploads import MAX_FILE_BYTES, CheckedFile, check_uploads
from reformdesk.feedback.choices import Kind, Satisfaction
from reformdesk.feedback.forms import ServiceErrors
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS, SUBJECT_MAX_CHARS
from reformdesk.feedback.services import Citizen
from reformdesk.feedback.services.intake import NOTE_MAX_CHARS
from reformdesk.org.models import Official, Unit

# A citizen's photos or scans of one case; the staff intake allows the project-wide maximum.
PUBLIC_MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """None, one or several files, each checked by content (``core.uploads``); cleans to a list
    of ``CheckedFile``."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > PUBLIC_MAX_FILES:
            raise ValidationError(_("Đính kèm tối đa %(limit)d tệp.") % {"limit": PUBLIC_MAX_FILES})
        return check_uploads(uploads)


class PublicFeedbackForm(TextInputMixin, BootstrapMixin, ServiceErrors, forms.Form):
    """Feedback as a citizen files it on the portal.

    The official a case is about is chosen among the officials of the unit's hotline board (the
    names the units publish): a free-text name would be a name the desk cannot route to that
    official's leader, and the kind "about an official" needs one. A citizen whose official is not
    listed describes them in the content under another kind.
    """

    unit = forms.ModelChoiceField(label=_("Gửi đến đơn vị"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Loại phản ánh"), choices=Kind.choices)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=SUBJECT_MAX_CHARS)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place = forms.CharField(label=_("Địa điểm xảy ra"), max_length=300, required=False)
    related_dossier = forms.CharField(
        label=_("Mã hồ sơ liên quan"),
        max_length=40,
        required=False,
        help_text=_("Bắt buộc khi phản ánh về việc giải quyết hồ sơ: mã in trên giấy hẹn."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    related_official = forms.ChoiceField(
        label=_("Cán bộ bị phản ánh"),
        required=False,
        help_text=_(
            "Bắt buộc khi phản ánh về hành vi, thái độ của cán bộ. Phản ánh được chuyển cho lãnh đạo "
            "của cán bộ, không chuyển cho cán bộ đó."
        ),
    )
    attachments = AttachmentsField(
        label=_("Ảnh hoặc tài liệu kèm theo"),
        required=False,
        help_text=_("PDF, JPEG hoặc PNG; tối đa %(files)d tệp, mỗi tệp %(size)d MB.")
        % {"files": PUBLIC_MAX_FILES, "size": MAX_FILE_BYTES // (1024 * 1024)},
    )
    anonymous = forms.BooleanField(
        label=_("Gửi ẩn danh"),
        required=False,
        help_text=_(
            "Phản ánh ẩn danh không nhận được trả lời riêng: câu trả lời chỉ được công khai trên "
            "trang này. Khi gửi ẩn danh, hãy để trống họ tên và thông tin liên hệ."
        ),
    )
    citizen_name = forms.CharField(label=_("Họ và tên"), max_length=200, required=False)
    citizen_phone = DigitsField(
        label=_("Điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    citizen_email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    citizen_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    # The honeypot: hidden from people (and from screen readers), filled in by form-filling robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, units: list[Unit], officials: dict[int, list[Official]], **kwargs: Any
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        self._officials = {o.employee_code: o for board in officials.values() for o in board}
        names = {u.pk: u.name for u in units}
        self.fields["related_official"].choices = [
            ("", "—"),
            *(
                (names[unit_id], [(o.employee_code, o.full_name) for o in board])
                for unit_id, board in officials.items()
                if board
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("website"):
            # Above the form: the field itself is hidden from people.
            self.add_error(None, _("Không gửi được phản ánh này. Hãy để trống ô cuối biểu mẫu."))
        return data

    def official(self) -> Official | None:
        return self._officials.get(self.cleaned_data.get("related_official") or "")

    def citizen(self) -> Citizen:
        data = self.cleaned_data
        return Citizen(
            name=data["citizen_name"],
            phone=data["citizen_phone"],
            email=data["citizen_email"],
            address=data["citizen_address"],
            anonymous=data["anonymous"],
        )


class FeedbackLookupForm(TextInputMixin, BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Mã phản ánh"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "000.00.00.H41-PA-251201-0001"}),
    )
    secret = forms.CharField(
        label=_("Mã tra cứu"), max_length=16, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class PublicRatingForm(FeedbackLookupForm):
    """The lookup's code and secret again, with the citizen's rating of the answer."""

    satisfaction = forms.ChoiceField(
        label=_("Bạn có hài lòng với câu trả lời?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Lý do"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khi không hài lòng, hãy cho biết lý do: phản ánh được mở lại và chuyển lãnh đạo xử lý."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()
        self.fields["secret"].widget = forms.HiddenInput()
        self.fields["satisfaction"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("satisfaction") == Satisfaction.DISSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Hãy cho biết lý do không hài lòng."))
        return data


def recent_months(*, today: dt.date, count: int = 24) -> list[tuple[str, str]]:
    """``("YYYY-MM", "MM/YYYY")`` of the current month and the ``count - 1`` before it."""
    months = []
    year, month = today.year, today.month
    for _n in range(count):
        months.append((f"{year:04d}-{month:02d}", f"{month:02d}/{year:04d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class PublishedFilterForm(TextInputMixin, BootstrapMixin, forms.Form):
    """The published answers' search and filters, read from the address."""

    q = SearchField(label=_("Tìm trong câu hỏi và câu trả lời"), required=False, max_length=200)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    kind = forms.ChoiceField(
        label=_("Loại phản ánh"), required=False, choices=[("", _("Tất cả")), *Kind.choices]
    )
    month = forms.ChoiceField(label=_("Tháng trả lời"), required=False)

    def __init__(self, *args: Any, units: list[Unit], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")  # type: ignore[attr-defined]
        self.fields["month"].choices = [("", _("Tất cả")), *recent_months(today=today)]  # type: ignore[attr-defined]

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return None
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
