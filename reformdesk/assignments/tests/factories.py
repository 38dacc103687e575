"""Tasks for the tests: one assigned by commune A's chair, and helpers that move it along."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from reformdesk.assignments import services
from reformdesk.assignments.models import Task
from reformdesk.dossiers.tests.factories import vn
from reformdesk.org.models import Official

__all__ = ["assign", "reported", "vn"]


def assign(*, actor: User, assignee: Official, at: dt.datetime | None = None, **overrides: Any) -> Task:
    """A task assigned at ``at`` (Monday 1/12/2025 09:00 unless given), due in 3 working days
    unless a deadline is given: the report on the commune's drinking water."""
    values: dict[str, Any] = {
        "title": "Báo cáo tình hình nước sinh hoạt xóm 5",
        "expected_output": "Báo cáo bằng văn bản, có số liệu kiểm tra trạm bơm.",
    }
    if "deadline_date" not in overrides:
        values["deadline_days"] = 3
    values.update(overrides)
    return services.task_assign(actor=actor, assignee=assignee, at=at or vn(2025, 12, 1, 9), **values)


def reported(*, task: Task, by: User, at: dt.datetime, evidence: str = "Công văn số 12/UBND-VP") -> Task:
    """``task`` acknowledged at its assignment's moment and reported done at ``at``."""
    services.task_acknowledge(actor=by, task=task, at=task.assigned_at)
    return services.task_report_done(actor=by, task=task, evidence=evidence, at=at)
