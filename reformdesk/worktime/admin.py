"""Admin for calendar overrides and office hours. Every save and delete goes through the services
(permissions, validation, audit row, calendar revision)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reformdesk.worktime import services
from reformdesk.worktime.forms import OVERRIDE_FORM_FIELDS, CalendarOverrideAdminForm, OfficeScheduleAdminForm
from reformdesk.worktime.models import CalendarOverride, CalendarWarning, OfficeSchedule


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideAdminForm
    list_display = ["date", "kind", "name_vi", "unit", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name_vi", "name_en", "source"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit"]
    actions = ["activate", "deactivate"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data.get(name) for name in OVERRIDE_FORM_FIELDS}
        fields["name_en"] = fields["name_en"] or ""
        fields["source"] = fields["source"] or ""
        if change:
            original = CalendarOverride.objects.get(pk=obj.pk)
            saved = services.override_update(actor=request.user, override=original, **fields)
        else:
            saved = services.override_create(actor=request.user, **fields)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            services.override_delete(actor=request.user, override=override)

    def _switch(self, request: HttpRequest, queryset: QuerySet[CalendarOverride], active: bool) -> None:
        for override in queryset:
            try:
                services.override_set_active(actor=request.user, override=override, is_active=active)
            except ValidationError as error:
                self.message_user(request, f"{override}: {'; '.join(error.messages)}", level=messages.ERROR)

    @admin.action(description=_("Bật áp dụng các ngày đã chọn"))
    def activate(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        self._switch(request, queryset, True)

    @admin.action(description=_("Tắt áp dụng các ngày đã chọn"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        self._switch(request, queryset, False)


@admin.register(OfficeSchedule)
class OfficeScheduleAdmin(admin.ModelAdmin):
    form = OfficeScheduleAdminForm
    list_display = ["unit", "name_vi", "season", "valid_from", "valid_to", "cutoff"]
    list_filter = ["season"]
    search_fields = ["name_vi", "unit__name_vi", "unit__code"]
    autocomplete_fields = ["unit"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        original = OfficeSchedule.objects.get(pk=obj.pk) if change else None
        saved = services.schedule_set(actor=request.user, schedule=original, **form.service_kwargs())
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.schedule_delete(actor=request.user, schedule=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OfficeSchedule]) -> None:
        for schedule in queryset:
            services.schedule_delete(actor=request.user, schedule=schedule)


@admin.register(CalendarWarning)
class CalendarWarningAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "year", "recipients"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
