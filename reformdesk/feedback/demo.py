"""Seeds a year of citizen feedback at the seven demo communes, as the services would have
written it.

Each case is played as a story — received on one of the channels, refused or accepted, assigned,
perhaps asked for more information, answered (sometimes late), signed, sent, published without
personal data, rated, reopened once after a "Không hài lòng" rating, closed — by :class:`Story`,
whose steps follow the services (same statuses, event kinds and data keys, due moments from the
dated rules on each commune's calendar, the handler of a case about an official being the
commune's leader) and stop at the demo's "now", the start of the day ``load_demo`` runs. The rows
are then written in batches; no service runs per case, which would take minutes.

Deterministic for a given run day (one ``random.Random`` seeded by the dossiers demo's window) and
idempotent: nothing is written when the demo communes already have feedback in the window. The
answer templates are keyed by unit and title. Left out on purpose: audit rows per event (one
summary row is written), attachments, and the citizens' notices (the outbox holds none for the past).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reformdesk.core.services.audit import audit_record
from reformdesk.core.text import fold
from reformdesk.dossiers import demo_data as dossier_data
from reformdesk.dossiers.demo import demo_units
from reformdesk.dossiers.models import Dossier
from reformdesk.feedback import demo_data as data
from reformdesk.feedback.anonymise import anonymise
from reformdesk.feedback.choices import (
    STAFF_CHANNELS,
    Channel,
    DeadlineStep,
    EventKind,
    Kind,
    RefusalReason,
    Satisfaction,
    Status,
)
from reformdesk.feedback.models import AnswerTemplate, FeedbackCase, FeedbackCounter, FeedbackEvent
from reformdesk.feedback.services.codes import SECRET_LENGTH, format_code
from reformdesk.feedback.services.deadlines import current_due, rules_on
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime.selectors import VN_TZ, WorkClock, work_clock

BATCH = 1000
DAILY_CHANCE = 0.42  # a commune receives a case on about two days in five
REFUSED_SHARE = 0.05
CLARIFY_SHARE = 0.07
LATE_SHARE = 0.08
LATE_PUBLISH_SHARE = 0.05
RATED_SHARE = 0.5
SATISFIED = {False: 0.86, True: 0.5}  # by whether the answer was late
SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # noqa: S105 - the lookup secrets' alphabet


class NotYet(Exception):
    """The story's next step comes after the demo's "now": the case stays where it is."""


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass
class People:
    """Who works a commune's feedback: the leader who signs, the desk, the handlers."""

    leader: Official
    desk: list[Official]
    handlers: list[Official]

    @classmethod
    def of(cls, unit: Unit, day: dt.date) -> People | None:
        rows = (
            Membership.objects.active_on(day)
            .filter(unit=unit, official__is_active=True)
            .select_related("official")
            .order_by("official__employee_code", "pk")
        )
        by_role: dict[str, list[Official]] = defaultdict(list)
        for membership in rows:
            by_role[membership.role].append(membership.official)
        leader = unit.leader or next(iter(by_role[Role.LEADER]), None)
        desk = by_role[Role.ONE_STOP] or by_role[Role.SPECIALIST]
        handlers = by_role[Role.SPECIALIST] or desk
        if leader is None or not desk or not handlers:
            return None
        return cls(leader, desk, handlers)


@dataclass
class Story:
    """One case played step by step, the way the services change it; ``events`` are its rows."""

    case: FeedbackCase
    clock: WorkClock
    rules: dict[str, Decimal]
    now: dt.datetime
    people: People
    rng: random.Random
    events: list[FeedbackEvent] = field(default_factory=list)

    def event(
        self,
        kind: str,
        at: dt.datetime,
        by: Official | None,
        status: str,
        *,
        to: Official | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        if at > self.now:
            raise NotYet
        previous = self.events[-1].to_status if self.events else ""
        self.case.status = status
        self.events.append(
            FeedbackEvent(
                kind=kind,
                at=at,
                actor_id=by.user_id if by else None,
                actor_official=by,
                from_status=previous,
                to_status=status,
                to_official=to,
                note=note,
                data=data or {},
            )
        )

    def later(self, at: dt.datetime, low: float, high: float) -> dt.datetime:
        """A moment ``low``–``high`` working days after ``at``."""
        return self.clock.due_at(start=at, days=round(self.rng.uniform(low, high), 2), cutoff=False)

    def play(self) -> None:
        case, rng, people = self.case, self.rng, self.people
        staff = rng.choice(people.desk) if case.channel in STAFF_CHANNELS else None
        self.event(
            EventKind.RECEIVED,
            case.received_at,
            staff,
            Status.RECEIVED,
            data={"rules": {step: str(days) for step, days in self.rules.items()}, "files": 0},
        )
        desk = rng.choice(people.desk)
        if rng.random() < REFUSED_SHARE and case.kind != Kind.OFFICIAL:
            at = self.later(case.received_at, 0.2, 2.4)
            reason = rng.choice([RefusalReason.OUT_OF_COMPETENCE, RefusalReason.NO_CONTENT])
            note = (
                "Đề nghị liên hệ UBND tỉnh (Sở Xây dựng)."
                if reason == RefusalReason.OUT_OF_COMPETENCE
                else ""
            )
            case.refusal_reason, case.closed_at = reason, at
            self.event(
                EventKind.REFUSED,
                at,
                desk,
                Status.REFUSED,
                note=note,
                data={"reason": reason, "duplicate_of": "", "late": at > case.refuse_due_at},
            )
            return
        at = self.later(case.received_at, 0.1, 1.2)
        if case.kind == Kind.OFFICIAL:
            case.handler = people.leader
            self.event(EventKind.ACCEPTED, at, desk, Status.ASSIGNED, to=people.leader)
        else:
            self.event(EventKind.ACCEPTED, at, desk, Status.ACCEPTED)
            at = self.later(at, 0.1, 1)
            case.handler = rng.choice(people.handlers)
            self.event(EventKind.ASSIGNED, at, people.leader, Status.ASSIGNED, to=case.handler)
        if not case.is_anonymous and rng.random() < CLARIFY_SHARE:
            asked = self.later(at, 0.5, 2)
            case.paused_at, case.clarification_count = asked, 1
            self.event(
                EventKind.CLARIFICATION_ASKED,
                asked,
                case.handler,
                Status.CLARIFYING,
                note="Đề nghị ông/bà cho biết rõ vị trí và thời gian xảy ra sự việc.",
                data={"late": asked > case.clarify_due_at},
            )
            at = asked + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6))
            before = case.answer_due_at
            if before > asked:
                left = self.clock.working_time(start=asked, end=before)
                case.answer_due_at = self.clock.due_at(start=at, duration=left, cutoff=False)
            case.paused_at = None
            self.event(
                EventKind.CLARIFICATION_RECEIVED,
                at,
                rng.choice(people.desk),
                Status.ASSIGNED,
                note="Công dân đã bổ sung qua điện thoại.",
                data={
                    "paused_from": timezone.localtime(asked).isoformat(),
                    "due_before": timezone.localtime(before).isoformat(),
                    "due_after": timezone.localtime(case.answer_due_at).isoformat(),
                },
            )
        self.answer(at, late=rng.random() < LATE_SHARE)
        if case.is_anonymous or rng.random() >= RATED_SHARE:
            self.close()
            return
        assert case.answered_at is not None
        rated = (case.published_at or case.answered_at) + dt.timedelta(
            days=rng.randint(1, 5), hours=rng.randint(1, 9)
        )
        if rng.random() < SATISFIED[not case.answered_on_time]:
            self.rate(rated, Satisfaction.SATISFIED)
        else:
            self.reopen(rated)
            self.answer(rated, late=False)
            second = (case.published_at or case.answered_at) + dt.timedelta(days=rng.randint(1, 4))
            self.rate(second, Satisfaction.SATISFIED if rng.random() < 0.6 else Satisfaction.DISSATISFIED)
        self.close()

    def answer(self, start: dt.datetime, *, late: bool) -> None:
        """Draft, sign, send (or, anonymous, publish) and publish the answer."""
        case, rng = self.case, self.rng
        if late:
            answered = self.later(case.answer_due_at, 0.5, 5)
        else:
            answered = self.later(start, 1, 11)
            if answered >= case.answer_due_at:
                answered = case.answer_due_at - dt.timedelta(minutes=rng.randint(30, 240))
        answered = max(answered, start + dt.timedelta(hours=3))
        case.answer = data.ANSWERS[Kind(case.kind)]
        drafted = max(start + dt.timedelta(hours=1), answered - dt.timedelta(hours=rng.randint(4, 30)))
        self.event(EventKind.DRAFTED, drafted, case.handler, Status.DRAFTED, data={"chars": len(case.answer)})
        approved = drafted + (answered - drafted) / 2
        case.approved_by, case.approved_at = self.people.leader, approved
        self.event(EventKind.APPROVED, approved, self.people.leader, Status.APPROVED)
        if case.is_anonymous:
            self.publish(answered)
            return
        self.answered(answered)
        self.event(
            EventKind.SENT,
            answered,
            rng.choice(self.people.desk),
            Status.SENT,
            data={"answered_on_time": case.answered_on_time},
        )
        assert case.publish_due_at is not None
        if rng.random() < LATE_PUBLISH_SHARE:
            published = self.later(case.publish_due_at, 0.5, 3)
        else:
            published = self.later(answered, 0.1, float(self.rules[DeadlineStep.PUBLISH]) - 0.1)
        self.publish(published)

    def answered(self, at: dt.datetime) -> None:
        self.case.answered_at, self.case.answered_on_time = at, at <= self.case.answer_due_at
        self.case.publish_due_at = self.clock.due_at(
            start=at, days=float(self.rules[DeadlineStep.PUBLISH]), cutoff=False
        )

    def publish(self, at: dt.datetime) -> None:
        case = self.case
        if at > self.now:
            raise NotYet
        if case.answered_at is None:
            self.answered(at)
        names = [case.citizen_name, case.related_official.full_name if case.related_official else ""]
        question = anonymise(
            f"{case.subject}\n\n{case.content}", names=names, addresses=[case.citizen_address]
        )
        case.published_at, case.published_question = at, question
        case.published_search = fold(f"{question}\n{case.answer}")
        on_time = case.publish_due_at is None or at <= case.publish_due_at
        self.event(
            EventKind.PUBLISHED,
            at,
            self.rng.choice(self.people.desk),
            Status.PUBLISHED,
            data={"on_time": on_time},
        )

    def rate(self, at: dt.datetime, satisfaction: str) -> None:
        comment = "" if satisfaction == Satisfaction.SATISFIED else "Chưa giải quyết dứt điểm."
        if at > self.now:
            raise NotYet
        self.case.rating, self.case.rated_at = satisfaction, at
        self.event(
            EventKind.RATED,
            at,
            None,
            Status.RATED,
            note=comment,
            data={"satisfaction": satisfaction, "comment": comment},
        )

    def reopen(self, at: dt.datetime) -> None:
        """ "Không hài lòng" reopens the case once, with the commune's leader and a new answer time."""
        case, leader = self.case, self.people.leader
        comment = "Sự việc vẫn chưa được khắc phục."
        if at > self.now:
            raise NotYet
        previous = case.handler
        case.rating, case.rated_at, case.reopened_at, case.handler = Satisfaction.DISSATISFIED, at, at, leader
        case.answer_due_at = self.clock.due_at(start=at, days=float(self.rules[DeadlineStep.ANSWER]))
        case.publish_due_at = case.published_at = case.approved_by = case.approved_at = None
        case.published_question = case.published_search = ""
        self.event(
            EventKind.REOPENED,
            at,
            None,
            Status.ASSIGNED,
            to=leader,
            note=comment,
            data={"satisfaction": Satisfaction.DISSATISFIED, "comment": comment},
        )
        self.events[-1].from_official = previous

    def close(self) -> None:
        case = self.case
        if self.rng.random() < 0.2:
            return
        assert case.published_at is not None
        at = max(case.published_at, case.rated_at or case.published_at) + dt.timedelta(
            days=self.rng.randint(2, 9)
        )
        if at > self.now:
            raise NotYet
        case.closed_at = at
        self.event(EventKind.CLOSED, at, self.rng.choice(self.people.desk), Status.CLOSED)


def _citizen(rng: random.Random) -> dict[str, str]:
    female = rng.random() < 0.5
    middle = rng.choice(org_data.FEMALE_MIDDLE if female else org_data.MALE_MIDDLE)
    given = rng.choice(org_data.FEMALE_GIVEN if female else org_data.MALE_GIVEN)
    name = f"{rng.choice(org_data.FAMILY_NAMES)} {middle} {given}"
    return {
        "citizen_name": name,
        "citizen_phone": f"09{rng.randint(10_000_000, 99_999_999)}",
        "citizen_email": f"nguoidan{rng.randint(100, 999)}@example.vn" if rng.random() < 0.3 else "",
    }


def _received_at(rng: random.Random, day: dt.date, channel: str) -> dt.datetime:
    if channel in (Channel.ONLINE, Channel.OPEN311, Channel.EMAIL, Channel.RATING):
        hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    elif channel == Channel.BOX:
        hour, minute = 8, 0
    else:
        hour, minute = rng.choice([7, 8, 9, 10, 14, 15, 16]), rng.randint(0, 59)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=VN_TZ)


def plan_unit(
    *,
    unit: Unit,
    days: list[dt.date],
    now: dt.datetime,
    rng: random.Random,
    dossiers: Sequence[tuple[int, dt.datetime | None]],
) -> list[Story]:
    """The stories of one commune's cases over ``days``."""
    people = People.of(unit, days[-1])
    if people is None:
        return []
    clock = work_clock(unit=unit)
    officials = [o for o in people.desk + people.handlers if o.pk != people.leader.pk]
    rules_by_day: dict[dt.date, dict[str, Decimal]] = {}
    stories = []
    for day in days:
        count = (rng.random() < DAILY_CHANCE) + (rng.random() < 0.06)
        for number in range(1, count + 1):
            kind, channel = _pick(rng, data.KINDS), _pick(rng, data.CHANNELS)
            received_at = _received_at(rng, day, channel)
            earlier = [pk for pk, at in dossiers if at is not None and at < received_at]
            # A rating rates a dossier or its officials; without a dossier yet, an official.
            if channel == Channel.RATING and kind not in (Kind.DOSSIER, Kind.OFFICIAL):
                kind = Kind.DOSSIER
            if kind == Kind.DOSSIER and not earlier:
                kind = Kind.OFFICIAL if channel == Channel.RATING else Kind.PUBLIC_SERVICE
            subject, content = rng.choice(data.TOPICS[Kind(kind)])
            place = rng.choice(data.PLACES)
            anonymous = channel in (Channel.ONLINE, Channel.BOX) and rng.random() < (
                0.3 if channel == Channel.BOX else 0.08
            )
            citizen = (
                {"citizen_name": "", "citizen_phone": "", "citizen_email": ""} if anonymous else _citizen(rng)
            )
            rules = rules_by_day.setdefault(day, rules_on(day=day))
            refuse_by, clarify_by, answer_by = (
                clock.due_at(start=received_at, days=float(rules[step]))
                for step in (DeadlineStep.REFUSE, DeadlineStep.CLARIFY, DeadlineStep.ANSWER)
            )
            code = format_code(unit.code, day, number)
            case = FeedbackCase(
                code=code,
                secret="".join(rng.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH)),
                kind=kind,
                channel=channel,
                status=Status.RECEIVED,
                receiving_unit=unit,
                unit=unit,
                subject=subject,
                content=content.format(place=place),
                place=f"{place.capitalize()}, {unit.name}",
                related_dossier_id=rng.choice(earlier) if kind == Kind.DOSSIER else None,
                related_official=rng.choice(officials) if kind == Kind.OFFICIAL else None,
                is_anonymous=anonymous,
                citizen_address="" if anonymous else f"{place.capitalize()}, {unit.name}",
                caller_phone=citizen["citizen_phone"] if channel == Channel.HOTLINE else "",
                call_seconds=rng.randint(60, 900) if channel == Channel.HOTLINE else None,
                box_opened_on=day if channel == Channel.BOX else None,
                received_at=received_at,
                refuse_due_at=refuse_by,
                clarify_due_at=clarify_by,
                answer_due_at=answer_by,
                search_text=fold(f"{code} {subject}")[:300],
                **citizen,
            )
            story = Story(case, clock, rules, now, people, rng)
            with contextlib.suppress(NotYet):
                story.play()
            case.due_at = current_due(case)
            stories.append(story)
    return stories


def seed_templates(units: list[Unit]) -> int:
    created = 0
    for unit in units:
        for kind, title, body in data.ANSWER_TEMPLATES:
            _template, made = AnswerTemplate.objects.get_or_create(
                unit=unit, title=title, defaults={"kind": kind, "body": body}
            )
            created += made
    return created


def load(
    *, units: list[Unit], start: dt.date, end: dt.date, now: dt.datetime, seed: int
) -> list[Story] | None:
    """Write the demo cases of ``units`` received from ``start`` to ``end``; None when the communes
    already have feedback in that period (the demo is loaded)."""
    low = dt.datetime.combine(start, dt.time(), tzinfo=VN_TZ)
    if FeedbackCase.objects.filter(receiving_unit__in=units, received_at__gte=low).exists():
        return None
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    stories: list[Story] = []
    for unit in units:
        dossiers = list(
            Dossier.objects.filter(processing_unit=unit, received_at__isnull=False)
            .order_by("received_at", "pk")
            .values_list("pk", "received_at")
        )
        stories += plan_unit(unit=unit, days=days, now=now, rng=rng, dossiers=dossiers)
    with transaction.atomic():
        FeedbackCase.objects.bulk_create([s.case for s in stories], batch_size=BATCH)
        ids = dict(
            FeedbackCase.objects.filter(code__in=[s.case.code for s in stories]).values_list("code", "pk")
        )
        events = []
        for story in stories:
            for event in story.events:
                event.case_id = ids[story.case.code]
                events.append(event)
        FeedbackEvent.objects.bulk_create(events, batch_size=BATCH)
        last: dict[tuple[int, dt.date], int] = defaultdict(int)
        for story in stories:
            key = (story.case.receiving_unit_id, timezone.localtime(story.case.received_at).date())
            last[key] += 1
        FeedbackCounter.objects.bulk_create(
            [FeedbackCounter(unit_id=unit_id, day=day, last=n) for (unit_id, day), n in last.items()],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        audit_record(
            actor=None, action="demo.load", object_type="feedback", object_repr=f"{len(stories)} cases"
        )
    return stories


def seed() -> list[str]:
    """A year of feedback at the demo communes (after the dossiers and surveys demos)."""
    window = dossier_data.window(timezone.localdate())
    units = demo_units()
    if not units:
        return []
    templates = seed_templates(units)
    start = window.start
    if settings.ENVIRONMENT == "test":
        start = max(start, window.end - dt.timedelta(days=dossier_data.TEST_DAYS))
    stories = load(units=units, start=start, end=window.end, now=window.now, seed=window.seed)
    lines = [f"Feedback: {templates} answer templates."] if templates else []
    if stories is None:
        return lines
    reopened = sum(1 for s in stories if s.case.reopened_at is not None)
    late = sum(1 for s in stories if s.case.answered_on_time is False)
    lines.append(
        f"Feedback: {len(stories)} cases from {start:%d/%m/%Y} to {window.end:%d/%m/%Y} in {len(units)}"
        f" communes, {late} answered late, {reopened} reopened."
    )
    return lines
