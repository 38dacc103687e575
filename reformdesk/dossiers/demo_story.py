"""One demo dossier played through the services' rules, for :mod:`reformdesk.dossiers.demo`.

:class:`Story` holds the unsaved rows of one dossier and has one method per service it mirrors
(``dossier_receive``/``dossier_accept``, ``dossier_refuse``, ``dossier_reassign``, ``dossier_forward``,
the supplement pair, ``dossier_apologise``, ``dossier_decline``, withdrawal and stop,
``dossier_deliver``): same statuses, event kinds, data keys, step fields and due moments, computed
with the desk's work clock (``worktime.selectors.WorkClock``, read once per desk) so that a year
of dossiers needs no query per dossier. :func:`live`
decides, with the seeded random generator, what happens to the dossier and when.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reformdesk.catalog.choices import Channel, StepKind
from reformdesk.catalog.models import (
    Procedure,
    ProcedureCase,
    RequiredPaper,
)
from reformdesk.core.text import fold
from reformdesk.dossiers import demo_data as data
from reformdesk.dossiers.choices import (
    DeliveryMethod,
    EventKind,
    Outcome,
    PaperState,
    ResultKind,
    Status,
    paper_state,
)
from reformdesk.dossiers.models import Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.services.clock import (
    apology_in_time,
    apology_latest_new_date,
    outcome_766,
    outcome_of,
    supplement_waits,
)
from reformdesk.dossiers.services.codes import _SECRET_ALPHABET, SECRET_LENGTH
from reformdesk.dossiers.services.processing import DECISION_STEPS
from reformdesk.org.choices import Role
from reformdesk.org.models import Official, Unit
from reformdesk.worktime.selectors import WorkClock

_FIELDS: dict[type[Any], list[Any]] = {}


def build(model: type[Any], **values: Any) -> Any:
    """``model(**values)`` by position: Django's keyword path costs several times more, and the
    year needs 400,000 of these rows. Fields not given take their default."""
    fields = _FIELDS.get(model)
    if fields is None:
        fields = _FIELDS[model] = list(model._meta.concrete_fields)
    missing = set(values) - {f.attname for f in fields}
    if missing:
        raise TypeError(f"{model.__name__} has no field {sorted(missing)}")
    return model(*[values[f.attname] if f.attname in values else f.get_default() for f in fields])


class NotYet(Exception):
    """The story reached the demo's "now": what would happen next has not happened yet."""


@dataclass
class Option:
    """One way a procedure is filed at a desk: its sub-case, time limits, step plan and papers."""

    case: ProcedureCase | None
    limits: dict[int, Decimal]  # channel → working days
    plan: list[tuple[str, str, Decimal, str]]  # kind, role, working days, name
    papers: list[RequiredPaper]


@dataclass
class ProcedurePlan:
    procedure: Procedure
    version_id: int
    options: list[Option]
    online: bool
    desk: str  # the job title of the specialists who assess it
    weight: float


@dataclass
class Desk:
    """A commune's one-stop desk: its working time, staff by role and procedures."""

    unit: Unit
    clock: WorkClock
    staff: dict[str, list[Official]]  # role → officials, by name (``pick_assignee``'s order)
    titles: dict[str, list[Official]]  # specialists by job title
    default: dict[str, Official | None]  # ``pick_assignee``'s choice per role


@dataclass
class Rows:
    dossiers: list[Dossier] = field(default_factory=list)
    steps: list[DossierStep] = field(default_factory=list)
    events: list[DossierEvent] = field(default_factory=list)
    papers: list[DossierPaper] = field(default_factory=list)
    counters: dict[tuple[int, dt.date], int] = field(default_factory=dict)
    next_dossier: int = 1
    next_step: int = 1


# --- one dossier's story ---------------------------------------------------------------------------


class Story:
    """One dossier played through the services' rules; each method mirrors one service."""

    def __init__(self, rows: Rows, desk: Desk, rng: random.Random, now: dt.datetime) -> None:
        self.rows, self.desk, self.rng, self.now = rows, desk, rng, now
        self.unit = desk.unit
        self.d: Dossier
        self.steps: list[DossierStep] = []
        self.papers: list[DossierPaper] = []

    # helpers
    def after(self, start: dt.datetime, *, days: float) -> dt.datetime:
        """A moment ``days`` working days after ``start``, inside office hours."""
        at = self.desk.clock.due_at(start=start, days=max(days, 0.0), cutoff=False)
        if at > self.now:
            raise NotYet
        return at

    def pick(self, role: str) -> Official | None:
        people = self.desk.staff.get(role) or []
        return self.rng.choice(people) if people else None

    def event(
        self, kind: str, at: dt.datetime, actor: Official | None, from_status: int | None, **kw: Any
    ) -> None:
        step = kw.pop("step", None)
        note, extra = kw.pop("note", ""), kw.pop("data", {})
        ids = {f"{name}_id": (value.pk if value is not None else None) for name, value in kw.items()}
        self.rows.events.append(
            build(
                DossierEvent,
                dossier_id=self.d.pk,
                kind=kind,
                at=at,
                actor_id=actor.user_id if actor else None,
                actor_official_id=actor.pk if actor else None,
                from_status=from_status,
                to_status=self.d.status,
                step_id=step.pk if step else None,
                note=note,
                data=extra,
                **ids,
            )
        )

    @property
    def current(self) -> DossierStep | None:
        return next((s for s in self.steps if s.pk == self.d.current_step_id), None)

    # intake (services.intake)
    def new(
        self,
        *,
        plan: ProcedurePlan,
        option: Option,
        channel: int,
        at: dt.datetime,
        code: str,
        applicant: dict[str, str],
        receiver: Official | None,
    ) -> None:
        self.plan, self.option = plan, option
        # (kind, at, data) of the supplement events, for the 766 outcome (clock.supplement_waits).
        self.supplement_events: list[tuple[str, dt.datetime, dict[str, str]]] = []
        self.d = Dossier(
            pk=self.rows.next_dossier,
            code=code,
            secret="".join(self.rng.choice(_SECRET_ALPHABET) for _ in range(SECRET_LENGTH)),
            procedure_id=plan.procedure.pk,
            version_id=plan.version_id,
            case_id=option.case.pk if option.case else None,
            receiving_unit_id=self.unit.pk,
            processing_unit_id=self.unit.pk,
            channel=channel,
            status=Status.SUBMITTED,
            submitted_at=at,
            time_limit_days=option.limits.get(channel, option.limits[Channel.IN_PERSON]),
            created_by_id=receiver.user_id if receiver else None,
            **applicant,
        )
        self.rows.next_dossier += 1
        self.d.search_text = fold(f"{code} {self.d.applicant_name} {self.d.applicant_id_number}")[:400]
        self.rows.dossiers.append(self.d)

    def check_papers(self, missing_count: int) -> list[str]:
        required = [p for p in self.option.papers if p.is_required]
        missing = set(self.rng.sample(required, min(missing_count, len(required))))
        brought = {p.pk for p in self.option.papers if p.is_required and p not in missing}
        brought |= {p.pk for p in self.option.papers if not p.is_required and self.rng.random() < 0.3}
        self.papers = [
            build(
                DossierPaper,
                dossier_id=self.d.pk,
                required_paper_id=p.pk,
                name=p.name_vi,
                form=p.form,
                quantity=p.quantity,
                is_required=p.is_required,
                state=paper_state(brought=p.pk in brought, required=p.is_required),
                sort_order=i,
            )
            for i, p in enumerate(self.option.papers)
        ]
        self.rows.papers.extend(self.papers)
        return [p.name_vi for p in self.option.papers if p.is_required and p.pk not in brought]

    def start_clock(self, at: dt.datetime, received_by: Official | None) -> None:
        """``intake.plan_receipt``: the appointment and the steps' due moments in one pass."""
        d = self.d
        assert d.time_limit_days is not None
        d.received_at = at
        d.status = Status.RECEIVED
        totals, total = [], Decimal(0)
        for _kind, _role, days, _name in self.option.plan:
            total += days
            totals.append(float(total))
        d.due_at, *dues = self.desk.clock.due_moments(start=at, days=[float(d.time_limit_days), *totals])
        for order, ((kind, role, days, name), due) in enumerate(
            zip(self.option.plan, dues, strict=True), start=1
        ):
            self.steps.append(
                build(
                    DossierStep,
                    id=self.rows.next_step,
                    dossier_id=d.pk,
                    order=order,
                    kind=kind,
                    name=name,
                    role=role,
                    unit_id=self.unit.pk,
                    working_days=days,
                    due_at=due,
                )
            )
            self.rows.next_step += 1
        first = self.steps[0]
        if first.kind == StepKind.RECEIVE:
            first.assignee = received_by
            first.started_at = first.finished_at = at
            first.outcome = Outcome.ON_TIME
        current = next(s for s in self.steps if s.finished_at is None)
        current.started_at = at
        current.assignee = self.desk.default.get(current.role)
        d.current_step_id, d.assignee = current.pk, current.assignee
        self.rows.steps.extend(self.steps)

    def receive(self, at: dt.datetime, officer: Official | None, missing_count: int) -> bool:
        """``dossier_receive`` (counter, post) or ``dossier_accept`` (online): False when a
        supplement request was given instead of a receipt."""
        online = self.d.status == Status.SUBMITTED and self.d.channel == Channel.ONLINE
        before = Status.SUBMITTED if online else None
        missing = self.check_papers(missing_count)
        if missing:
            self.d.status, self.d.supplement_count, self.d.paused_at = Status.SUPPLEMENT, 1, at
            extra = {} if online else {"to_unit": self.unit}
            self.event(EventKind.INTAKE_SUPPLEMENT, at, officer, before, data={"missing": missing}, **extra)
            return False
        self.start_clock(at, officer)
        step = None if online else self.steps[0]
        self.event(
            EventKind.RECEIVED, at, officer, before, step=step, to_official=self.d.assignee, to_unit=self.unit
        )
        return True

    def refuse(self, at: dt.datetime, officer: Official | None, reasons: str) -> None:
        before, d = self.d.status, self.d
        d.status, d.closed_at, d.paused_at = Status.REFUSED, at, None
        self.event(EventKind.REFUSED, at, officer, before, note=reasons, data={"reasons": reasons})

    # processing (services.processing)
    def reassign(self, at: dt.datetime, leader: Official | None, to: Official) -> None:
        step = self.current
        assert step is not None
        previous, step.assignee, self.d.assignee = step.assignee, to, to
        self.event(
            EventKind.REASSIGNED,
            at,
            leader,
            self.d.status,
            step=step,
            from_official=previous,
            to_official=to,
            from_unit=self.unit,
            to_unit=self.unit,
        )

    def forward(self, at: dt.datetime, to: Official | None) -> None:
        d, step = self.d, self.current
        assert step is not None
        nxt = self.steps[self.steps.index(step) + 1]
        actor = step.assignee
        step.finished_at, step.outcome = at, outcome_of(finished_at=at, due=step.due_at)
        nxt.assignee = to or nxt.assignee or self.desk.default.get(nxt.role)
        nxt.started_at, nxt.finished_at, nxt.outcome = at, None, ""
        before = d.status
        d.current_step_id, d.assignee = nxt.pk, nxt.assignee
        if nxt.kind == StepKind.RETURN:
            self.result_ready(at, ResultKind.GRANTED)
            kind = EventKind.RESULT_READY
        else:
            d.status = Status.PROCESSING
            kind = EventKind.APPROVED if step.kind in DECISION_STEPS else EventKind.FORWARDED
        self.event(
            kind,
            at,
            actor,
            before,
            step=step,
            from_official=step.assignee,
            to_official=nxt.assignee,
            from_unit=self.unit,
            to_unit=self.unit,
            data={"step_outcome": step.outcome, "to_step": nxt.order},
        )

    def result_ready(self, at: dt.datetime, kind: str) -> None:
        d = self.d
        assert d.due_at is not None
        d.status, d.finished_at, d.result_kind = Status.RESULT_READY, at, kind
        appointment, waited, requests = supplement_waits(self.supplement_events, due=d.due_at)
        d.outcome = outcome_766(finished_at=at, appointment=appointment, waited=waited, requests=requests)

    def request_supplement(self, at: dt.datetime, missing: list[str], note: str) -> None:
        d, step = self.d, self.current
        assert step is not None
        before = d.status
        d.status, d.paused_at = Status.SUPPLEMENT, at
        d.supplement_count += 1
        self.event(
            EventKind.SUPPLEMENT_REQUESTED,
            at,
            step.assignee,
            before,
            step=step,
            note=note,
            data={"missing": missing, "resume_status": before, "request_number": d.supplement_count},
        )
        self.resume_status = before
        self.supplement_events.append((EventKind.SUPPLEMENT_REQUESTED, at, {}))

    def receive_supplement(self, at: dt.datetime, officer: Official | None) -> None:
        d = self.d
        paused_at = d.paused_at
        assert paused_at is not None
        for paper in self.papers:
            paper.state = PaperState.SUBMITTED
        d.paused_at = None
        if d.received_at is None:
            self.start_clock(at, officer)
            self.event(
                EventKind.RECEIVED,
                at,
                officer,
                Status.SUPPLEMENT,
                to_official=d.assignee,
                to_unit=self.unit,
                data={"after_supplement": True},
            )
            return
        assert d.due_at is not None
        old_due = d.due_at
        d.due_at = self.resumed(old_due, paused_at, at)
        if d.apology_due_at is not None:
            d.apology_due_at = self.resumed(d.apology_due_at, paused_at, at)
        for step in self.steps:
            if step.finished_at is None:
                step.due_at = self.resumed(step.due_at, paused_at, at)
        d.status = self.resume_status
        waited = {"paused_from": paused_at.isoformat(), "due_before": old_due.isoformat()}
        self.event(
            EventKind.SUPPLEMENT_RECEIVED,
            at,
            officer,
            Status.SUPPLEMENT,
            step=self.current,
            data=waited,
        )
        self.supplement_events.append((EventKind.SUPPLEMENT_RECEIVED, at, waited))

    def resumed(self, due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime) -> dt.datetime:
        """``clock.resumed`` on the desk's calendar."""
        if due <= paused_at:
            return due
        left = self.desk.clock.working_time(start=paused_at, end=due)
        return self.desk.clock.due_at(start=resumed_at, duration=left, cutoff=False)

    # closing (services.closing)
    def apologise(
        self, at: dt.datetime, leader: Official | None, reason: str, new_due_at: dt.datetime
    ) -> None:
        d = self.d
        assert d.due_at is not None
        d.apology_due_at = new_due_at
        self.event(
            EventKind.APOLOGY,
            at,
            leader,
            d.status,
            step=self.current,
            note=reason,
            data={"reason": reason, "new_due_at": new_due_at.isoformat(), "due_at": d.due_at.isoformat()},
        )

    def decline(self, at: dt.datetime, leader: Official | None, reasons: str) -> None:
        d, step = self.d, self.current
        before = d.status
        ret = next(s for s in reversed(self.steps) if s.kind == StepKind.RETURN)
        if step is not None and step is not ret:
            step.finished_at = at
        self.result_ready(at, ResultKind.DECLINED)
        ret.started_at = at
        d.current_step_id, d.assignee = ret.pk, ret.assignee
        self.event(EventKind.DECLINED, at, leader, before, step=step, note=reasons, data={"reasons": reasons})

    def close(self, status: int, kind: str, at: dt.datetime, actor: Official | None, note: str) -> None:
        d, before = self.d, self.d.status
        d.status, d.closed_at, d.paused_at = status, at, None
        step = self.current
        if step is not None and step.finished_at is None:
            step.finished_at = at
        extra = {"data": {"reason": note}} if kind == EventKind.STOPPED else {}
        self.event(kind, at, actor, before, note=note, **extra)

    def deliver(self, at: dt.datetime, officer: Official | None, method: str, collected_by: str) -> None:
        d, step = self.d, self.current
        if step is not None and step.finished_at is None:
            step.finished_at, step.outcome = at, Outcome.ON_TIME
        d.status, d.delivered_at, d.closed_at = Status.DELIVERED, at, at
        d.delivery_method, d.collected_by, d.assignee = method, collected_by, None
        self.event(
            EventKind.DELIVERED,
            at,
            officer,
            Status.RESULT_READY,
            step=step,
            data={"method": method, "collected_by": collected_by},
        )


# --- the course of one dossier ----------------------------------------------------------------------


def live(story: Story, rng: random.Random, extra_missing: list[str]) -> None:
    """Play the dossier from its submission to where it stands at the demo's "now"."""
    d, desk, r = story.d, story.desk, rng.random
    receiver = story.pick(Role.ONE_STOP)
    leader = story.pick(Role.LEADER)
    at = d.submitted_at
    if d.channel == Channel.ONLINE:
        story.event(EventKind.SUBMITTED, at, None, None, to_unit=story.unit)
        at = story.after(at, days=rng.uniform(0.02, 0.6))
        if r() < data.ONLINE_REFUSED:
            return story.refuse(at, receiver, rng.choice(data.REFUSAL_REASONS[1:]))
    missing = rng.randint(1, 2) if r() < data.INTAKE_SUPPLEMENT else 0
    if not story.receive(at, receiver, missing):
        if r() < data.INTAKE_SUPPLEMENT_ABANDONED:
            return story.refuse(story.after(at, days=rng.uniform(10, 25)), receiver, data.REFUSAL_REASONS[0])
        story.receive_supplement(story.after(at, days=rng.uniform(0.1, 6)), story.pick(Role.ONE_STOP))
    assert d.received_at is not None and d.due_at is not None
    at, limit = d.received_at, float(d.time_limit_days or 0)
    step = story.current
    assert step is not None
    wanted = desk.titles.get(story.plan.desk) or desk.staff.get(step.role) or []
    if step.role == Role.SPECIALIST and wanted:
        chosen = rng.choice(wanted)
        if chosen != step.assignee:
            at = story.after(at, days=rng.uniform(0.0, 0.05))
            story.reassign(at, leader, chosen)
    fate = r()
    if fate < data.WITHDRAWN + data.STOPPED:
        at = story.after(at, days=limit * rng.uniform(0.1, 0.6))
        if fate < data.WITHDRAWN:
            return story.close(
                Status.WITHDRAWN, EventKind.WITHDRAWN, at, receiver, rng.choice(data.WITHDRAW_NOTES)
            )
        return story.close(Status.STOPPED, EventKind.STOPPED, at, leader, rng.choice(data.STOP_REASONS))
    late = r() < data.LATE
    if r() < data.PROCESSING_SUPPLEMENT:
        asks = 2 if r() < data.SECOND_SUPPLEMENT else 1
        for _number in range(asks):
            at = story.after(at, days=max(limit * rng.uniform(0.05, 0.3), 0.02))
            papers = [p.name_vi for p in story.option.papers if p.is_required][:1] or [
                rng.choice(extra_missing)
            ]
            story.request_supplement(at, papers, rng.choice(data.SUPPLEMENT_NOTES))
            at = story.after(at, days=rng.uniform(0.5, 8))
            story.receive_supplement(at, story.pick(Role.ONE_STOP))
    # The working steps between the desk's receipt and its return of the result.
    while (step := story.current) is not None and step.kind != StepKind.RETURN:
        nxt = story.steps[story.steps.index(step) + 1]
        days = float(step.working_days)
        if late and step.order == 2:
            assert d.due_at is not None
            overrun = (
                rng.uniform(*data.STUCK_DAYS)
                if r() < data.STUCK
                else max(limit * rng.uniform(0.05, 0.3), 0.1)
            )
            finish = desk.clock.due_at(start=d.due_at, days=overrun, cutoff=False)
            if r() < data.APOLOGY:
                apologise_late(story, rng, at=at, finish=finish, leader=leader)
            if finish > story.now:
                raise NotYet
            at = finish
        else:
            at = story.after(at, days=max(days * rng.uniform(0.15, 0.95), 0.01))
        if step.order == 2 and r() < data.DECLINED / (1 - data.WITHDRAWN - data.STOPPED):
            return story.decline(at, leader, rng.choice(data.DECLINE_REASONS))
        to = None
        if nxt.role == Role.LEADER:
            to = rng.choice(desk.staff.get(Role.LEADER) or [None])
        elif nxt.kind == StepKind.RETURN and receiver in desk.staff.get(nxt.role, []):
            to = receiver
        story.forward(at, to)
    finish_delivery(story, rng, at, receiver)


def apologise_late(
    story: Story, rng: random.Random, *, at: dt.datetime, finish: dt.datetime, leader: Official | None
) -> None:
    """``dossier_apologise`` for a dossier that will finish at ``finish``, after its appointment,
    by the service's rule (``clock.apology_in_time`` and ``apology_latest_new_date``): the leader
    sees it coming some way into the step that started at ``at`` (else at once), at least one
    working day before the appointment, and promises a date a little after ``finish`` but never
    past the bound. No apology when even the step's start leaves less than a working day."""
    d, clock = story.d, story.desk.clock
    assert d.due_at is not None and d.time_limit_days is not None
    limit = float(d.time_limit_days)
    warn = max(at, clock.due_at(start=at, days=limit * 0.6, cutoff=False))
    if not apology_in_time(clock=clock, at=warn, due=d.due_at):
        warn = at
    latest = apology_latest_new_date(clock=clock, due=d.due_at, days=d.time_limit_days)
    new_due = min(clock.due_at(start=finish, days=rng.uniform(0.0, 1.0), cutoff=False), latest)
    if warn < finish and warn <= story.now and apology_in_time(clock=clock, at=warn, due=d.due_at):
        story.apologise(warn, leader, rng.choice(data.APOLOGY_REASONS), new_due)


def finish_delivery(story: Story, rng: random.Random, at: dt.datetime, receiver: Official | None) -> None:
    d = story.d
    wait = rng.uniform(5, 15) if rng.random() < data.SLOW_COLLECTION else rng.expovariate(1 / 0.8)
    at = story.after(at, days=wait)
    if d.channel == Channel.POST:
        method = DeliveryMethod.POST
    elif d.channel == Channel.ONLINE:
        method = DeliveryMethod.ONLINE if rng.random() < 0.4 else DeliveryMethod.COUNTER
    else:
        method = DeliveryMethod.POST if rng.random() < 0.05 else DeliveryMethod.COUNTER
    collected_by = d.applicant_name
    if method == DeliveryMethod.COUNTER and d.representative_name:
        collected_by = d.representative_name
    elif method == DeliveryMethod.COUNTER and rng.random() < 0.12:
        collected_by = data.person_name(rng)[0]
    officer = (story.current.assignee if story.current else None) or receiver
    story.deliver(at, officer, method, collected_by)
