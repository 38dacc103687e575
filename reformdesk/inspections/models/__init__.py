"""Inspections of work discipline (kiểm tra công vụ): yearly plans, checklist templates as
versioned data, inspections with their team, answers and attendance checks, findings with their
evidence and follow-up checks, and the events of every change."""

from reformdesk.inspections.models.checklists import ChecklistItem, ChecklistTemplate
from reformdesk.inspections.models.findings import Finding, FollowUp, Photo
from reformdesk.inspections.models.inspections import (
    Answer,
    Inspection,
    InspectionEvent,
    PresenceCheck,
    TeamMember,
)
from reformdesk.inspections.models.plans import InspectionPlan, PlanEntry, PlanEvent

__all__ = [
    "Answer",
    "ChecklistItem",
    "ChecklistTemplate",
    "Finding",
    "FollowUp",
    "Inspection",
    "InspectionEvent",
    "InspectionPlan",
    "Photo",
    "PlanEntry",
    "PlanEvent",
    "PresenceCheck",
    "TeamMember",
]
