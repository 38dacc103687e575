"""Django admin for the catalog: fields, procedures with their versions, publication.

Every save goes through ``catalog.services`` (permission, validation, audit row); the forms check
beforehand what the services would refuse (overlapping versions, a second open publication), so
the admin shows a message instead of failing. Nothing is deleted here: the services have no
delete, and a procedure that is no longer applied is switched off (``is_active``) or its version
closed. Channels, papers and steps of a version are edited on the staff pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from reformdesk.catalog import services
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.forms import TextInputMixin, TextModelForm

VERSION_INLINE_FIELDS = (
    "decision_number",
    "decision_date",
    "effective_from",
    "effective_to",
    "implementing_agency",
    "deciding_agency",
)


class _NoDelete:
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Field)
class FieldAdmin(_NoDelete, admin.ModelAdmin):
    form = TextModelForm
    list_display = ["code", "name_vi", "name_en", "sort_order"]
    search_fields = ["code", "name_vi", "name_en"]
    fields = ["code", "name_vi", "name_en", "sort_order"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []  # the code is the natural key of field_upsert

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        saved = services.field_upsert(
            actor=request.user,
            code=obj.code,
            name_vi=form.cleaned_data["name_vi"],
            name_en=form.cleaned_data.get("name_en") or "",
            sort_order=form.cleaned_data.get("sort_order") or 0,
        )
        obj.pk = saved.pk


class VersionFormSet(BaseInlineFormSet):
    """Refuses versions whose validity overlaps another version of the same procedure, as
    ``services.version_create``/``version_update`` would, but before anything is saved."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        edited = {form.instance.pk for form in self.forms if form.instance.pk}
        candidates: list[ProcedureVersion] = []
        if self.instance.pk:
            candidates += [
                v for v in ProcedureVersion.objects.filter(procedure=self.instance) if v.pk not in edited
            ]
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("effective_from") is None:
                continue
            version = ProcedureVersion(
                pk=form.instance.pk,
                effective_from=data["effective_from"],
                effective_to=data.get("effective_to"),
                decision_number=data.get("decision_number", ""),
            )
            for other in candidates:
                if version.overlaps(other):
                    form.add_error(
                        "effective_from",
                        _("Thời gian hiệu lực trùng với phiên bản theo quyết định %(number)s.")
                        % {"number": other.decision_number},
                    )
                    break
            candidates.append(version)


class VersionInline(admin.StackedInline):
    model = ProcedureVersion
    form = TextModelForm
    formset = VersionFormSet
    fields = VERSION_INLINE_FIELDS
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(_NoDelete, admin.ModelAdmin):
    form = TextModelForm
    list_display = ["national_code", "name_vi", "field", "online_level", "legacy_online_level", "is_active"]
    list_filter = [
        "is_active",
        "online_level",
        "legacy_online_level",
        "at_province",
        "at_district",
        "at_commune",
        "field",
    ]
    list_select_related = ["field"]
    search_fields = ["national_code", "local_code", "name_vi", "search_text"]
    autocomplete_fields = ["field"]
    inlines = [VersionInline]
    fields = ("national_code", *services.PROCEDURE_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["national_code"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in services.PROCEDURE_FIELDS if name in data}
            created = services.procedure_create(actor=request.user, national_code=obj.national_code, **fields)
            obj.pk = created.pk
            return
        changed = {name: data[name] for name in form.changed_data if name in services.PROCEDURE_FIELDS}
        if changed:
            services.procedure_update(
                actor=request.user, procedure=Procedure.objects.get(pk=obj.pk), **changed
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not ProcedureVersion:
            super().save_formset(request, form, formset, change)
            return
        procedure = Procedure.objects.get(pk=form.instance.pk)
        # What formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for version_form in formset.forms:
            data = getattr(version_form, "cleaned_data", None)
            if not data or not version_form.has_changed():
                continue
            fields = {name: data.get(name) for name in VERSION_INLINE_FIELDS}
            fields["implementing_agency"] = fields["implementing_agency"] or ""
            fields["deciding_agency"] = fields["deciding_agency"] or ""
            if version_form.instance.pk:
                current = ProcedureVersion.objects.get(pk=version_form.instance.pk)
                changed = {name: fields[name] for name in version_form.changed_data if name in fields}
                saved = services.version_update(actor=request.user, version=current, **changed)
                formset.changed_objects.append((saved, list(changed)))
            else:
                saved = services.version_create(actor=request.user, procedure=procedure, **fields)
                formset.new_objects.append(saved)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FilingMethodInline(_ReadOnlyInline):
    model = FilingMethod
    fields = ["case", "channel", "time_limit_days", "time_limit_text", "fee_vnd", "fee_unit", "fee_text"]


class PaperInline(_ReadOnlyInline):
    model = RequiredPaper
    fields = ["case", "sort_order", "name_vi", "form", "quantity", "is_required"]


class StepInline(_ReadOnlyInline):
    model = StepTemplate
    fields = ["case", "order", "kind", "name_vi", "role", "unit_kind", "working_days"]


class VersionAdminForm(TextInputMixin, forms.ModelForm):
    """A version's own fields; refuses a validity that overlaps another version of the procedure."""

    class Meta:
        model = ProcedureVersion
        fields = services.VERSION_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("effective_from")
        if self.errors or self.instance.pk is None or start is None:
            return data
        candidate = ProcedureVersion(
            pk=self.instance.pk, effective_from=start, effective_to=data.get("effective_to")
        )
        others = ProcedureVersion.objects.filter(procedure_id=self.instance.procedure_id).exclude(
            pk=self.instance.pk
        )
        for other in others:
            if candidate.overlaps(other):
                self.add_error(
                    "effective_from",
                    _("Thời gian hiệu lực trùng với phiên bản theo quyết định %(number)s.")
                    % {"number": other.decision_number},
                )
                break
        return data


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(_NoDelete, admin.ModelAdmin):
    """A version's own fields are edited here (through ``version_update``); its channels, papers
    and steps are shown read-only (they are edited on the staff pages, which validate them)."""

    list_display = ["procedure", "decision_number", "effective_from", "effective_to"]
    list_select_related = ["procedure"]
    search_fields = ["procedure__national_code", "procedure__name_vi", "decision_number"]
    date_hierarchy = "effective_from"
    form = VersionAdminForm
    fields = ("procedure", *services.VERSION_FIELDS)
    readonly_fields = ["procedure"]
    inlines = [FilingMethodInline, PaperInline, StepInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions are added from their procedure's page

    def save_model(self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool) -> None:
        changed = {
            name: form.cleaned_data[name] for name in form.changed_data if name in services.VERSION_FIELDS
        }
        if changed:
            services.version_update(
                actor=request.user, version=ProcedureVersion.objects.get(pk=obj.pk), **changed
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The inlines are read-only: nothing to save, nothing for the change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class PublicationAdminForm(TextInputMixin, forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["procedure", "unit", "place", "published_on", "withdrawn_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if self.instance.pk is None:
            if data.get("withdrawn_on"):
                self.add_error("withdrawn_on", _("Gỡ bỏ thủ tục sau khi đã công khai."))
            open_rows = Publication.objects.filter(
                procedure=data["procedure"], unit=data["unit"], place=data["place"], withdrawn_on__isnull=True
            )
            if open_rows.exists():
                raise ValidationError(_("Thủ tục này đang được công khai theo hình thức đã chọn tại đơn vị."))
        elif self.instance.withdrawn_on and not data.get("withdrawn_on"):
            self.add_error("withdrawn_on", _("Không thể bỏ ngày gỡ bỏ; hãy công khai lại thủ tục."))
        return data


@admin.register(Publication)
class PublicationAdmin(_NoDelete, admin.ModelAdmin):
    form = PublicationAdminForm
    list_display = ["procedure", "unit", "place", "published_on", "withdrawn_on"]
    list_filter = ["place", "withdrawn_on"]
    list_select_related = ["procedure", "unit"]
    search_fields = ["procedure__national_code", "procedure__name_vi", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["procedure", "unit"]
    date_hierarchy = "published_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A publication is withdrawn, never rewritten: only the withdrawal date can change.
        return ["procedure", "unit", "place", "published_on"] if obj is not None else []

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        return super().get_queryset(request).select_related("procedure", "unit")

    def save_model(self, request: HttpRequest, obj: Publication, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = services.publication_add(
                actor=request.user,
                procedure=data["procedure"],
                unit=data["unit"],
                place=data["place"],
                published_on=data["published_on"],
            )
            obj.pk = created.pk
            return
        if "withdrawn_on" in form.changed_data and data.get("withdrawn_on"):
            services.publication_withdraw(
                actor=request.user, publication=Publication.objects.get(pk=obj.pk), on=data["withdrawn_on"]
            )
