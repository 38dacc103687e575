"""Recurring tasks (issue 13: monthly reports): a leader sets a task to be given every month, and
``manage.py create_recurring_tasks`` assigns each month's task through ``task_assign`` — with its
checks, in the leader's name — once per month, whatever the number of runs."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.assignments.choices import Priority
from reformdesk.assignments.models import MAX_DEADLINE_DAYS, TITLE_MAX_CHARS, Recurrence, Task
from reformdesk.assignments.services.assigning import _assignee_unit, _leads, task_assign
from reformdesk.assignments.services.base import official_of, text
from reformdesk.core.services.audit import audit_record
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm

logger = logging.getLogger(__name__)


@transaction.atomic
def recurrence_create(
    *,
    actor: AnyUser,
    title: str,
    expected_output: str,
    day_of_month: int,
    deadline_days: int,
    starts_on: dt.date,
    assignee: Official | None = None,
    assignee_unit: Unit | None = None,
    ends_on: dt.date | None = None,
    priority: str = Priority.NORMAL,
) -> Recurrence:
    """Set a task to be given every month on ``day_of_month`` (1–28), due ``deadline_days``
    working days later, from ``starts_on`` to ``ends_on``. The same authority as for one task."""
    if not has_perm(actor, Perm.ASSIGN_TASKS):
        raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ."))
    assert isinstance(actor, User)
    today = timezone.localdate()
    title = text(
        title, name="title", required=_("Cần ghi tên nhiệm vụ."), multiline=False, limit=TITLE_MAX_CHARS
    )
    expected_output = text(
        expected_output, name="expected_output", required=_("Cần ghi kết quả, sản phẩm yêu cầu.")
    )
    if not 1 <= day_of_month <= 28:
        raise ValidationError({"day_of_month": _("Ngày giao trong tháng từ 1 đến 28.")})
    if not 1 <= deadline_days <= MAX_DEADLINE_DAYS:
        raise ValidationError(
            {"deadline_days": _("Thời hạn từ 1 đến %(limit)d ngày làm việc.") % {"limit": MAX_DEADLINE_DAYS}}
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Mức độ không hợp lệ.")})
    me = official_of(actor)
    if (assignee is None) == (assignee_unit is None):
        raise ValidationError({"assignee": _("Cần chọn một người thực hiện hoặc một đơn vị thực hiện.")})
    if assignee is not None and (
        (me is not None and assignee.pk == me.pk) or _assignee_unit(actor, assignee, today) is None
    ):
        raise ValidationError(
            {
                "assignee": _("Cán bộ %(name)s không thuộc đơn vị bạn được giao việc.")
                % {"name": assignee.full_name}
            }
        )
    if assignee_unit is not None and (
        not has_perm(actor, Perm.ASSIGN_TASKS, assignee_unit) or _leads(me, assignee_unit, today)
    ):
        raise ValidationError(
            {
                "assignee_unit": _("Đơn vị %(unit)s không thuộc phạm vi bạn được giao việc.")
                % {"unit": assignee_unit.name}
            }
        )
    recurrence = Recurrence.objects.create(
        title=title,
        expected_output=expected_output,
        priority=priority,
        assigned_by=actor,
        assignee=assignee,
        assignee_unit=assignee_unit,
        day_of_month=day_of_month,
        deadline_days=deadline_days,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        actor=actor,
        action="recurrence.create",
        obj=recurrence,
        changes={"day_of_month": [None, day_of_month], "deadline_days": [None, deadline_days]},
    )
    return recurrence


@dataclass(frozen=True)
class RecurringRun:
    created: list[Task]
    refused: list[tuple[Recurrence, str]]  # the recurrence and why this month's task was not given


def recurring_tasks_create(*, now: dt.datetime | None = None) -> RecurringRun:
    """Give this month's task of every active recurrence whose day has come (Vietnam time) and
    that has none yet. Each task is assigned in its own transaction; one refused (the leader no
    longer holds the right, the assignee left) is reported and the others go on."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    period = today.replace(day=1)
    created: list[Task] = []
    refused: list[tuple[Recurrence, str]] = []
    due = (
        Recurrence.objects.filter(is_active=True, starts_on__lte=today, day_of_month__lte=today.day)
        .exclude(ends_on__lt=today)
        .exclude(tasks__period=period)
        .select_related("assigned_by", "assignee", "assignee_unit")
        .order_by("id")
    )
    for recurrence in due:
        try:
            with transaction.atomic():
                task = task_assign(
                    actor=recurrence.assigned_by,
                    title=f"{recurrence.title} ({period:%m/%Y})",
                    expected_output=recurrence.expected_output,
                    assignee=recurrence.assignee,
                    assignee_unit=recurrence.assignee_unit,
                    deadline_days=recurrence.deadline_days,
                    priority=recurrence.priority,
                    recurrence=recurrence,
                    period=period,
                    at=now,
                )
        except IntegrityError:
            continue  # a concurrent run gave it first
        except (ValidationError, PermissionDenied) as exc:
            reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            logger.warning("recurring task %s not given for %s: %s", recurrence.pk, period, reason)
            refused.append((recurrence, reason))
            continue
        created.append(task)
    return RecurringRun(created=created, refused=refused)
