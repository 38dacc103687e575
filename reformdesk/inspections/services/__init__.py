"""Writes on inspections: plan, set up and hold an inspection, record findings, sign the record
and remediate. Every change writes one event row and one audit row; a refusal changes nothing."""

from reformdesk.inspections.services.base import ActionNotAllowed
from reformdesk.inspections.services.breaches import finding_record_breach, may_record_breach
from reformdesk.inspections.services.findings import (
    REMEDIABLE_STATUSES,
    finding_add,
    finding_follow_up,
    finding_to_task,
    may_remediate,
)
from reformdesk.inspections.services.inspecting import (
    answer_save,
    current_template,
    inspection_cancel,
    inspection_complete,
    inspection_create,
    inspection_start,
    photo_add,
    presence_confirm,
    presence_confirm_rest,
)
from reformdesk.inspections.services.plans import (
    entry_started,
    plan_create,
    plan_entry_add,
    plan_entry_remove,
    plan_entry_update,
)
from reformdesk.inspections.services.signing import (
    inspection_register_record,
    inspection_sign_leader,
    inspection_sign_unit,
    leads_target,
)
from reformdesk.inspections.services.templates import template_revise

__all__ = [
    "REMEDIABLE_STATUSES",
    "ActionNotAllowed",
    "answer_save",
    "current_template",
    "entry_started",
    "finding_add",
    "finding_follow_up",
    "finding_record_breach",
    "finding_to_task",
    "inspection_cancel",
    "inspection_complete",
    "inspection_create",
    "inspection_register_record",
    "inspection_sign_leader",
    "inspection_sign_unit",
    "inspection_start",
    "leads_target",
    "may_record_breach",
    "may_remediate",
    "photo_add",
    "plan_create",
    "plan_entry_add",
    "plan_entry_remove",
    "plan_entry_update",
    "presence_confirm",
    "presence_confirm_rest",
    "template_revise",
]
