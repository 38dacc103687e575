"""Django admin: administrators add the dated time-limit rules of feedback handling (a change in
the law is a new row), and the Open311 partner applications with their keys. Saving a rule goes
through ``services.rules.deadline_rule_save``, which audits it; rules are never deleted, since
cases were counted by them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from reformdesk.core.forms import TextModelForm
from reformdesk.feedback.models import DeadlineRule, Open311Partner
from reformdesk.feedback.services.open311 import partner_create, partner_revoke
from reformdesk.feedback.services.rules import deadline_rule_save


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    form = TextModelForm
    list_display = ("step", "working_days", "effective_from")
    list_filter = ("step",)
    ordering = ("step", "-effective_from")
    fields = ("step", "working_days", "effective_from", "source")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: DeadlineRule, form: Any, change: bool) -> None:
        deadline_rule_save(actor=request.user, rule=obj)


@admin.register(Open311Partner)
class Open311PartnerAdmin(admin.ModelAdmin):
    """Partner applications of Open311: adding one shows its api_key once (only its hash is
    kept); a key is revoked, never deleted, since the cases it filed name it in the audit."""

    form = TextModelForm
    list_display = ("name", "unit", "prefix", "created_at", "revoked_at")
    fields = ("name", "unit", "prefix", "created_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Open311Partner, form: Any, change: bool) -> None:
        if change:
            obj.save(update_fields=["name", "unit"])
            return
        partner, secret = partner_create(actor=request.user, name=obj.name, unit=obj.unit)
        obj.pk, obj.prefix, obj.digest, obj.created_at = (
            partner.pk,
            partner.prefix,
            partner.digest,
            partner.created_at,
        )
        obj._state.adding = False
        messages.warning(
            request,
            _("Khóa api_key của %(name)s, chỉ hiện một lần này: %(key)s")
            % {"name": partner.name, "key": secret},
        )

    @admin.action(description=_("Thu hồi khóa của các ứng dụng đã chọn"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for partner in queryset:
            partner_revoke(actor=request.user, partner=partner)
