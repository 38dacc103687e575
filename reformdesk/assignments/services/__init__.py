"""Writes on tasks, in the three steps: assign, report, evaluate. Every change writes one event
row and one audit row; a refusal changes nothing."""

from reformdesk.assignments.services.assigning import due_moment, task_assign, task_cancel
from reformdesk.assignments.services.base import ActionNotAllowed, is_assignee
from reformdesk.assignments.services.evaluating import task_decide_extension, task_evaluate, task_return
from reformdesk.assignments.services.reporting import (
    task_acknowledge,
    task_ask_clarification,
    task_report_done,
    task_report_progress,
    task_request_extension,
)

__all__ = [
    "ActionNotAllowed",
    "due_moment",
    "is_assignee",
    "task_acknowledge",
    "task_ask_clarification",
    "task_assign",
    "task_cancel",
    "task_decide_extension",
    "task_evaluate",
    "task_report_done",
    "task_report_progress",
    "task_request_extension",
    "task_return",
]
