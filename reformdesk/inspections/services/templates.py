"""Checklist templates are versioned: a version that has answers never changes; revising it
writes the next version (the old one stays, inactive, for the records that used it)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record
from reformdesk.inspections.choices import DataSource, FindingKind, Method
from reformdesk.inspections.models import ChecklistItem, ChecklistTemplate
from reformdesk.inspections.services.base import Errors, add, raise_errors
from reformdesk.org.permissions import AnyUser, Perm, require

# (code, text, method, data source, finding kind, rule)
ItemSpec = tuple[str, str, str, str, str, str]


@transaction.atomic
def template_revise(
    *, actor: AnyUser, template: ChecklistTemplate, items: Sequence[ItemSpec], name: str = ""
) -> ChecklistTemplate:
    """A template with its new items: the same row when no inspection used it yet, else a new
    version that replaces it."""
    require(actor, Perm.MANAGE_INSPECTIONS)
    errors: Errors = {}
    codes = [spec[0] for spec in items]
    if not items:
        add(errors, "items", _("Mẫu phiếu cần ít nhất một nội dung."))
    if len(set(codes)) != len(codes):
        add(errors, "items", _("Mã nội dung bị trùng."))
    for code, text, method, source, kind, _rule in items:
        if not code or not text or method not in Method.values or kind not in FindingKind.values:
            add(errors, "items", _("Nội dung “%(text)s” chưa đủ thông tin.") % {"text": text[:60]})
        elif source not in DataSource.values or (method == Method.DATA and not source):
            add(errors, "items", _("Nội dung “%(text)s” cần nguồn dữ liệu hợp lệ.") % {"text": text[:60]})
    raise_errors(errors)
    used = template.inspections.exists()
    if used:
        latest = ChecklistTemplate.objects.filter(code=template.code).order_by("-version").first()
        assert latest is not None
        template.is_active = False
        template.save(update_fields=["is_active"])
        revised = ChecklistTemplate.objects.create(
            code=template.code,
            version=latest.version + 1,
            name=name or template.name,
            legal_basis=template.legal_basis,
            replaces=template,
        )
    else:
        revised = template
        if name:
            revised.name = name
            revised.save(update_fields=["name"])
        revised.items.all().delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            template=revised,
            position=position,
            code=code,
            text=text,
            method=method,
            data_source=source,
            finding_kind=kind,
            rule=rule,
        )
        for position, (code, text, method, source, kind, rule) in enumerate(items, start=1)
    )
    audit_record(
        actor=actor,
        action="inspection_template.revise",
        obj=revised,
        changes={"version": [template.version, revised.version], "items": [None, len(items)]},
    )
    return revised
