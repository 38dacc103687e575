"""Django admin: administrators edit the message templates (the outbox has its own staff page).

Saving goes through ``services.message_template_save``: a template whose subject or body does not
compile is refused with the error shown on the form, and every change writes an audit row.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reformdesk.core.forms import TextModelForm
from reformdesk.notifications import services
from reformdesk.notifications.models import MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = TextModelForm
    list_display = ("key", "channel", "language", "subject", "updated_at")
    list_filter = ("channel", "language")
    search_fields = ("key", "subject", "body")
    ordering = ("key", "channel", "language")
    fields = ("key", "channel", "language", "description", "subject", "body")

    def save_model(self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool) -> None:
        services.message_template_save(actor=request.user, template=obj)
