"""Forms of the public dossier pages: the lookup and online filing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.forms import ServiceErrorsMixin
from reformdesk.catalog.models import RequiredPaper
from reformdesk.core.forms import BootstrapMixin
from reformdesk.dossiers.forms import APPLICANT_FIELD_NAMES, ApplicantFields
from reformdesk.org.models import Unit


class LookupForm(BootstrapMixin, forms.Form):
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


class OnlineFilingForm(BootstrapMixin, ServiceErrorsMixin, ApplicantFields):
    unit = forms.ModelChoiceField(label=_("Nộp tại"), queryset=Unit.objects.none(), empty_label=None)
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_(
            "Tôi cam đoan thông tin khai là đúng và đồng ý để cơ quan giải quyết xử lý dữ liệu cá nhân này."
        ),
    )

    def __init__(self, *args: Any, desks: list[Unit], papers: list[RequiredPaper], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[d.pk for d in desks]).order_by("path")
        self.papers = papers

    def add_service_error(self, error: Any) -> None:
        if hasattr(error, "error_dict"):
            error.error_dict = {APPLICANT_FIELD_NAMES.get(k, k): v for k, v in error.error_dict.items()}
        super().add_service_error(error)
