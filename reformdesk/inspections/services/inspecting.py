"""Holding an inspection: a (sudden) inspection with its team, the
start that pre-fills the checklist from the data of the inspected moment, the answers saved item
by item, each official's presence confirmed or corrected, photos, the end and a cancellation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.uploads import CheckedFile
from reformdesk.inspections.choices import (
    STARTED_STATUSES,
    EventKind,
    Kind,
    Method,
    Presence,
    Result,
    Status,
)
from reformdesk.inspections.models import (
    Answer,
    ChecklistTemplate,
    Inspection,
    Photo,
    PlanEntry,
    PresenceCheck,
    TeamMember,
)
from reformdesk.inspections.prefill import checklist_prefill
from reformdesk.inspections.services.base import (
    Errors,
    add,
    check_team,
    checked,
    expect,
    expect_editable,
    locked,
    moment,
    raise_errors,
    record,
    text,
    transition,
)
from reformdesk.inspections.shipped import TEMPLATE_CODE
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, require

MAX_COUNT = 100_000
MAX_PHOTOS = 200
MAX_TEAM = 15


def current_template(code: str = TEMPLATE_CODE) -> ChecklistTemplate:
    """The newest active version of a checklist."""
    return ChecklistTemplate.objects.filter(code=code, is_active=True).order_by("-version").first() or (
        ChecklistTemplate.objects.filter(code=code).order_by("-version").get()
    )


def _own_unit_members(team: Sequence[Official], target: Unit, on: dt.date) -> list[Official]:
    """Team members with a membership at the target unit or a unit below it."""
    ids = set(
        Membership.objects.active_on(on)
        .filter(official__in=team, unit__path__startswith=target.path)
        .values_list("official_id", flat=True)
    )
    return [official for official in team if official.pk in ids]


@transaction.atomic
def inspection_create(
    *,
    actor: AnyUser,
    inspecting_unit: Unit,
    target_unit: Unit,
    kind: str,
    leader: Official,
    members: Sequence[Official] = (),
    subject: str = "",
    plan_entry: PlanEntry | None = None,
    scheduled_on: dt.date | None = None,
    template: ChecklistTemplate | None = None,
    start: bool = False,
    at: dt.datetime | None = None,
) -> Inspection:
    """Set up an inspection of ``target_unit`` by a team of ``inspecting_unit`` led by ``leader``.

    A sudden inspection is created on the spot and usually started at once (``start``): it was
    invisible to its target until then. Refused (``ValidationError``, nothing saved): a team
    member who works at the inspected unit (an inspector inspecting their own unit), a target
    outside the inspecting unit's reach, a plan line of another unit or target.
    """
    require(actor, Perm.MANAGE_INSPECTIONS, inspecting_unit)
    require(actor, Perm.MANAGE_INSPECTIONS, target_unit)
    at = moment(at)
    today = timezone.localtime(at).date()
    errors: Errors = {}
    if kind not in Kind.values:
        add(errors, "kind", _("Hình thức kiểm tra không hợp lệ."))
    if target_unit.pk == inspecting_unit.pk:
        add(errors, "target_unit", _("Đơn vị không tự kiểm tra chính mình."))
    subject = checked(errors, subject, name="subject", multiline=False, limit=500) or _(
        "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính"
    )
    team = list(dict.fromkeys([leader, *members]))
    if len(team) > MAX_TEAM:
        add(errors, "team", _("Đoàn kiểm tra tối đa %(limit)d người.") % {"limit": MAX_TEAM})
    for official in team:
        if not official.is_active:
            add(errors, "team", _("Cán bộ %(name)s không còn công tác.") % {"name": official.full_name})
    for official in _own_unit_members(team, target_unit, today):
        add(
            errors,
            "team",
            _("%(name)s công tác tại %(unit)s: không được kiểm tra đơn vị của mình.")
            % {"name": official.full_name, "unit": target_unit.name},
        )
    if plan_entry is not None:
        if kind != Kind.PLANNED:
            add(errors, "plan_entry", _("Chỉ cuộc kiểm tra theo kế hoạch mới gắn với kế hoạch."))
        if plan_entry.plan.unit_id != inspecting_unit.pk or plan_entry.target_unit_id != target_unit.pk:
            add(
                errors, "plan_entry", _("Nội dung kế hoạch không khớp đơn vị kiểm tra, đơn vị được kiểm tra.")
            )
    template = template or current_template()
    raise_errors(errors)
    assert isinstance(actor, User)
    inspection = Inspection.objects.create(
        kind=kind,
        status=Status.PREPARED,
        inspecting_unit=inspecting_unit,
        target_unit=target_unit,
        plan_entry=plan_entry,
        template=template,
        subject=subject,
        scheduled_on=scheduled_on,
        created_by=actor,
        created_at=at,
    )
    TeamMember.objects.bulk_create(
        TeamMember(inspection=inspection, official=official, is_leader=official.pk == leader.pk)
        for official in team
    )
    record(
        inspection=inspection,
        kind=EventKind.CREATED,
        actor=actor,
        at=at,
        data={"team": [o.pk for o in team], "leader": leader.pk, "template": template.pk},
        changes={"target_unit": [None, target_unit.pk], "kind": [None, kind]},
    )
    if start:
        inspection = inspection_start(actor=actor, inspection=inspection, at=at)
    return inspection


@transaction.atomic
def inspection_start(*, actor: AnyUser, inspection: Inspection, at: dt.datetime | None = None) -> Inspection:
    """The team leader starts the inspection on site: the moment is fixed, every item gets its
    answer row with what the data said then, and every official of the unit a presence row."""
    inspection = locked(inspection)
    check_team(actor, inspection, leader=True)
    expect(inspection, {Status.PREPARED}, _("Cuộc kiểm tra đã bắt đầu hoặc đã kết thúc."))
    at = moment(at)
    prefill = checklist_prefill(user=actor, unit=inspection.target_unit, at=at)
    items = list(inspection.template.items.order_by("position", "id"))
    Answer.objects.bulk_create(
        Answer(
            inspection=inspection,
            item=item,
            prefill=prefill.for_source(item.data_source),
            expected=prefill.expected(item.data_source),
        )
        for item in items
    )
    PresenceCheck.objects.bulk_create(
        PresenceCheck(
            inspection=inspection, official=row.official, prefilled=row.presence, detail=row.detail[:300]
        )
        for row in prefill.people
    )
    transition(
        inspection,
        kind=EventKind.STARTED,
        actor=actor,
        at=at,
        status=Status.IN_PROGRESS,
        fields={"at": at},
        data={"officials": len(prefill.people), "in_hours": prefill.in_hours},
    )
    return inspection


def _started(inspection: Inspection) -> None:
    expect_editable(inspection)
    expect(inspection, STARTED_STATUSES, _("Cuộc kiểm tra chưa bắt đầu."))


@transaction.atomic
def answer_save(
    *,
    actor: AnyUser,
    inspection: Inspection,
    answer: Answer,
    result: str,
    expected: int | None = None,
    found: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Answer:
    """Save one item's answer on its own (a dropped connection loses at most the item typed)."""
    inspection = locked(inspection)
    me = check_team(actor, inspection)
    _started(inspection)
    if answer.inspection_id != inspection.pk:
        raise PermissionDenied(_("Nội dung không thuộc cuộc kiểm tra này."))
    at = moment(at)
    errors: Errors = {}
    if result not in Result.values:
        add(errors, "result", _("Kết quả không hợp lệ."))
    for name, value in (("expected", expected), ("found", found)):
        if value is not None and not 0 <= value <= MAX_COUNT:
            add(errors, name, _("Số phải từ 0 đến %(limit)d.") % {"limit": MAX_COUNT})
    if answer.item.method == Method.COUNT and result == Result.FAIL and found is None:
        add(errors, "found", _("Cần ghi số đếm được thực tế."))
    note = checked(errors, note, name="note")
    raise_errors(errors)
    changes: dict[str, list[object]] = {}
    values: tuple[tuple[str, object], ...] = (
        ("result", result),
        ("expected", expected),
        ("found", found),
        ("note", note),
    )
    for name, new in values:
        if getattr(answer, name) != new:
            changes[name] = [getattr(answer, name), new]
        setattr(answer, name, new)
    answer.answered_by = me
    answer.answered_at = at
    answer.save(update_fields=["result", "expected", "found", "note", "answered_by", "answered_at"])
    record(
        inspection=inspection,
        kind=EventKind.ANSWERED,
        actor=actor,
        at=at,
        from_status=inspection.status,
        data={"item": answer.item.code, "result": result},
        changes=changes,
    )
    return answer


@transaction.atomic
def presence_confirm(
    *,
    actor: AnyUser,
    inspection: Inspection,
    check: PresenceCheck,
    confirmed: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> PresenceCheck:
    """The inspector confirms (or corrects) one official's pre-filled presence."""
    inspection = locked(inspection)
    me = check_team(actor, inspection)
    _started(inspection)
    if check.inspection_id != inspection.pk:
        raise PermissionDenied(_("Cán bộ không thuộc danh sách của cuộc kiểm tra này."))
    errors: Errors = {}
    if confirmed not in Presence.values:
        add(errors, "confirmed", _("Tình trạng có mặt không hợp lệ."))
    note = checked(errors, note, name="note", multiline=False, limit=500)
    if not errors and confirmed != check.prefilled and not note:
        add(errors, "note", _("Sửa tình trạng so với dữ liệu chấm công cần ghi lý do."))
    raise_errors(errors)
    at = moment(at)
    previous = check.confirmed
    check.confirmed, check.note, check.checked_by, check.checked_at = confirmed, note, me, at
    check.save(update_fields=["confirmed", "note", "checked_by", "checked_at"])
    record(
        inspection=inspection,
        kind=EventKind.PRESENCE_CORRECTED,
        actor=actor,
        at=at,
        from_status=inspection.status,
        note=note,
        data={"official": check.official_id, "prefilled": check.prefilled, "confirmed": confirmed},
        changes={"presence": [previous or check.prefilled, confirmed]},
    )
    return check


@transaction.atomic
def presence_confirm_rest(*, actor: AnyUser, inspection: Inspection, at: dt.datetime | None = None) -> int:
    """Confirm as pre-filled every official not checked yet; returns how many."""
    inspection = locked(inspection)
    me = check_team(actor, inspection)
    _started(inspection)
    at = moment(at)
    rows = list(inspection.presence.filter(confirmed=""))
    for row in rows:
        row.confirmed, row.checked_by, row.checked_at = row.prefilled, me, at
    PresenceCheck.objects.bulk_update(rows, ["confirmed", "checked_by", "checked_at"])
    if rows:
        record(
            inspection=inspection,
            kind=EventKind.PRESENCE_CORRECTED,
            actor=actor,
            at=at,
            from_status=inspection.status,
            data={"confirmed_as_prefilled": len(rows)},
        )
    return len(rows)


@transaction.atomic
def photo_add(
    *,
    actor: AnyUser,
    inspection: Inspection,
    photo: CheckedFile,
    answer: Answer | None = None,
    finding: object | None = None,
    at: dt.datetime | None = None,
) -> Photo:
    """A photo from the phone's camera, checked by content as every upload is (``core.uploads``);
    only images are evidence photos."""
    from reformdesk.inspections.models import Finding

    inspection = locked(inspection)
    check_team(actor, inspection)
    _started(inspection)
    errors: Errors = {}
    if not photo.content_type.startswith("image/"):
        add(errors, "photo", _("Ảnh minh chứng phải là ảnh JPEG hoặc PNG."))
    if (answer is None) == (finding is None):
        add(errors, "photo", _("Ảnh gắn với một nội dung kiểm tra hoặc một vi phạm."))
    attached = answer if answer is not None else finding
    if attached is not None and getattr(attached, "inspection_id", None) != inspection.pk:
        add(errors, "photo", _("Nội dung không thuộc cuộc kiểm tra này."))
    if inspection.photos.count() >= MAX_PHOTOS:
        add(errors, "photo", _("Mỗi cuộc kiểm tra tối đa %(limit)d ảnh.") % {"limit": MAX_PHOTOS})
    raise_errors(errors)
    assert isinstance(actor, User)
    at = moment(at)
    stored = Photo(
        inspection=inspection,
        answer=answer,
        finding=finding if isinstance(finding, Finding) else None,
        original_name=(photo.upload.name or "")[:255],
        content_type=photo.content_type,
        size=photo.size,
        sha256=photo.sha256,
        uploaded_by=actor,
        uploaded_at=at,
    )
    stored.file.save("", photo.upload, save=False)
    stored.save()
    record(
        inspection=inspection,
        kind=EventKind.PHOTO_ADDED,
        actor=actor,
        at=at,
        from_status=inspection.status,
        data={"photo": stored.pk, "answer": answer.pk if answer else None},
    )
    return stored


@transaction.atomic
def inspection_complete(
    *, actor: AnyUser, inspection: Inspection, at: dt.datetime | None = None
) -> Inspection:
    """The team leader ends the inspection once every item is answered and every official's
    presence confirmed."""
    inspection = locked(inspection)
    check_team(actor, inspection, leader=True)
    expect_editable(inspection)
    expect(inspection, {Status.IN_PROGRESS}, _("Cuộc kiểm tra không ở trạng thái đang kiểm tra."))
    errors: Errors = {}
    unanswered = inspection.answers.filter(result="").count()
    if unanswered:
        add(errors, "answers", _("Còn %(count)d nội dung chưa ghi kết quả.") % {"count": unanswered})
    unconfirmed = inspection.presence.filter(confirmed="").count()
    if unconfirmed:
        add(errors, "presence", _("Còn %(count)d cán bộ chưa xác nhận có mặt.") % {"count": unconfirmed})
    raise_errors(errors)
    at = moment(at)
    transition(
        inspection,
        kind=EventKind.COMPLETED,
        actor=actor,
        at=at,
        status=Status.COMPLETED,
        fields={"finished_at": at},
    )
    return inspection


@transaction.atomic
def inspection_cancel(
    *, actor: AnyUser, inspection: Inspection, note: str, at: dt.datetime | None = None
) -> Inspection:
    """Whoever set it up, or the team leader, cancels an inspection not finished yet."""
    inspection = locked(inspection)
    leads = TeamMember.objects.filter(
        Q(is_leader=True), inspection=inspection, official__user_id=actor.pk or 0
    ).exists()
    if actor.pk != inspection.created_by_id and not leads:
        raise PermissionDenied(_("Chỉ người lập hoặc trưởng đoàn mới hủy được cuộc kiểm tra."))
    expect(inspection, {Status.PREPARED, Status.IN_PROGRESS}, _("Cuộc kiểm tra đã kết thúc, không hủy được."))
    note = text(note, name="note", required=_("Cần ghi lý do hủy."))
    transition(
        inspection, kind=EventKind.CANCELLED, actor=actor, at=moment(at), status=Status.CANCELLED, note=note
    )
    return inspection
