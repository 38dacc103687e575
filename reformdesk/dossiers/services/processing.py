"""Processing a received dossier along its steps, until the result is ready.

Each action locks the dossier row, checks the status it applies to (else ``ActionNotAllowed``,
HTTP 409) and the actor's permission on the step's unit (else ``PermissionDenied``), changes the
dossier and its step, and writes one event row — or changes nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import StepKind
from reformdesk.dossiers.choices import (
    WORKING_STATUSES,
    EventKind,
    PaperState,
    ResultKind,
    Status,
)
from reformdesk.dossiers.models import Dossier, DossierStep
from reformdesk.dossiers.services.clock import outcome_766, outcome_of, resumed, supplement_waits
from reformdesk.dossiers.services.events import ActionNotAllowed, official_of, record
from reformdesk.dossiers.services.intake import start_clock
from reformdesk.dossiers.services.planning import pick_assignee
from reformdesk.dossiers.services.supplements import missing_papers_from_lines
from reformdesk.org.models import Membership, Official
from reformdesk.org.permissions import AnyUser, Perm, has_perm, require

# Steps only a leader may complete: approving and signing.
DECISION_STEPS = frozenset({StepKind.APPROVE, StepKind.SIGN})


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("current_step").get(pk=dossier.pk)


def _expect(dossier: Dossier, statuses: Collection[int], message: str) -> None:
    if dossier.status not in statuses:
        raise ActionNotAllowed(message)


def _check_step_actor(actor: AnyUser, dossier: Dossier, step: DossierStep) -> None:
    """The step's assignee acts on it; a leader of the step's unit may act on anyone's step."""
    perm = Perm.DECIDE_DOSSIERS if step.kind in DECISION_STEPS else Perm.PROCESS_DOSSIERS
    if step.kind == StepKind.RETURN:
        perm = Perm.RECEIVE_DOSSIERS
    require(actor, perm, step.unit)
    if step.assignee_id is None or has_perm(actor, Perm.DECIDE_DOSSIERS, step.unit):
        return
    me = official_of(actor)
    if me is None or me.pk != step.assignee_id:
        raise PermissionDenied(_("Hồ sơ đang được giao cho người khác xử lý ở bước này."))


def _check_official(official: Official, step: DossierStep) -> None:
    on = timezone.localdate()
    if not Membership.objects.active_on(on).filter(official=official, unit=step.unit).exists():
        raise ValidationError({"to_official": _("Người nhận không công tác tại đơn vị thực hiện bước này.")})


def _finish_step(step: DossierStep, at: dt.datetime) -> None:
    step.finished_at = at
    step.outcome = outcome_of(finished_at=at, due=step.due_at)
    step.save(update_fields=["finished_at", "outcome"])


def _result_ready(dossier: Dossier, at: dt.datetime, kind: str) -> None:
    dossier.status = Status.RESULT_READY
    dossier.finished_at = at
    dossier.result_kind = kind
    assert dossier.due_at is not None
    dossier.outcome = dossier_outcome_766(dossier=dossier, finished_at=at)


def dossier_outcome_766(*, dossier: Dossier, finished_at: dt.datetime) -> str:
    """The dossier's outcome by the 766 rule (``clock.outcome_766``), read from its supplement
    events: the one place the statistics' on time / late is decided."""
    assert dossier.due_at is not None
    events = dossier.events.filter(
        kind__in=(EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_RECEIVED)
    ).order_by("at", "id")
    appointment, waited, requests = supplement_waits(
        events.values_list("kind", "at", "data"), due=dossier.due_at
    )
    return outcome_766(finished_at=finished_at, appointment=appointment, waited=waited, requests=requests)


@transaction.atomic
def dossier_forward(
    *,
    actor: AnyUser,
    dossier: Dossier,
    to_official: Official | None = None,
    note: str = "",
    at: dt.datetime | None = None,
    approve: bool = False,
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (its assignee, or
    ``to_official``). Handing over to the return step makes the result ready (status 9).
    ``approve`` is a leader's approval or signature: the current step must be one."""
    dossier = _locked(dossier)
    _expect(dossier, WORKING_STATUSES, _("Chỉ chuyển bước được hồ sơ đang xử lý."))
    step = dossier.current_step
    if step is None:
        raise ActionNotAllowed(_("Hồ sơ không còn bước nào để chuyển."))
    if approve and step.kind not in DECISION_STEPS:
        raise ActionNotAllowed(_("Bước hiện tại không phải bước phê duyệt hoặc ký."))
    _check_step_actor(actor, dossier, step)
    at = at or timezone.now()
    next_step = dossier.steps.filter(order__gt=step.order).order_by("order").first()
    if next_step is None:
        raise ActionNotAllowed(_("Đây là bước cuối: hãy trả kết quả cho người dân."))
    if to_official is not None:
        _check_official(to_official, next_step)
    _finish_step(step, at)
    next_step.assignee = (
        to_official
        or next_step.assignee
        or pick_assignee(unit=next_step.unit, role=next_step.role, on=at.date())
    )
    next_step.started_at = at
    next_step.finished_at = None
    next_step.outcome = ""
    next_step.save(update_fields=["assignee", "started_at", "finished_at", "outcome"])
    before = dossier.status
    dossier.current_step = next_step
    dossier.assignee = next_step.assignee
    if next_step.kind == StepKind.RETURN:
        _result_ready(dossier, at, ResultKind.GRANTED)
    else:
        dossier.status = Status.PROCESSING
    dossier.save()
    kind = EventKind.APPROVED if step.kind in DECISION_STEPS else EventKind.FORWARDED
    if dossier.status == Status.RESULT_READY:
        kind = EventKind.RESULT_READY
    record(
        dossier=dossier,
        kind=kind,
        actor=actor,
        at=at,
        from_status=before,
        step=step,
        from_official=step.assignee,
        to_official=next_step.assignee,
        from_unit=step.unit,
        to_unit=next_step.unit,
        note=note,
        data={"step_outcome": step.outcome, "to_step": next_step.order},
    )
    return dossier


@transaction.atomic
def dossier_send_back(
    *, actor: AnyUser, dossier: Dossier, note: str, at: dt.datetime | None = None
) -> Dossier:
    """Return the dossier to the previous step (its officer must redo it), with a reason."""
    dossier = _locked(dossier)
    _expect(dossier, (Status.PROCESSING,), _("Chỉ trả lại bước trước được hồ sơ đang xử lý."))
    step = dossier.current_step
    assert step is not None
    _check_step_actor(actor, dossier, step)
    if not note.strip():
        raise ValidationError({"note": _("Cần ghi rõ lý do trả lại.")})
    previous = (
        dossier.steps.filter(order__lt=step.order).exclude(kind=StepKind.RECEIVE).order_by("-order").first()
    )
    if previous is None:
        raise ActionNotAllowed(_("Không có bước trước để trả lại."))
    at = at or timezone.now()
    step.started_at = None
    step.save(update_fields=["started_at"])
    previous.finished_at = None
    previous.outcome = ""
    previous.started_at = at
    previous.save(update_fields=["finished_at", "outcome", "started_at"])
    dossier.current_step = previous
    dossier.assignee = previous.assignee
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.SENT_BACK,
        actor=actor,
        at=at,
        from_status=Status.PROCESSING,
        step=step,
        from_official=step.assignee,
        to_official=previous.assignee,
        from_unit=step.unit,
        to_unit=previous.unit,
        note=note.strip(),
        data={"to_step": previous.order},
    )
    return dossier


@transaction.atomic
def dossier_reassign(
    *, actor: AnyUser, dossier: Dossier, to_official: Official, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Give the current step to another official of its unit (a leader's hand-over)."""
    dossier = _locked(dossier)
    _expect(dossier, (*WORKING_STATUSES, Status.RESULT_READY), _("Hồ sơ không ở bước nào để giao lại."))
    step = dossier.current_step
    assert step is not None
    require(actor, Perm.DECIDE_DOSSIERS, step.unit)
    _check_official(to_official, step)
    at = at or timezone.now()
    previous = step.assignee
    step.assignee = to_official
    step.save(update_fields=["assignee"])
    dossier.assignee = to_official
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.REASSIGNED,
        actor=actor,
        at=at,
        from_status=dossier.status,
        step=step,
        from_official=previous,
        to_official=to_official,
        from_unit=step.unit,
        to_unit=step.unit,
        note=note,
    )
    return dossier


@transaction.atomic
def dossiers_reassign(
    *, actor: AnyUser, dossiers: list[Dossier], to_official: Official, note: str = ""
) -> list[Dossier]:
    """Bulk hand-over: each dossier's current step to ``to_official``, all or none."""
    if not dossiers:
        raise ValidationError({"dossiers": _("Hãy chọn ít nhất một hồ sơ.")})
    return [dossier_reassign(actor=actor, dossier=d, to_official=to_official, note=note) for d in dossiers]


@transaction.atomic
def dossier_request_supplement(
    *, actor: AnyUser, dossier: Dossier, missing: list[str], note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Ask the applicant, in writing and once, for every missing paper (form 02). The clock stops.

    A dossier asked for supplements more than once counts as late (Decision 766)."""
    dossier = _locked(dossier)
    _expect(dossier, WORKING_STATUSES, _("Chỉ yêu cầu bổ sung được hồ sơ đang xử lý."))
    step = dossier.current_step
    assert step is not None
    _check_step_actor(actor, dossier, step)
    # One paper a line: "name | quantity | what is wrong" (form 02's table).
    papers = missing_papers_from_lines(dossier=dossier, lines=missing)
    missing = [paper.name for paper in papers]
    if not missing:
        raise ValidationError({"missing": _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung.")})
    at = at or timezone.now()
    before = dossier.status
    dossier.status = Status.SUPPLEMENT
    dossier.paused_at = at
    dossier.supplement_count += 1
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.SUPPLEMENT_REQUESTED,
        actor=actor,
        at=at,
        from_status=before,
        step=step,
        note=note,
        data={
            "missing": missing,
            "missing_papers": [paper.as_data() for paper in papers],
            "resume_status": before,
            "request_number": dossier.supplement_count,
        },
    )
    return dossier


@transaction.atomic
def dossier_receive_supplement(
    *,
    actor: AnyUser,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
    submitted_papers: Collection[int] = (),
) -> Dossier:
    """The applicant brought the missing papers: the clock resumes where it stopped, or — for a
    dossier that was never received — starts now with a receipt.

    A dossier never received is received only with every required paper: ``submitted_papers``
    are the ids of the papers brought now, and any required one still missing refuses the receipt
    (the desk guides the applicant again or refuses the dossier, never receives it incomplete)."""
    dossier = _locked(dossier)
    _expect(dossier, (Status.SUPPLEMENT,), _("Hồ sơ không ở trạng thái chờ bổ sung."))
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    at = at or timezone.now()
    paused_at = dossier.paused_at
    assert paused_at is not None
    if at < paused_at:
        raise ValidationError({"at": _("Thời điểm nhận bổ sung không được trước thời điểm yêu cầu bổ sung.")})
    if dossier.received_at is None:
        brought = set(submitted_papers)
        missing = dossier.papers.filter(state=PaperState.MISSING)
        still = [p.name for p in missing if p.required_paper_id not in brought]
        if still:
            raise ValidationError(
                {
                    "papers": _(
                        "Hồ sơ còn thiếu: %(papers)s. Hồ sơ chưa đủ giấy tờ thì không được tiếp nhận: "
                        "hướng dẫn người nộp bổ sung tiếp, hoặc từ chối tiếp nhận."
                    )
                    % {"papers": "; ".join(still)}
                }
            )
    dossier.papers.filter(state=PaperState.MISSING).update(state=PaperState.SUBMITTED)
    dossier.paused_at = None
    if dossier.received_at is None:
        start_clock(dossier=dossier, actor=actor, at=at)
        record(
            dossier=dossier,
            kind=EventKind.RECEIVED,
            actor=actor,
            at=at,
            from_status=Status.SUPPLEMENT,
            to_official=dossier.assignee,
            to_unit=dossier.processing_unit,
            note=note,
            data={"after_supplement": True},
        )
        return dossier
    request = dossier.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).order_by("-at", "-id").first()
    resume_status = (request.data.get("resume_status") if request else None) or Status.PROCESSING
    unit = dossier.processing_unit
    assert dossier.due_at is not None
    old_due = dossier.due_at
    dossier.due_at = resumed(unit=unit, due=old_due, paused_at=paused_at, resumed_at=at)
    if dossier.apology_due_at is not None:
        dossier.apology_due_at = resumed(
            unit=unit, due=dossier.apology_due_at, paused_at=paused_at, resumed_at=at
        )
    for step in dossier.steps.filter(finished_at__isnull=True):
        step.due_at = resumed(unit=unit, due=step.due_at, paused_at=paused_at, resumed_at=at)
        step.save(update_fields=["due_at"])
    dossier.status = resume_status
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.SUPPLEMENT_RECEIVED,
        actor=actor,
        at=at,
        from_status=Status.SUPPLEMENT,
        step=dossier.current_step,
        note=note,
        data={"paused_from": paused_at.isoformat(), "due_before": old_due.isoformat()},
    )
    return dossier
