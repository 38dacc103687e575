"""Django admin: the abbreviation each issuing unit that is not a People's Committee signs its
documents' symbols with. Saving goes through ``services.issuers``, which audits it; rows are not
deleted from here, since a unit without one cannot number its documents. The registers
themselves are written only by their services (the staff pages and the API)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reformdesk.core.forms import TextModelForm
from reformdesk.documents.models import IssuerAbbreviation
from reformdesk.documents.services.issuers import issuer_abbreviation_save, validate_abbreviation


class IssuerAbbreviationForm(TextModelForm):
    class Meta:
        model = IssuerAbbreviation
        fields = ("unit", "abbreviation")

    def clean_abbreviation(self) -> str:
        value = str(self.cleaned_data["abbreviation"]).strip()
        validate_abbreviation(value)
        return value


@admin.register(IssuerAbbreviation)
class IssuerAbbreviationAdmin(admin.ModelAdmin):
    form = IssuerAbbreviationForm
    list_display = ("unit", "abbreviation")
    autocomplete_fields = ["unit"]
    fields = ("unit", "abbreviation")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: IssuerAbbreviation, form: Any, change: bool) -> None:
        issuer_abbreviation_save(actor=request.user, row=obj)
