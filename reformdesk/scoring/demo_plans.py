"""Demo reform plans and reports for 2026 at the seven communes (``manage.py load_demo``, after
the tasks and documents demos).

Each commune's chair issued a plan in January with six items, each a task to an official of the
commune, evaluated on time, evaluated late, or still owed, as the day ``load_demo`` runs allows;
the commune owes the five reports of ``plans_rules.REPORT_SCHEDULE`` and submitted most of them on
time, some late, some not at all. The report documents are entered in each commune's outgoing
register with the next numbers of the year (so their numbers follow the year's other demo
documents). Deterministic, bulk-inserted, skipped for communes that already have a 2026 plan.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from reformdesk.assignments.choices import EventKind, Quality, Status, Timeliness
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.documents.choices import DocumentType, Register, Series
from reformdesk.documents.choices import EventKind as DocumentEventKind
from reformdesk.documents.demo import communes
from reformdesk.documents.models import DocumentEvent, OutgoingDocument
from reformdesk.documents.services import format_symbol
from reformdesk.documents.services.common import next_number
from reformdesk.org.choices import Role
from reformdesk.org.models import Official, Unit
from reformdesk.scoring.models_plans import (
    PlanEvent,
    PlanEventKind,
    PlanItem,
    PlanStatus,
    ReformPlan,
    ReportKind,
    ReportObligation,
    ReportSubmission,
)
from reformdesk.scoring.plans_rules import REPORT_SCHEDULE, scheduled_due
from reformdesk.worktime.selectors import VN_TZ

YEAR = 2026
ITEMS = [
    ("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của xã", dt.date(YEAR, 3, 31)),
    ("Tuyên truyền cải cách hành chính trên hệ thống truyền thanh xã", dt.date(YEAR, 5, 29)),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", dt.date(YEAR, 6, 30)),
    ("Kiểm tra công vụ, kỷ luật, kỷ cương hành chính tại Bộ phận Một cửa", dt.date(YEAR, 9, 30)),
    ("Khảo sát mức độ hài lòng của người dân, tổ chức", dt.date(YEAR, 11, 30)),
    ("Tổng kết công tác cải cách hành chính năm", dt.date(YEAR, 12, 31)),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=VN_TZ)


def _seed_unit(unit: Unit, rng: random.Random, now: dt.datetime) -> int:
    chair = (
        Official.objects.filter(
            memberships__unit=unit,
            memberships__role=Role.LEADER,
            position="Chủ tịch UBND xã",
            user__isnull=False,
        )
        .select_related("user")
        .first()
    )
    staff = list(
        Official.objects.filter(memberships__unit=unit, memberships__role=Role.SPECIALIST, is_active=True)
        .distinct()
        .order_by("employee_code")
    )
    if chair is None or chair.user is None or not staff:
        return 0
    user = chair.user
    created = _at(dt.date(YEAR, 1, 12), 9)
    plan = ReformPlan.objects.create(
        unit=unit,
        year=YEAR,
        title=f"Kế hoạch cải cách hành chính năm {YEAR}",
        reference="05/KH-UBND",
        status=PlanStatus.APPROVED,
        created_at=created,
        created_by=user,
        approved_at=created + dt.timedelta(days=1),
        approved_by=user,
    )
    events = [
        PlanEvent(kind=PlanEventKind.PLAN_CREATED, at=created, actor=user, unit=unit, year=YEAR, plan=plan),
        PlanEvent(
            kind=PlanEventKind.PLAN_APPROVED,
            at=created + dt.timedelta(days=1),
            actor=user,
            unit=unit,
            year=YEAR,
            plan=plan,
        ),
    ]
    tasks, task_events = [], []
    for number, (title, due_on) in enumerate(ITEMS):
        due_at = _at(due_on, 17)
        task = Task(
            title=title,
            expected_output="Báo cáo kết quả thực hiện.",
            status=Status.ASSIGNED,
            source_reference=f"Kế hoạch số 05/KH-UBND năm {YEAR}",
            unit=unit,
            assigned_by=user,
            assigner=chair,
            assignee=staff[number % len(staff)],
            assigned_at=created,
            deadline_date=due_on,
            first_due_at=due_at,
            due_at=due_at,
        )
        draw = rng.random()
        if due_at < now and draw < 0.85:
            late = draw > 0.65
            task.done_at = due_at + dt.timedelta(days=3) if late else due_at - dt.timedelta(days=2)
            task.status, task.percent = Status.EVALUATED, 100
            task.evaluated_at = task.done_at + dt.timedelta(hours=20)
            task.timeliness = Timeliness.LATE if late else Timeliness.EARLY
            task.quality = Quality.DONE if late else Quality.GOOD
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(plan=plan, title=t.title, due_on=t.deadline_date, task=t, created_at=created)
            for t in tasks
        ]
    )
    for task, item in zip(tasks, items, strict=True):
        task_events.append(
            TaskEvent(
                task=task,
                kind=EventKind.ASSIGNED,
                at=created,
                actor=user,
                actor_official=chair,
                to_status=Status.ASSIGNED,
            )
        )
        if task.status == Status.EVALUATED:
            assert task.done_at is not None and task.evaluated_at is not None
            task_events += [
                TaskEvent(
                    task=task,
                    kind=EventKind.REPORTED,
                    at=task.done_at,
                    actor=task.assignee.user if task.assignee else None,
                    from_status=Status.ASSIGNED,
                    to_status=Status.REPORTED,
                    percent=100,
                ),
                TaskEvent(
                    task=task,
                    kind=EventKind.EVALUATED,
                    at=task.evaluated_at,
                    actor=user,
                    actor_official=chair,
                    from_status=Status.REPORTED,
                    to_status=Status.EVALUATED,
                    data={"timeliness": task.timeliness, "quality": task.quality},
                ),
            ]
        events.append(
            PlanEvent(
                kind=PlanEventKind.ITEM_ADDED,
                at=created,
                actor=user,
                unit=unit,
                year=YEAR,
                plan=plan,
                item=item,
            )
        )
    TaskEvent.objects.bulk_create(task_events)

    obligations = ReportObligation.objects.bulk_create(
        [
            ReportObligation(
                unit=unit,
                year=YEAR,
                kind=kind,
                due_on=scheduled_due(kind, YEAR),
                basis=basis,
                created_at=created,
            )
            for kind, (_m, _d, basis) in REPORT_SCHEDULE.items()
        ]
    )
    events.append(PlanEvent(kind=PlanEventKind.OBLIGATIONS_OPENED, at=created, unit=unit, year=YEAR))
    for obligation in obligations:
        draw = rng.random()
        if draw < 0.12:
            continue  # never submitted: missing once the due day is over
        day = obligation.due_on + dt.timedelta(
            days=rng.choice([2, 5]) if draw > 0.8 else -rng.choice([0, 1, 3])
        )
        submitted_at = _at(day, 15)
        if submitted_at >= now:
            continue
        number = next_number(unit=unit, register=Register.OUTGOING, year=YEAR)
        doc_type = DocumentType.PLAN if obligation.kind == ReportKind.PLAN else DocumentType.REPORT
        document = OutgoingDocument.objects.create(
            unit=unit,
            year=YEAR,
            series=Series.REGULAR,
            number=number,
            symbol=format_symbol(number=number, doc_type=doc_type, issuer="UBND"),
            doc_type=doc_type,
            summary=f"{ReportKind(obligation.kind).label} {YEAR}",
            issued_on=day,
            signer=chair,
            recipients="- UBND tỉnh (Sở Nội vụ);\n- Lưu: VT.",
            registered_by=user,
            registered_at=submitted_at - dt.timedelta(hours=2),
            search_text=f"{ReportKind(obligation.kind).label} {YEAR}".lower(),
        )
        DocumentEvent.objects.create(
            outgoing=document,
            kind=DocumentEventKind.OUTGOING_REGISTERED,
            at=document.registered_at,
            actor=user,
        )
        ReportSubmission.objects.create(
            obligation=obligation, document=document, submitted_at=submitted_at, submitted_by=user
        )
        events.append(
            PlanEvent(
                kind=PlanEventKind.REPORT_SUBMITTED,
                at=submitted_at,
                actor=user,
                unit=unit,
                year=YEAR,
                obligation=obligation,
                data={"document": document.pk, "symbol": document.symbol},
            )
        )
    PlanEvent.objects.bulk_create(events)
    return len(items)


def seed() -> list[str]:
    now = timezone.now()
    rng = random.Random(20260115)  # noqa: S311 - demo data
    total = 0
    with transaction.atomic():
        for unit in communes():
            if ReformPlan.objects.filter(unit=unit, year=YEAR).exists():
                continue
            total += _seed_unit(unit, rng, now)
    return [f"  scoring: reform plans and reports {YEAR} ({total} plan items)"] if total else []
