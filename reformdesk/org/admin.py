"""Django admin for reference data. Saves go through the services, so paths and audit rows stay right."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reformdesk.core.forms import DigitsField, TextModelForm
from reformdesk.org import services
from reformdesk.org.models import Membership, Official, ReceptionSlot, Unit, UnitSuccession
from reformdesk.org.services.officials import OFFICIAL_EDITABLE_FIELDS
from reformdesk.org.services.units import UNIT_EDITABLE_FIELDS


class UnitAdminForm(TextModelForm):
    class Meta:
        field_classes = {"phone": DigitsField, "hotline": DigitsField}


class OfficialAdminForm(TextModelForm):
    class Meta:
        field_classes = {"phone": DigitsField}


class MembershipInline(admin.TabularInline):
    model = Membership
    form = TextModelForm
    extra = 0
    autocomplete_fields = ["unit"]


class ReceptionSlotInline(admin.TabularInline):
    model = ReceptionSlot
    form = TextModelForm
    extra = 0
    autocomplete_fields = ["host"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["name_vi", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_vi", "name_en", "code"]
    autocomplete_fields = ["parent", "leader"]
    readonly_fields = ["path", "depth"]
    inlines = [ReceptionSlotInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in UNIT_EDITABLE_FIELDS if name in form.cleaned_data}
        parent = form.cleaned_data.get("parent")
        if not change:
            created = services.unit_create(actor=request.user, parent=parent, **fields)
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
            return
        current = Unit.objects.get(pk=obj.pk)
        if current.parent_id != (parent.pk if parent else None):
            current = services.unit_move(actor=request.user, unit=current, new_parent=parent)
        changed = {name: value for name, value in fields.items() if name in form.changed_data}
        if changed:
            services.unit_update(actor=request.user, unit=current, **changed)


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    form = OfficialAdminForm
    list_display = ["full_name", "employee_code", "position", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["full_name", "employee_code", "position"]
    raw_id_fields = ["user"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Official, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            from reformdesk.core.services.audit import audit_created

            audit_created(
                actor=request.user, obj=obj, fields=("employee_code", "full_name"), action="official.create"
            )
            return
        changed = {
            name: form.cleaned_data[name] for name in form.changed_data if name in OFFICIAL_EDITABLE_FIELDS
        }
        if changed:
            services.official_update(actor=request.user, official=Official.objects.get(pk=obj.pk), **changed)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    form = TextModelForm
    list_display = ["predecessor", "successor", "kind", "effective_on", "legal_basis"]
    autocomplete_fields = ["predecessor", "successor"]
