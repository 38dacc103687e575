"""Forms of the public dossier pages: the lookup and online filing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.forms import ServiceErrorsMixin
from reformdesk.catalog.models import RequiredPaper
from reformdesk.core.forms import BootstrapMixin, TextInputMixin
from reformdesk.core.uploads import CheckedFile, check_uploads
from reformdesk.dossiers.forms import APPLICANT_FIELD_NAMES, ApplicantFields
from reformdesk.org.models import Unit


class LookupForm(TextInputMixin, BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "000.00.00.H41-250701-0001"}),
    )
    secret = forms.CharField(
        label=_("Mã tra cứu trên giấy hẹn, hoặc 4 số cuối điện thoại"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PaperFilesField(forms.FileField):
    """The files of one paper: none, one or several, each checked by content
    (``core.uploads``); cleans to a list of ``CheckedFile``."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"})

    def __init__(self, *, paper: RequiredPaper, kept: int, **kwargs: Any) -> None:
        # A required paper with files kept from an earlier attempt needs no new one.
        required = paper.is_required and kept == 0
        super().__init__(label=paper.name_vi, required=required, **kwargs)
        self.error_messages["required"] = _("Chưa đính kèm giấy tờ bắt buộc này.")
        self.paper = paper

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return check_uploads(uploads)


class OnlineFilingForm(BootstrapMixin, ServiceErrorsMixin, ApplicantFields):
    unit = forms.ModelChoiceField(label=_("Nộp tại"), queryset=Unit.objects.none(), empty_label=None)
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "Tôi cam đoan thông tin khai là đúng và đồng ý để cơ quan giải quyết xử lý dữ liệu cá nhân này."
        ),
    )

    def __init__(
        self,
        *args: Any,
        desks: list[Unit],
        papers: list[RequiredPaper],
        kept: Mapping[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        """``kept``: how many files each paper (by id) already has from an earlier attempt."""
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[d.pk for d in desks]).order_by("path")
        self.papers = papers
        kept = kept or {}
        for paper in papers:
            self.fields[paper_field(paper.pk)] = PaperFilesField(paper=paper, kept=kept.get(paper.pk, 0))
        # Fields in the page's order (the papers before the consent), as the error summary lists them.
        self.order_fields([name for name in self.fields if name != "consent"] + ["consent"])

    def paper_fields(self) -> list[forms.BoundField]:
        return [self[paper_field(paper.pk)] for paper in self.papers]

    def checked_files(self) -> list[tuple[int, CheckedFile]]:
        """``(paper id, checked file)`` for every new file that passed its checks (also when
        other fields have errors: those files are kept for the next attempt)."""
        cleaned = getattr(self, "cleaned_data", {})
        return [(paper.pk, f) for paper in self.papers for f in cleaned.get(paper_field(paper.pk), [])]

    def add_service_error(self, error: Any) -> None:
        if hasattr(error, "error_dict"):
            error.error_dict = {APPLICANT_FIELD_NAMES.get(k, k): v for k, v in error.error_dict.items()}
        super().add_service_error(error)


def paper_field(paper_id: int) -> str:
    """The form field of one paper's files."""
    return f"paper_{paper_id}"
