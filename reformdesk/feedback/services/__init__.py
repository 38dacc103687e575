"""Writes on feedback cases: intake, handling, and how a case ends. Every change writes one event row."""

from reformdesk.feedback.services.events import ActionNotAllowed
from reformdesk.feedback.services.handling import (
    feedback_approve_answer,
    feedback_ask_clarification,
    feedback_clarification_received,
    feedback_close,
    feedback_draft_answer,
    feedback_publish,
    feedback_rate,
    feedback_send,
)
from reformdesk.feedback.services.intake import (
    Call,
    Citizen,
    feedback_accept,
    feedback_assign,
    feedback_receive,
    feedback_refuse,
)

__all__ = [
    "ActionNotAllowed",
    "Call",
    "Citizen",
    "feedback_accept",
    "feedback_approve_answer",
    "feedback_ask_clarification",
    "feedback_assign",
    "feedback_clarification_received",
    "feedback_close",
    "feedback_draft_answer",
    "feedback_publish",
    "feedback_rate",
    "feedback_receive",
    "feedback_refuse",
    "feedback_send",
]
