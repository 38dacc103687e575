"""Demo tasks: a year of the 3-step mechanism at the seven communes.

Each commune's chair (given a demo login here when the org demo left them without one) assigns
two to five tasks a week to the commune's officials, due in three to ten working days on the
commune's calendar (``worktime``). About four in ten come from an incoming document of the register
(the document's handler and deadline then follow the task, as ``services.task_assign`` keeps them);
the rest from meetings or with no source. Tasks due before the run day were mostly reported and
evaluated (early, on time or late, computed as the services compute it), some after being returned
once for rework; a few are still owed and overdue, a few wait for evaluation; recent ones are still
being worked on. Every state change has its event row. Deterministic, bulk-inserted, and skipped
for communes that already have tasks.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from reformdesk.assignments.choices import EventKind, Priority, Quality, SourceKind, Status
from reformdesk.assignments.models import Task, TaskEvent
from reformdesk.assignments.rules import timeliness_of
from reformdesk.core.text import fold
from reformdesk.documents.choices import EventKind as DocumentEventKind
from reformdesk.documents.demo import communes, demo_window
from reformdesk.documents.models import DocumentEvent, IncomingDocument
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime import selectors as worktime

TASKS = [
    (
        "Rà soát, cập nhật danh mục thủ tục hành chính niêm yết tại Bộ phận Một cửa",
        "Danh mục đã cập nhật, ảnh chụp bảng niêm yết.",
    ),
    (
        "Báo cáo kết quả giải quyết hồ sơ trực tuyến toàn trình trong tháng",
        "Báo cáo số liệu theo mẫu của Sở Nội vụ.",
    ),
    (
        "Tổng hợp ý kiến phản ánh, kiến nghị của người dân tại hộp thư góp ý",
        "Bảng tổng hợp kèm đề xuất xử lý.",
    ),
    (
        "Chuẩn bị tài liệu kiểm chứng Chỉ số cải cách hành chính năm",
        "Bộ tài liệu kiểm chứng theo từng tiêu chí.",
    ),
    ("Kiểm tra tiến độ thu ngân sách xã và đề xuất giải pháp", "Báo cáo bằng văn bản."),
    ("Rà soát hồ sơ hộ tịch tồn đọng, số hóa sổ hộ tịch", "Danh sách hồ sơ đã số hóa."),
    ("Kiểm tra hiện trạng công trình thủy lợi trước mùa mưa bão", "Biên bản kiểm tra có ảnh hiện trường."),
    (
        "Xây dựng kế hoạch tuyên truyền cải cách hành chính trên hệ thống truyền thanh xã",
        "Dự thảo kế hoạch trình Chủ tịch ký.",
    ),
    ("Làm sạch dữ liệu dân cư phục vụ Đề án 06 tại các thôn", "Báo cáo số trường hợp đã cập nhật."),
    ("Dự thảo báo cáo sơ kết công tác cải cách hành chính", "Dự thảo báo cáo."),
]
MEETINGS = [
    "Kết luận giao ban UBND xã tháng {month}/{year}",
    "Thông báo kết luận họp Thường trực HĐND và UBND xã",
]
COMMENTS = {
    Quality.EXCELLENT: "Hoàn thành tốt, số liệu đầy đủ, đúng yêu cầu.",
    Quality.GOOD: "Đạt yêu cầu.",
    Quality.DONE: "Cơ bản đạt, cần chủ động hơn.",
    Quality.NOT_DONE: "Chưa đạt yêu cầu về nội dung.",
}


def seed_chair_logins() -> list[str]:
    """A login for each commune chair who has none: the demo's tasks need an assigning user.
    Usernames follow the org demo's ``chutich.tanky``: ``chutich.`` and the commune's name folded."""
    chairs = (
        Membership.objects.filter(
            official__position="Chủ tịch UBND xã",
            role=Role.LEADER,
            is_primary=True,
            official__user__isnull=True,
            unit__code__in=[code for code, _n, _e in org_data.NEW_COMMUNES],
        )
        .select_related("official", "unit")
        .order_by("unit__code")
    )
    created = []
    for membership in chairs:
        username = "chutich." + fold(membership.unit.name_vi).removeprefix("xa ").replace(" ", "")
        user, made = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@nghean.gov.vn"}
        )
        if made:
            user.set_password(org_data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Official.objects.filter(pk=membership.official_id).update(user=user)
        created.append(username)
    return created


def _events(task: Task, chair: Official, rng: random.Random, now: dt.datetime) -> list[TaskEvent]:
    """The task's story up to ``now``; sets the task's status and results to match."""
    events = [
        TaskEvent(
            task=task,
            kind=EventKind.ASSIGNED,
            at=task.assigned_at,
            actor=task.assigned_by,
            actor_official=chair,
            to_status=Status.ASSIGNED,
            data={"due_at": task.due_at.isoformat()},
        )
    ]

    def add(kind: str, at: dt.datetime, from_status: str, to_status: str, **fields: object) -> None:
        events.append(
            TaskEvent(task=task, kind=kind, at=at, from_status=from_status, to_status=to_status, **fields)
        )  # type: ignore[arg-type]

    span = task.due_at - task.assigned_at
    acknowledged = task.assigned_at + dt.timedelta(hours=rng.randint(1, 20))
    if acknowledged >= now:
        task.status = Status.ASSIGNED
        return events
    task.acknowledged_at = acknowledged
    add(
        EventKind.ACKNOWLEDGED,
        acknowledged,
        Status.ASSIGNED,
        Status.ACKNOWLEDGED,
        actor_official=task.assignee,
    )
    # When the assignee reports: mostly before the due moment, one in six after it.
    late = rng.random() < 0.17
    done = (
        task.due_at + dt.timedelta(hours=rng.randint(2, 120))
        if late
        else task.assigned_at + span * rng.uniform(0.3, 0.98)
    )
    stuck = rng.random() < 0.05
    if done >= now or stuck:
        task.status = Status.IN_PROGRESS
        task.percent = rng.choice([20, 40, 50, 70])
        progress_at = min(acknowledged + dt.timedelta(hours=24), now - dt.timedelta(minutes=1))
        add(
            EventKind.PROGRESS,
            progress_at,
            Status.ACKNOWLEDGED,
            Status.IN_PROGRESS,
            actor_official=task.assignee,
            percent=task.percent,
            note="Đang triển khai.",
        )
        return events
    task.done_at, task.percent, task.evidence = done, 100, "Báo cáo kết quả gửi kèm."
    add(
        EventKind.REPORTED,
        done,
        Status.ACKNOWLEDGED,
        Status.REPORTED,
        actor_official=task.assignee,
        percent=100,
    )
    if rng.random() < 0.12:  # sent back once for rework, reported again later
        returned = done + dt.timedelta(hours=rng.randint(4, 30))
        again = returned + dt.timedelta(hours=rng.randint(8, 72))
        if again < now:
            task.returns_count = 1
            add(
                EventKind.RETURNED,
                returned,
                Status.REPORTED,
                Status.RETURNED,
                actor=task.assigned_by,
                actor_official=chair,
                note="Bổ sung số liệu chi tiết theo từng thôn.",
            )
            add(
                EventKind.REPORTED,
                again,
                Status.RETURNED,
                Status.REPORTED,
                actor_official=task.assignee,
                percent=100,
            )
            task.done_at = done = again
    evaluated = done + dt.timedelta(hours=rng.randint(3, 60))
    if evaluated >= now or rng.random() < 0.06:
        task.status = Status.REPORTED
        return events
    task.status = Status.EVALUATED
    task.evaluated_at = evaluated
    task.timeliness = timeliness_of(done_at=done, due_at=task.due_at)
    task.quality = rng.choices(
        [Quality.EXCELLENT, Quality.GOOD, Quality.DONE, Quality.NOT_DONE],
        weights=[3, 6, 2, 1 if not late else 3],
    )[0]
    task.evaluation_comment = COMMENTS[Quality(task.quality)]
    add(
        EventKind.EVALUATED,
        evaluated,
        Status.REPORTED,
        Status.EVALUATED,
        actor=task.assigned_by,
        actor_official=chair,
        note=task.evaluation_comment,
        data={"timeliness": task.timeliness, "quality": task.quality},
    )
    return events


def _seed_unit(unit: Unit, rng: random.Random, now: dt.datetime) -> int:
    window = demo_window()
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
    if chair is None or chair.user is None:
        return 0
    staff = list(
        Official.objects.filter(
            memberships__unit=unit,
            memberships__role__in=[Role.SPECIALIST, Role.ONE_STOP, Role.REFORM],
            is_active=True,
        )
        .distinct()
        .order_by("employee_code")
    )
    if not staff:
        return 0
    documents = list(
        IncomingDocument.objects.filter(unit=unit, confidentiality="normal").order_by("arrived_at", "id")
    )
    by_week: dict[dt.date, list[IncomingDocument]] = {}
    for document in documents:
        arrived = timezone.localtime(document.arrived_at).date()
        by_week.setdefault(arrived - dt.timedelta(days=arrived.weekday()), []).append(document)
    clock = worktime.work_clock(unit=unit)
    tasks: list[Task] = []
    handed: list[IncomingDocument] = []
    day = window.start - dt.timedelta(days=window.start.weekday())
    while day <= window.end:
        week_documents = by_week.get(day, [])
        for _ in range(rng.randint(2, 5)):
            assigned_on = day + dt.timedelta(days=rng.randint(0, 4))
            if assigned_on < window.start or assigned_on > window.end:
                continue
            assigned_at = dt.datetime.combine(
                assigned_on,
                dt.time(rng.choice([8, 9, 10, 14, 15]), rng.randint(0, 59)),
                tzinfo=worktime.VN_TZ,
            )
            days = rng.choice([3, 3, 5, 5, 7, 10])
            due_at = clock.due_at(start=assigned_at, days=days)
            assignee = rng.choice(staff)
            source = rng.random()
            document = None
            if source < 0.4 and week_documents:
                document = week_documents.pop(rng.randrange(len(week_documents)))
                title = document.summary.removeprefix("V/v ").capitalize()[:300]
                output = "Báo cáo kết quả thực hiện văn bản."
                kind = SourceKind.INCOMING_DOCUMENT
                reference = f"{document.original_symbol} (số đến {document.number}/{document.year})"
                if document.arrived_at > assigned_at:
                    assigned_at = document.arrived_at + dt.timedelta(hours=2)
                    due_at = clock.due_at(start=assigned_at, days=days)
                document.handler = assignee
                document.handling_due_on = timezone.localtime(due_at).date()
                handed.append(document)
            elif source < 0.65:
                title, output = rng.choice(TASKS)
                kind = SourceKind.MEETING
                reference = rng.choice(MEETINGS).format(month=assigned_on.month, year=assigned_on.year)
            else:
                title, output = rng.choice(TASKS)
                kind, reference = SourceKind.NONE, ""
            tasks.append(
                Task(
                    title=title,
                    expected_output=output,
                    status=Status.ASSIGNED,
                    priority=Priority.HIGH if rng.random() < 0.15 else Priority.NORMAL,
                    source_kind=kind,
                    source_reference=reference,
                    source_document=document,
                    unit=unit,
                    assigned_by=chair.user,
                    assigner=chair,
                    assignee=assignee,
                    assigned_at=assigned_at,
                    deadline_days=days,
                    first_due_at=due_at,
                    due_at=due_at,
                )
            )
        day += dt.timedelta(days=7)
    stories = [_events(task, chair, rng, now) for task in tasks]
    Task.objects.bulk_create(tasks, batch_size=1000)
    TaskEvent.objects.bulk_create([event for story in stories for event in story], batch_size=1000)
    IncomingDocument.objects.bulk_update(handed, ["handler", "handling_due_on"], batch_size=500)
    DocumentEvent.objects.bulk_create(
        [
            DocumentEvent(
                incoming=document,
                kind=DocumentEventKind.HANDLER_ASSIGNED,
                at=task.assigned_at,
                actor=chair.user,
                actor_official=chair,
                to_official=task.assignee,
                note=f"Giao nhiệm vụ #{task.pk}: {task.title}",
                data={"due_on": document.handling_due_on.isoformat() if document.handling_due_on else None},
            )
            for task in tasks
            if (document := task.source_document) is not None
        ],
        batch_size=1000,
    )
    return len(tasks)


@transaction.atomic
def seed() -> list[str]:
    logins = seed_chair_logins()
    now = timezone.now()
    total = 0
    for index, unit in enumerate(communes()):
        if Task.objects.filter(unit=unit).exists():
            continue
        total += _seed_unit(unit, random.Random(demo_window().seed + 100 + index), now)  # noqa: S311 - demo data
    lines = [f"Tasks: {total} tasks at the communes."] if total else []
    if logins:
        others = ", ".join(logins)
        lines.append(f"  {others} / {org_data.DEMO_PASSWORD}  (the chairs of the other communes)")
    return lines
