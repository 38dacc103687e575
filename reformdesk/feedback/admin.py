"""Django admin: administrators add the dated time-limit rules of feedback handling (a change in
the law is a new row). Saving goes through ``services.rules.deadline_rule_save``, which audits it;
rules are never deleted, since cases were counted by them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reformdesk.core.forms import TextModelForm
from reformdesk.feedback.models import DeadlineRule
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
