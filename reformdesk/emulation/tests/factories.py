"""An official's year of evidence, built directly as the other apps' services leave the rows,
with known counts for the pre-fill tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from reformdesk.assignments.choices import Status as TaskStatus
from reformdesk.assignments.choices import Timeliness
from reformdesk.assignments.models import Task
from reformdesk.assignments.tests.factories import assign
from reformdesk.attendance.choices import DayStatus
from reformdesk.attendance.models import DailyRecord
from reformdesk.catalog.choices import StepKind
from reformdesk.documents.choices_regulations import CommitmentKind
from reformdesk.documents.models import Commitment, CommitmentBreach, CommitmentItem, CommitmentTemplate
from reformdesk.dossiers.choices import Outcome
from reformdesk.dossiers.models import DossierStep
from reformdesk.dossiers.tests.factories import DeskProcedure, vn
from reformdesk.emulation import services
from reformdesk.feedback.choices import Kind
from reformdesk.feedback.tests.factories import receive
from reformdesk.inspections.choices import FindingKind, FindingStatus, Severity
from reformdesk.inspections.models import Finding, Inspection
from reformdesk.org.choices import Role
from reformdesk.org.models import Official, Unit
from reformdesk.scoring.tests.factories import make_dossier
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import OfficialRating, Rating, RatingInvitation

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_TOKENS = itertools.count(1)

__all__ = ["PDF_BYTES", "evidence_year", "pdf", "vn"]


def pdf(name: str = "chung-nhan.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def _rating(*, official: Official, desk: DeskProcedure, unit: Unit, score: str, at: dt.datetime) -> None:
    dossier = make_dossier(unit=unit, desk=desk, received_at=at, due_at=at + dt.timedelta(days=3))
    invitation = RatingInvitation.objects.create(
        dossier=dossier, token=f"tok{next(_TOKENS)}", channel=InvitationChannel.RECEIPT
    )
    rating = Rating.objects.create(dossier=dossier, invitation=invitation, score=score, created_at=at)
    OfficialRating.objects.create(rating=rating, official=official, score=score)


def evidence_year(
    *,
    official: Official,
    unit: Unit,
    leader: User,
    desk: DeskProcedure,
    inspection: Inspection,
    trainer: User,
) -> None:
    """In 2026, for ``official`` of ``unit``:

    - tasks: 2 assigned in 2026 (1 evaluated late, quality 3), 1 assigned in 2025;
    - attendance: 1 present, 1 late (12 minutes), 1 absent, 1 absent excused (+ 1 day of 2025);
    - dossier steps: 2 finished on time (early and on time), 1 late (+ 1 of 2025);
    - ratings: 2 satisfied of 3 (+ 1 of 2025);
    - feedback: 1 case about the official in 2026;
    - findings: 1 moderate in 2026;
    - commitments: 1 signed for 2026, 2 breaches;
    - training: 1 course of 8 hours ending in 2026 (+ 1 ending in 2025).
    """
    task = assign(actor=leader, assignee=official, at=vn(2026, 3, 2, 9))
    assign(actor=leader, assignee=official, at=vn(2026, 4, 1, 9))
    assign(actor=leader, assignee=official, at=vn(2025, 12, 1, 9))
    Task.objects.filter(pk=task.pk).update(
        status=TaskStatus.EVALUATED, evaluated_at=vn(2026, 3, 20, 9), timeliness=Timeliness.LATE, quality=3
    )

    days = [
        (dt.date(2026, 3, 2), DayStatus.PRESENT, 0, False),
        (dt.date(2026, 3, 3), DayStatus.LATE, 12, False),
        (dt.date(2026, 3, 4), DayStatus.ABSENT, 0, False),
        (dt.date(2026, 3, 5), DayStatus.ABSENT, 0, True),
        (dt.date(2025, 12, 1), DayStatus.ABSENT, 0, False),
    ]
    DailyRecord.objects.bulk_create(
        DailyRecord(official=official, unit=unit, day=day, status=status, late_minutes=late, excused=excused)
        for day, status, late, excused in days
    )

    dossier = make_dossier(unit=unit, desk=desk, received_at=vn(2026, 3, 2), due_at=vn(2026, 3, 5))
    for order, (finished, outcome) in enumerate(
        [
            (vn(2026, 3, 2, 10), Outcome.EARLY),
            (vn(2026, 3, 3, 10), Outcome.ON_TIME),
            (vn(2026, 3, 9, 10), Outcome.LATE),
            (vn(2025, 12, 2, 10), Outcome.LATE),
        ],
        start=1,
    ):
        DossierStep.objects.create(
            dossier=dossier,
            order=order,
            kind=StepKind.ASSESS,
            name="Thẩm định hồ sơ",
            role=Role.SPECIALIST,
            unit=unit,
            assignee=official,
            working_days=Decimal(1),
            due_at=vn(2026, 3, 4),
            finished_at=finished,
            outcome=outcome,
        )

    for score, at in [
        (Score.VERY_SATISFIED, vn(2026, 5, 4)),
        (Score.SATISFIED, vn(2026, 5, 5)),
        (Score.DISSATISFIED, vn(2026, 5, 6)),
        (Score.SATISFIED, vn(2025, 11, 3)),
    ]:
        _rating(official=official, desk=desk, unit=unit, score=score, at=at)

    receive(
        actor=leader,
        unit=unit,
        at=vn(2026, 6, 1, 9),
        kind=Kind.OFFICIAL,
        related_official=official,
        subject="Cán bộ hẹn lại nhiều lần",
    )

    Finding.objects.create(
        inspection=inspection,
        unit=unit,
        official=official,
        kind=FindingKind.ATTENDANCE,
        severity=Severity.MODERATE,
        description="Vắng mặt tại thời điểm kiểm tra, không có lý do.",
        status=FindingStatus.OPEN,
        created_by=inspection.created_by,
        created_at=vn(2026, 7, 1, 9),
    )

    template = CommitmentTemplate.objects.create(
        unit=unit,
        year=2026,
        kind=CommitmentKind.OFFICIAL,
        title="Cam kết năm 2026",
        created_at=vn(2026, 1, 5),
    )
    item = CommitmentItem.objects.create(template=template, number=1, text="Chấp hành giờ giấc làm việc.")
    commitment = Commitment.objects.create(
        template=template, unit=unit, official=official, signed_by=official, signed_at=vn(2026, 1, 6)
    )
    for day in (dt.date(2026, 3, 4), dt.date(2026, 7, 1)):
        CommitmentBreach.objects.create(
            commitment=commitment,
            item=item,
            occurred_on=day,
            description="Vắng không lý do",
            recorded_at=vn(2026, 7, 2),
        )

    for ends, hours in ((dt.date(2026, 9, 11), 8), (dt.date(2025, 9, 12), 16)):
        course = services.course_create(
            actor=trainer,
            unit=unit,
            title="Kỹ năng tiếp nhận hồ sơ tại Bộ phận Một cửa",
            organiser="Sở Nội vụ tỉnh Nghệ An",
            starts_on=ends - dt.timedelta(days=1),
            ends_on=ends,
            hours=hours,
            field="one_stop",
        )
        services.attendance_add(actor=trainer, course=course, official=official)
