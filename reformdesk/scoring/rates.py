"""The rates of the 766 index computed from ReformDesk's own records, for a unit (and its subtree)
and a period, evaluated at a moment (the period's end, or now while it runs).

Each function returns a :class:`Count`: numerator, denominator and the records that lost points
(the drill-down). The dossier and petition sets are read once per index through
:class:`Records`. Where the domain apps have no selector for a figure, the query is written here
and reads their models only (catalog, dossiers, feedback, surveys).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import Channel, OnlineLevel
from reformdesk.catalog.models import FilingMethod, Procedure, ProcedureVersion, RequiredPaper
from reformdesk.catalog.statistics import ADMINISTRATIVE_LEVEL, PublicationFigures, publication_figures
from reformdesk.dossiers.choices import ApplicantKind, EventKind, Outcome, Status
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.dossiers.services.clock import supplement_waits
from reformdesk.feedback.choices import Satisfaction
from reformdesk.feedback.choices import Status as FeedbackStatus
from reformdesk.feedback.models import FeedbackCase
from reformdesk.org.models import Unit
from reformdesk.scoring.periods import Period
from reformdesk.surveys.choices import Score
from reformdesk.surveys.models import Rating
from reformdesk.worktime.selectors import VN_TZ

ON_TIME = frozenset({Outcome.EARLY, Outcome.ON_TIME})
# Dossiers the applicant withdrew or that were stopped owe no result, so they are outside the
# timeliness count; refused ones were never received. (The reference is silent: our reading.)
NOT_COUNTED = (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)
# Petitions refused as outside the rules (duplicates, anonymous without content …) get no answer.
PETITIONS_NOT_COUNTED = (FeedbackStatus.REFUSED,)

LATE = _("Quá hạn")
SECOND_SUPPLEMENT = _("Yêu cầu bổ sung quá một lần")
OVERDUE_OPEN = _("Đang giải quyết, đã quá hạn")
DISSATISFIED = _("Không hài lòng")
COMPLAINED = _("Có phản ánh về việc giải quyết")
REOPENED = _("Phản ánh lại")
LATE_ANSWER = _("Trả lời trễ hạn")
OVERDUE_PETITION = _("Chưa trả lời, đã quá hạn")
NOT_DIGITISED = _("Thành phần hồ sơ chưa được số hóa")
NO_ELECTRONIC_RESULT = _("Không cấp kết quả điện tử")
NO_REUSE = _("Không tái sử dụng dữ liệu đã số hóa")
NO_POPULATION_DATA = _("Không khai thác dữ liệu dân cư")
NOT_PAID_ONLINE = _("Không thanh toán trực tuyến")


@dataclass(frozen=True)
class Lost:
    """A dossier or petition that lost points, with why: a row of the drill-down."""

    kind: str  # "dossier" or "petition"
    code: str
    reason: str
    pk: int


@dataclass
class Count:
    numerator: int = 0
    denominator: int = 0
    lost: list[Lost] = field(default_factory=list)


@dataclass(frozen=True)
class _DossierRow:
    pk: int
    code: str
    status: int
    channel: int
    procedure_id: int
    due_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: str
    fee_vnd: int | None
    applicant_kind: str
    papers_digitised: bool
    reused_from_id: int | None
    population_data_used: bool
    electronic_result: bool
    paid_online: bool


def _timeliness_of(
    row: _DossierRow, events: list[tuple[str, dt.datetime, dict[str, Any]]], at: dt.datetime
) -> str:
    """Empty when ``row`` counts as on time at ``at`` by the 766 rule, else the reason it lost.

    Finished by ``at``: the stored outcome, which the dossier services decide by the same rule
    (``dossiers.services.clock.outcome_766``). Still open at ``at``: within time when at most one
    supplement was requested and ``at`` less the wall-clock waits (the running one up to ``at``)
    is not after the receipt's appointment. An apology's new date never moves the appointment.
    """
    if row.finished_at is not None and row.finished_at <= at:
        if row.outcome in ON_TIME:
            return ""
        requests = sum(1 for kind, when, _data in events if kind == EventKind.SUPPLEMENT_REQUESTED)
        return str(SECOND_SUPPLEMENT if requests > 1 else LATE)
    appointment, _waited, _requests = supplement_waits(events, due=row.due_at)
    seen = [(kind, when, data) for kind, when, data in events if when <= at]
    _appointment, waited, requests = supplement_waits(seen, due=row.due_at)
    if requests > 1:
        return str(SECOND_SUPPLEMENT)
    if seen and seen[-1][0] == EventKind.SUPPLEMENT_REQUESTED:
        waited += at - seen[-1][1]  # waiting for the applicant's papers at ``at``: the clock stands
    return "" if at - waited <= appointment else str(OVERDUE_OPEN)


class Records:
    """The records one index reads, each loaded once: the unit's dossiers received in the period,
    their supplement events, ratings and complaints, and its petitions."""

    def __init__(self, *, unit: Unit, period: Period, at: dt.datetime, subtree: bool = True) -> None:
        self.unit, self.period, self.at, self.subtree = unit, period, at, subtree
        self.day = (at - dt.timedelta(microseconds=1)).astimezone(VN_TZ).date()

    def _units(self, field_name: str) -> Q:
        if self.subtree:
            return Q(**{f"{field_name}__path__startswith": self.unit.path})
        return Q(**{field_name: self.unit})

    def dossiers(self) -> QuerySet[Dossier]:
        return Dossier.objects.filter(
            self._units("processing_unit"),
            received_at__gte=self.period.starts_at,
            received_at__lt=min(self.period.ends_at, self.at),
        ).exclude(status__in=NOT_COUNTED)

    @cached_property
    def dossier_rows(self) -> list[_DossierRow]:
        fields = (
            "pk",
            "code",
            "status",
            "channel",
            "procedure_id",
            "due_at",
            "finished_at",
            "outcome",
            "fee_vnd",
            "applicant_kind",
            "papers_digitised",
            "reused_from_id",
            "population_data_used",
            "electronic_result",
            "paid_online",
        )
        return [
            _DossierRow(*values)
            for values in self.dossiers().order_by("received_at", "pk").values_list(*fields)
        ]

    @cached_property
    def supplement_events(self) -> dict[int, list[tuple[str, dt.datetime, dict[str, Any]]]]:
        events: dict[int, list[tuple[str, dt.datetime, dict[str, Any]]]] = defaultdict(list)
        rows = DossierEvent.objects.filter(
            dossier__in=self.dossiers().filter(supplement_count__gt=0),
            kind__in=(EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_RECEIVED),
        ).order_by("dossier_id", "at", "id")
        for dossier_id, kind, at, data in rows.values_list("dossier_id", "kind", "at", "data"):
            events[dossier_id].append((kind, at, data))
        return events

    @cached_property
    def dossier_lateness(self) -> dict[int, str]:
        """Dossier pk → why it lost the timeliness point ("" when on time)."""
        return {
            row.pk: _timeliness_of(row, self.supplement_events.get(row.pk, []), self.at)
            for row in self.dossier_rows
        }

    @cached_property
    def dossier_dissatisfaction(self) -> dict[int, str]:
        """Dossier pk → a dissatisfied rating given by ``at``, or a complaint about its handling."""
        dossiers = self.dossiers()
        reasons: dict[int, str] = {}
        rated = Rating.objects.filter(dossier__in=dossiers, score=Score.DISSATISFIED, created_at__lt=self.at)
        for pk in rated.values_list("dossier_id", flat=True):
            reasons[pk] = str(DISSATISFIED)
        complaints = FeedbackCase.objects.filter(related_dossier__in=dossiers, received_at__lt=self.at)
        for pk in complaints.values_list("related_dossier_id", flat=True):
            reasons.setdefault(pk, str(COMPLAINED))
        return reasons

    def petitions(self) -> QuerySet[FeedbackCase]:
        return FeedbackCase.objects.filter(
            self._units("unit"),
            received_at__gte=self.period.starts_at,
            received_at__lt=min(self.period.ends_at, self.at),
        ).exclude(status__in=PETITIONS_NOT_COUNTED)

    @cached_property
    def petition_rows(self) -> list[dict[str, Any]]:
        fields = (
            "pk",
            "code",
            "status",
            "answer_due_at",
            "answered_at",
            "answered_on_time",
            "rating",
            "rated_at",
            "reopened_at",
        )
        return list(self.petitions().order_by("received_at", "pk").values(*fields))

    def petition_lateness(self, row: dict[str, Any]) -> str:
        """Why a petition lost the on-time point at ``at`` ("" when handled or running in time).
        Petition deadlines of the 766 satisfaction group: an answer within 15 working days, kept
        by the feedback services in ``answer_due_at`` (waits for the citizen pushed it back)."""
        if row["answered_at"] is not None and row["answered_at"] <= self.at:
            return "" if row["answered_on_time"] else str(LATE_ANSWER)
        if row["status"] == FeedbackStatus.CLARIFYING or self.at <= row["answer_due_at"]:
            return ""
        return str(OVERDUE_PETITION)

    @cached_property
    def figures(self) -> PublicationFigures:
        return publication_figures(unit=self.unit, on=self.day, subtree=self.subtree)


def on_time_766(records: Records) -> Count:
    """Timeliness (20 points): dossiers on time, in progress within time included, of those received."""
    count = Count(denominator=len(records.dossier_rows))
    for row in records.dossier_rows:
        reason = records.dossier_lateness[row.pk]
        if reason:
            count.lost.append(Lost("dossier", row.code, reason, row.pk))
        else:
            count.numerator += 1
    return count


def dossiers_satisfied(records: Records) -> Count:
    """R = 1 − (share late + share with a complaint or a dissatisfied rating), as the reference
    gives it: a dossier both late and rated dissatisfied weighs in both shares."""
    late = [row for row in records.dossier_rows if records.dossier_lateness[row.pk]]
    unhappy = [row for row in records.dossier_rows if row.pk in records.dossier_dissatisfaction]
    total = len(records.dossier_rows)
    count = Count(numerator=max(total - len(late) - len(unhappy), 0), denominator=total)
    for row in late:
        count.lost.append(Lost("dossier", row.code, records.dossier_lateness[row.pk], row.pk))
    for row in unhappy:
        count.lost.append(Lost("dossier", row.code, records.dossier_dissatisfaction[row.pk], row.pk))
    return count


def petitions_on_time(records: Records) -> Count:
    count = Count(denominator=len(records.petition_rows))
    for row in records.petition_rows:
        reason = records.petition_lateness(row)
        if reason:
            count.lost.append(Lost("petition", row["code"], reason, row["pk"]))
        else:
            count.numerator += 1
    return count


def petitions_satisfied(records: Records) -> Count:
    """R = (petitions − dissatisfied − re-complained − late) / petitions; a petition with several of
    these loses once (our reading: the reference's subtraction would otherwise go below zero)."""
    count = Count(denominator=len(records.petition_rows))
    for row in records.petition_rows:
        if row["rating"] == Satisfaction.DISSATISFIED and row["rated_at"] and row["rated_at"] <= records.at:
            reason = str(DISSATISFIED)
        elif row["reopened_at"] is not None and row["reopened_at"] <= records.at:
            reason = str(REOPENED)
        else:
            reason = records.petition_lateness(row)
        if reason:
            count.lost.append(Lost("petition", row["code"], reason, row["pk"]))
        else:
            count.numerator += 1
    return count


def dossiers_online(records: Records) -> Count:
    """Dossiers filed online among those of procedures offered fully online (their level today:
    the catalog keeps no history of a procedure's online level)."""
    full = set(
        Procedure.objects.filter(
            pk__in={row.procedure_id for row in records.dossier_rows}, online_level=OnlineLevel.FULL
        ).values_list("pk", flat=True)
    )
    rows = [row for row in records.dossier_rows if row.procedure_id in full]
    return Count(numerator=sum(1 for row in rows if row.channel == Channel.ONLINE), denominator=len(rows))


def portal_published(records: Records) -> Count:
    """Procedures in the unit's scope published on the public service portal on the period's last
    day (catalog publication records). The decision's 5-working-day lead is the province's, not
    the unit's, and is not checked here."""
    return Count(numerator=records.figures.on_portal, denominator=records.figures.in_scope)


def procedures_full_online(records: Records) -> Count:
    figures = records.figures
    return Count(numerator=figures.online.get(OnlineLevel.FULL.value, 0), denominator=figures.in_scope)


def _scope_procedures(records: Records) -> QuerySet[Procedure]:
    kinds = (
        Unit.objects.filter(path__startswith=records.unit.path).values_list("kind", flat=True).distinct()
        if records.subtree
        else [records.unit.kind]
    )
    levels = {ADMINISTRATIVE_LEVEL[kind] for kind in kinds if kind in ADMINISTRATIVE_LEVEL}
    if not levels:
        return Procedure.objects.none()
    level_filter = Q()
    for level in levels:
        level_filter |= Q(**{f"at_{level}": True})
    return Procedure.objects.filter(level_filter, is_active=True)


def complete_parts(records: Records) -> Count:
    """Procedures in scope whose version in force on the period's last day carries every part
    Decree 63/2010/NĐ-CP Art. 8(2) lists for publication: name, steps, filing method, papers, time
    limit, applicant type and implementing agency (a procedure always has a name)."""
    day = records.day
    in_force = ProcedureVersion.objects.filter(effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
    complete = (
        in_force.exclude(steps_text="")
        .exclude(implementing_agency="")
        .exclude(applicant_types=[])
        .filter(Exists(RequiredPaper.objects.filter(version=OuterRef("pk"))))
        .filter(
            Exists(
                FilingMethod.objects.filter(version=OuterRef("pk")).filter(
                    Q(time_limit_days__isnull=False) | ~Q(time_limit_text="")
                )
            )
        )
    )
    scope = _scope_procedures(records).filter(Exists(in_force.filter(procedure=OuterRef("pk"))))
    return Count(
        numerator=scope.filter(Exists(complete.filter(procedure=OuterRef("pk")))).count(),
        denominator=scope.count(),
    )


def _procedures_with_fee(records: Records) -> set[int]:
    """Procedures with a fee (a filing method of the dossiers' version asks one) that had
    dossiers in the period."""
    return set(
        records.dossiers()
        .filter(version__filing_methods__fee_vnd__gt=0)
        .order_by()
        .values_list("procedure_id", flat=True)
        .distinct()
    )


def fee_data(records: Records) -> Count:
    """Of the procedures with a fee (a filing method of the dossiers' version asks one) that had
    dossiers in the period, those whose every dossier records its fee."""
    rows = records.dossier_rows
    with_fee = _procedures_with_fee(records)
    missing = {row.procedure_id for row in rows if row.procedure_id in with_fee and row.fee_vnd is None}
    return Count(numerator=len(with_fee - missing), denominator=len(with_fee))


def _flagged(rows: Iterable[_DossierRow], has: Any, reason: str) -> Count:
    """Of ``rows``, those for which ``has(row)`` holds; the others lost points for ``reason``."""
    count = Count()
    for row in rows:
        count.denominator += 1
        if has(row):
            count.numerator += 1
        else:
            count.lost.append(Lost("dossier", row.code, reason, row.pk))
    return count


# Digitisation (the 766 index's "Số hóa hồ sơ" group) and online payment, from the flags the dossier
# services record (``dossiers.services.digitisation``, ``dossier_fees_paid``, ``dossier_deliver``).
# The flags are read as recorded now: a flag set after the period's end counts for it.


def digitised_papers(records: Records) -> Count:
    """Dossiers received whose papers were digitised (scanned at the desk, or filed online)."""
    return _flagged(records.dossier_rows, lambda row: row.papers_digitised, str(NOT_DIGITISED))


def electronic_result(records: Records) -> Count:
    """Dossiers with an electronic result, of those whose result was ready by ``at`` (a dossier
    still in progress has issued no result yet, electronic or not)."""
    rows = [
        row for row in records.dossier_rows if row.finished_at is not None and row.finished_at <= records.at
    ]
    return _flagged(rows, lambda row: row.electronic_result, str(NO_ELECTRONIC_RESULT))


def data_reused(records: Records) -> Count:
    """Dossiers that reused digitised data of an earlier dossier of the same applicant."""
    return _flagged(records.dossier_rows, lambda row: row.reused_from_id is not None, str(NO_REUSE))


def population_data(records: Records) -> Count:
    """Dossiers of persons (organisations have no population record) for which the national
    population database was used."""
    rows = [row for row in records.dossier_rows if row.applicant_kind == ApplicantKind.PERSON]
    return _flagged(rows, lambda row: row.population_data_used, str(NO_POPULATION_DATA))


def _paid(records: Records) -> list[_DossierRow]:
    """Dossiers with a financial obligation already met: a fee recorded and not awaiting it."""
    return [row for row in records.dossier_rows if row.fee_vnd and row.status != Status.AWAITING_FEES]


def dossiers_paid_online(records: Records) -> Count:
    """Dossiers paid online (A), of the dossiers with a financial obligation that was paid."""
    return _flagged(_paid(records), lambda row: row.paid_online, str(NOT_PAID_ONLINE))


def procedures_paid_online(records: Records) -> Count:
    """Procedures with online payment (B): of the procedures with a fee that had dossiers in the
    period (as in :func:`fee_data`), those with at least one dossier paid online."""
    with_fee = _procedures_with_fee(records)
    online = {row.procedure_id for row in records.dossier_rows if row.paid_online}
    return Count(numerator=len(with_fee & online), denominator=len(with_fee))


COMPUTED = {
    "on_time_766": on_time_766,
    "dossiers_satisfied": dossiers_satisfied,
    "petitions_on_time": petitions_on_time,
    "petitions_satisfied": petitions_satisfied,
    "dossiers_online": dossiers_online,
    "portal_published": portal_published,
    "procedures_full_online": procedures_full_online,
    "complete_parts": complete_parts,
    "fee_data": fee_data,
    "digitised_papers": digitised_papers,
    "electronic_result": electronic_result,
    "data_reused": data_reused,
    "population_data": population_data,
    "dossiers_paid_online": dossiers_paid_online,
    "procedures_paid_online": procedures_paid_online,
}


def dashboard_on_time(records: Records) -> tuple[int, int]:
    """The leader's dashboard figure, a different one: dossiers finished in the period on time, and
    dossiers finished in the period (in-progress ones do not count)."""
    finished = Dossier.objects.filter(
        records._units("processing_unit"),
        finished_at__gte=records.period.starts_at,
        finished_at__lt=min(records.period.ends_at, records.at),
    )
    return finished.filter(outcome__in=ON_TIME).count(), finished.count()


def lost_codes(items: Iterable[Lost]) -> list[str]:
    return [item.code for item in items]
