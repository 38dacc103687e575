"""Writing the answer templates (a unit's leaders)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_record, snapshot
from reformdesk.core.text import clean_text
from reformdesk.core.validators import validate_text
from reformdesk.feedback.models import AnswerTemplate
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS
from reformdesk.feedback.models.templates import TEMPLATE_TITLE_MAX_CHARS
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require

_FIELDS = ("unit", "kind", "title", "body", "is_active")


def _checked(name: str, value: str, *, limit: int, multiline: bool, required: str) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValidationError({name: required})
    if len(value) > limit:
        raise ValidationError({name: _("Nội dung dài quá %(limit)d ký tự.") % {"limit": limit}})
    try:
        validate_text(value, multiline=multiline)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc
    return value


@transaction.atomic
def answer_template_save(
    *,
    actor: AnyUser,
    unit: Unit,
    kind: str,
    title: str,
    body: str,
    is_active: bool = True,
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    """Create a template for ``unit`` (``template`` None) or change one; retiring is
    ``is_active=False``. Needs ``Perm.DECIDE_FEEDBACK`` on the unit (and on the template's unit
    when changing one); writes an audit row of what changed; nothing is saved when input is bad."""
    require(actor, Perm.DECIDE_FEEDBACK, unit)
    if template is not None:
        template = AnswerTemplate.objects.select_for_update().get(pk=template.pk)
        require(actor, Perm.DECIDE_FEEDBACK, template.unit)
        before = snapshot(template, _FIELDS)
    else:
        template = AnswerTemplate()
        before = dict.fromkeys(_FIELDS)
    template.unit = unit
    template.kind = kind
    template.title = _checked(
        "title",
        title,
        limit=TEMPLATE_TITLE_MAX_CHARS,
        multiline=False,
        required=_("Cần đặt tên mẫu trả lời."),
    )
    template.body = _checked(
        "body", body, limit=CONTENT_MAX_CHARS, multiline=True, required=_("Cần ghi nội dung trả lời mẫu.")
    )
    template.is_active = is_active
    template.full_clean()
    template.save()
    after = snapshot(template, _FIELDS)
    changes = {name: [before[name], after[name]] for name in _FIELDS if before[name] != after[name]}
    audit_record(actor=actor, action="feedback_template.save", obj=template, changes=changes)
    return template
