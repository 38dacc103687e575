"""Writes of the emulation app: training records (``training``) and the evaluation process
(``evaluation``). Each checks permissions, validates, writes an audit row, and for the evaluation
one event row per step."""

from reformdesk.emulation.services.evaluation import (
    ActionNotAllowed,
    evaluation_comment,
    evaluation_contest,
    evaluation_decide,
    evaluation_finalize,
    evaluation_notify,
    evaluation_open,
    evaluation_self_assess,
)
from reformdesk.emulation.services.training import attendance_add, attendance_remove, course_create

__all__ = [
    "ActionNotAllowed",
    "attendance_add",
    "attendance_remove",
    "course_create",
    "evaluation_comment",
    "evaluation_contest",
    "evaluation_decide",
    "evaluation_finalize",
    "evaluation_notify",
    "evaluation_open",
    "evaluation_self_assess",
]
