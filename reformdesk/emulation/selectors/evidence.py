"""The records behind one figure of the pre-filled form (the evidence page): one query per kind,
at most ``EVIDENCE_LIMIT`` rows, newest first, each linking to its own page where there is one
(that page applies its own permissions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from reformdesk.assignments.choices import Status as TaskStatus
from reformdesk.assignments.models import Task
from reformdesk.assignments.selectors import Period
from reformdesk.attendance.models import DailyRecord
from reformdesk.documents.models import Commitment
from reformdesk.dossiers.models import DossierStep
from reformdesk.emulation.models import CourseAttendance
from reformdesk.emulation.selectors.prefill import Evidence
from reformdesk.feedback.models import FeedbackCase
from reformdesk.inspections.models import Finding
from reformdesk.surveys.models import Answer, OfficialRating

EVIDENCE_LIMIT = 500


@dataclass(frozen=True)
class EvidenceRow:
    when: dt.date  # a day, or a moment in local time (a datetime is a date)
    text: str
    detail: str
    url: str = ""


def _local(value: dt.datetime | None) -> dt.date:
    # Every row listed has its moment (the queries filter on it); the fallback only satisfies types.
    return timezone.localtime(value) if value is not None else dt.date.min


def evidence_rows(*, official_id: int, year: int, kind: str) -> list[EvidenceRow]:
    """The records of ``kind`` (one of :attr:`Evidence.ALL`) behind ``official_id``'s figures of
    ``year``. One query. Raises ``ValueError`` for an unknown kind."""
    period = Period.year(year)
    start, end = period.bounds()
    rows: list[EvidenceRow] = []
    if kind == Evidence.TASKS:
        for task in (
            Task.objects.filter(assignee_id=official_id, assigned_at__lt=end)
            .filter(assigned_at__gte=start)
            .exclude(status=TaskStatus.CANCELLED)
            .order_by("-assigned_at", "-id")[:EVIDENCE_LIMIT]
        ):
            detail = " · ".join(
                str(part)
                for part in (
                    task.get_status_display(),
                    task.get_timeliness_display(),
                    task.get_quality_display(),
                )
                if part
            )
            rows.append(
                EvidenceRow(
                    _local(task.assigned_at),
                    task.title,
                    detail,
                    reverse("assignments:detail", args=[task.pk]),
                )
            )
    elif kind == Evidence.ATTENDANCE:
        for record in DailyRecord.objects.filter(
            official_id=official_id, day__gte=period.start, day__lt=period.end
        ).order_by("-day")[:EVIDENCE_LIMIT]:
            detail = f"{record.late_minutes}′" if record.late_minutes else ""
            rows.append(EvidenceRow(record.day, record.get_status_display(), detail))
    elif kind == Evidence.DOSSIERS:
        for step in (
            DossierStep.objects.filter(assignee_id=official_id, finished_at__gte=start, finished_at__lt=end)
            .select_related("dossier")
            .order_by("-finished_at", "-id")[:EVIDENCE_LIMIT]
        ):
            rows.append(
                EvidenceRow(
                    _local(step.finished_at),
                    step.dossier.code,
                    step.get_outcome_display(),
                    reverse("dossiers:detail", args=[step.dossier.code]),
                )
            )
    elif kind == Evidence.RATINGS:
        for rating in (
            OfficialRating.objects.filter(
                official_id=official_id, rating__created_at__gte=start, rating__created_at__lt=end
            )
            .select_related("rating")
            .order_by("-rating__created_at", "-id")[:EVIDENCE_LIMIT]
        ):
            rows.append(
                EvidenceRow(
                    _local(rating.rating.created_at), rating.get_score_display(), rating.comment[:200]
                )
            )
    elif kind == Evidence.SURVEYS:
        for answer in (
            Answer.objects.filter(
                official_id=official_id, response__submitted_at__gte=start, response__submitted_at__lt=end
            )
            .select_related("response__version__questionnaire")
            .order_by("-response__submitted_at", "-id")[:EVIDENCE_LIMIT]
        ):
            rows.append(
                EvidenceRow(
                    _local(answer.response.submitted_at),
                    str(answer.response.version.questionnaire),
                    answer.response.get_channel_display(),
                )
            )
    elif kind == Evidence.FEEDBACK:
        for case in FeedbackCase.objects.filter(
            related_official_id=official_id, received_at__gte=start, received_at__lt=end
        ).order_by("-received_at", "-id")[:EVIDENCE_LIMIT]:
            rows.append(
                EvidenceRow(
                    _local(case.received_at),
                    case.code,
                    case.get_status_display(),
                    reverse("feedback:detail", args=[case.code]),
                )
            )
    elif kind == Evidence.FINDINGS:
        for finding in Finding.objects.filter(
            official_id=official_id, created_at__gte=start, created_at__lt=end
        ).order_by("-created_at", "-id")[:EVIDENCE_LIMIT]:
            rows.append(
                EvidenceRow(
                    _local(finding.created_at),
                    finding.description[:200],
                    f"{finding.get_severity_display()} · {finding.get_status_display()}",
                    reverse("inspections:run", args=[finding.inspection_id]),
                )
            )
    elif kind == Evidence.COMMITMENTS:
        for commitment in (
            Commitment.objects.filter(official_id=official_id, template__year=year)
            .select_related("template")
            .annotate(breach_count=Count("breaches"))
            .order_by("-signed_at", "-id")[:EVIDENCE_LIMIT]
        ):
            rows.append(
                EvidenceRow(
                    _local(commitment.signed_at),
                    commitment.template.title,
                    str(commitment.breach_count),
                    reverse("documents:commitment_detail", args=[commitment.pk]),
                )
            )
    elif kind == Evidence.TRAINING:
        for row in (
            CourseAttendance.objects.filter(official_id=official_id, course__ends_on__year=year)
            .select_related("course")
            .order_by("-course__ends_on", "-id")[:EVIDENCE_LIMIT]
        ):
            rows.append(
                EvidenceRow(
                    row.course.ends_on,
                    row.course.title,
                    f"{row.hours} h · {row.course.get_field_display()}",
                    reverse("emulation:course", args=[row.course_id]),
                )
            )
    else:
        raise ValueError(kind)
    return rows
