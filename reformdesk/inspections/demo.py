"""Demo inspections (``manage.py load_demo``, after attendance): the provincial Department of Home
Affairs' plan for the year, and sudden inspections of the demo communes on past working days,
pre-filled from the demo's punches, leave and catalog. At Xã Tân Kỳ the records are signed and the
findings became tasks (one closed on time by a follow-up check, one late), and the records are
entered in the department's outgoing register ("01/BB-SNV"), signed by its director, by the
administrator acting as the department's clerk; at Xã Tân Phú the record waits for the commune's
signature. Deterministic, and run twice it adds nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reformdesk.assignments.choices import OPEN_STATUSES as OPEN_TASK_STATUSES
from reformdesk.documents.models import IssuerAbbreviation
from reformdesk.documents.services.issuers import issuer_abbreviation_save
from reformdesk.inspections import services
from reformdesk.inspections.choices import Presence, Result, Severity, Status
from reformdesk.inspections.models import Finding, Inspection, InspectionPlan
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime import selectors as worktime

INSPECTING_UNIT = "000.02.00.H41"  # Sở Nội vụ
TARGETS = ("000.71.00.H41", "000.72.00.H41", "000.73.00.H41")
INSPECTOR = "thanhtra.tinh"
REFORM_OFFICER = "cchc.tinh"
CHAIR = "chutich.tanky"  # chair of Xã Tân Kỳ
CHAIR_UNIT = "000.71.00.H41"
CLERK = "admin"  # the demo has no clerk (văn thư) at the department: the administrator registers
# The department's own abbreviation in its documents' symbols ("01/BB-SNV"): each body sets its
# abbreviation (Decree 30/2020/NĐ-CP, Appendix I, section II.3); "SNV" is the one Departments of
# Home Affairs commonly use (UNCONFIRMED for Nghệ An: not checked against its documents).
ABBREVIATION = "SNV"
# (target, working days back, hour, minute): the inspected moments.
VISITS = (
    ("000.71.00.H41", 12, 8, 20),
    ("000.72.00.H41", 7, 14, 10),
    ("000.71.00.H41", 3, 8, 5),
)


def _working_day_back(unit: Unit, today: dt.date, back: int) -> dt.date:
    clock = worktime.work_clock(unit=unit)
    day, seen = today, 0
    while seen < back:
        day -= dt.timedelta(days=1)
        if clock.sessions(day=day):
            seen += 1
    return day


def _visit(
    *, inspector: User, leader: Official, member: Official | None, target: Unit, home: Unit, at: dt.datetime
) -> Inspection:
    inspection = services.inspection_create(
        actor=inspector,
        inspecting_unit=home,
        target_unit=target,
        kind="sudden",
        leader=leader,
        members=[member] if member else [],
        start=True,
        at=at,
    )
    present = inspection.presence.filter(prefilled__in=[Presence.PRESENT, Presence.LATE]).count()
    for answer in inspection.answers.select_related("item").order_by("item__position"):
        code, result, note = answer.item.code, Result.PASS, ""
        expected = present if code == "name_tag" else answer.expected
        found = expected
        if code == "postings" and expected:
            result, found, note = Result.FAIL, max(expected - 2, 0), "Bảng niêm yết còn thiếu thủ tục"
        elif code == "name_tag" and target.code == CHAIR_UNIT and present >= 2:
            result, found, note = Result.FAIL, present - 2, "Hai công chức không đeo thẻ khi làm việc"
        counted = answer.item.method == "count"
        services.answer_save(
            actor=inspector,
            inspection=inspection,
            answer=answer,
            result=result,
            expected=expected if counted else None,
            found=found if counted else None,
            note=note,
            at=at,
        )
        if result == Result.FAIL:
            services.finding_add(
                actor=inspector,
                inspection=inspection,
                item=answer.item,
                severity=Severity.MODERATE if code == "postings" else Severity.MINOR,
                description=note,
                at=at,
            )
    absent = (
        inspection.presence.filter(prefilled=Presence.ABSENT)
        .select_related("official")
        .order_by("official__employee_code")
    )
    for row in absent[:2]:
        services.finding_add(
            actor=inspector,
            inspection=inspection,
            item=inspection.template.items.get(code="attendance"),
            severity=Severity.MINOR,
            description=f"Vắng mặt lúc kiểm tra, không có đơn nghỉ được duyệt: {row.official.full_name}",
            official=row.official,
            at=at,
        )
    services.presence_confirm_rest(actor=inspector, inspection=inspection, at=at)
    services.inspection_complete(actor=inspector, inspection=inspection, at=at + dt.timedelta(minutes=50))
    services.inspection_sign_leader(actor=inspector, inspection=inspection, at=at + dt.timedelta(minutes=55))
    return inspection


@transaction.atomic
def seed() -> list[str]:
    home = Unit.objects.filter(code=INSPECTING_UNIT).first()
    inspector = User.objects.filter(username=INSPECTOR).first()
    targets = {unit.code: unit for unit in Unit.objects.filter(code__in=TARGETS)}
    if home is None or inspector is None or len(targets) < len(TARGETS):
        return ["inspections: skipped (the demo units or the inspector are missing)"]
    today = timezone.localdate()
    if InspectionPlan.objects.filter(unit=home, year=today.year).exists():
        return ["inspections: already seeded"]
    leader = Official.objects.get(user=inspector)
    member = Official.objects.filter(user__username=REFORM_OFFICER).first()
    now = timezone.now()
    services.plan_create(
        actor=inspector,
        unit=home,
        year=today.year,
        title=f"Kế hoạch kiểm tra công vụ năm {today.year}",
        entries=[
            (targets[code], "Kỷ luật, kỷ cương hành chính; văn hóa công sở; niêm yết TTHC", month)
            for code, month in zip(TARGETS, (3, 6, 9), strict=True)
        ],
        at=now,
    )
    chair = User.objects.filter(username=CHAIR).first()
    held, tasks = 0, 0
    for code, back, hour, minute in VISITS:
        target = targets[code]
        day = _working_day_back(target, today, back)
        at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=worktime.VN_TZ)
        inspection = _visit(
            inspector=inspector, leader=leader, member=member, target=target, home=home, at=at
        )
        held += 1
        if code != CHAIR_UNIT or chair is None:
            continue
        services.inspection_sign_unit(
            actor=chair,
            inspection=inspection,
            response="Đơn vị nhất trí với biên bản, sẽ khắc phục các tồn tại trong thời hạn.",
            at=at + dt.timedelta(hours=1),
        )
        for finding in inspection.findings.select_related("official").order_by("id"):
            assignee = finding.official
            if assignee is None:
                assignee = (
                    Official.objects.filter(
                        memberships__unit=target, memberships__role="one_stop", is_active=True
                    )
                    .order_by("employee_code")
                    .first()
                )
            if assignee is None or assignee.user_id == chair.pk:
                continue
            services.finding_to_task(
                actor=chair,
                finding=finding,
                assignee=assignee,
                deadline_days=2,
                at=at + dt.timedelta(hours=2),
            )
            tasks += 1
        first = inspection.findings.exclude(task=None).order_by("id").first()
        if first is not None and first.task is not None and first.task.due_at < now:
            services.finding_follow_up(
                actor=inspector, finding=first, fixed=True, at=first.task.due_at - dt.timedelta(hours=1)
            )
    registered = _register_records(home=home, today=today)
    late = Finding.objects.filter(
        inspection__inspecting_unit=home, task__status__in=OPEN_TASK_STATUSES, task__due_at__lt=now
    ).count()
    return [
        f"inspections: a plan for {today.year}, {held} sudden inspections, "
        f"{tasks} remediation tasks ({late} late), {registered} records in the outgoing register"
    ]


def _register_records(*, home: Unit, today: dt.date) -> int:
    """Enter the records signed by both sides in ``home``'s outgoing register, signed by its
    leader; nothing when the demo has no leader or administrator there."""
    clerk = User.objects.filter(username=CLERK, is_superuser=True).first()
    director = (
        Membership.objects.active_on(today)
        .filter(unit=home, role=Role.LEADER, official__is_active=True)
        .select_related("official")
        .order_by("official__employee_code")
        .first()
    )
    if clerk is None or director is None:
        return 0
    if not IssuerAbbreviation.objects.filter(unit=home).exists():
        issuer_abbreviation_save(actor=None, row=IssuerAbbreviation(unit=home, abbreviation=ABBREVIATION))
    count = 0
    for inspection in Inspection.objects.filter(
        inspecting_unit=home, status=Status.SIGNED, outgoing_document__isnull=True
    ).order_by("at", "id"):
        services.inspection_register_record(actor=clerk, inspection=inspection, signer=director.official)
        count += 1
    return count
