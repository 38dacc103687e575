"""Reads on dossiers: staff worklists and one dossier, and the citizen's public lookup.

Staff see the dossiers received or processed at units where they hold ``Perm.VIEW_DOSSIERS``.
Reading one dossier's personal data writes an access-log row.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import DateTimeField, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import access_record
from reformdesk.core.text import ascii_digits, fold
from reformdesk.dossiers.choices import OPEN_STATUSES, RUNNING_STATUSES, EventKind, Status
from reformdesk.dossiers.models import Dossier, DossierEvent, DossierPaper, DossierStep
from reformdesk.dossiers.validators import normalize_phone
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, has_perm, unit_filter
from reformdesk.worktime import selectors as worktime

# Statuses in which a dossier waits for the administration (not for the applicant).


class Worklist(StrEnum):
    """The staff worklists: mine, my unit's, due within a working day, overdue, awaiting supplement."""

    MINE = "mine"
    UNIT = "unit"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUPPLEMENT = "supplement"
    TO_RECEIVE = "to_receive"
    ALL = "all"


def visible_dossiers(*, user: AnyUser) -> QuerySet[Dossier]:
    """Dossiers received or processed at a unit where ``user`` may read dossiers."""
    processing = unit_filter(user, Perm.VIEW_DOSSIERS, "processing_unit")
    receiving = unit_filter(user, Perm.VIEW_DOSSIERS, "receiving_unit")
    return Dossier.objects.filter(processing | receiving)


def with_effective_due(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.annotate(effective_due=Coalesce("apology_due_at", "due_at", output_field=DateTimeField()))


def due_soon_limit(*, unit: Unit, now: dt.datetime) -> dt.datetime:
    """One working day after ``now`` on ``unit``'s calendar: the warning horizon."""
    return worktime.due_at(unit=unit, start=now, days=1, cutoff=False)


def dossier_worklist(
    *,
    user: AnyUser,
    worklist: str = Worklist.UNIT,
    unit: Unit | None = None,
    now: dt.datetime | None = None,
    status: int | None = None,
    search: str = "",
    procedure_code: str = "",
) -> QuerySet[Dossier]:
    """One worklist for ``user``, optionally at one unit (and its subtree), filtered and searched.

    ``search`` matches the code, the applicant's name or ID number, ignoring diacritics and case.
    Due-soon and overdue lists compare the latest promised moment (an apology's new date, else the
    appointment) with ``now``; the working-day horizon is read on ``unit``'s calendar (the
    user's current unit), the same for every unit of one province.
    """
    now = now or timezone.now()
    rows = with_effective_due(visible_dossiers(user=user))
    if unit is not None:
        in_unit = Q(processing_unit__path__startswith=unit.path) | Q(
            receiving_unit__path__startswith=unit.path
        )
        rows = rows.filter(in_unit)
    if worklist == Worklist.MINE:
        me = Official.objects.filter(user_id=user.pk).first() if user.is_authenticated else None
        rows = rows.filter(assignee=me) if me is not None else rows.none()
        rows = rows.filter(status__in=(*OPEN_STATUSES, Status.RESULT_READY))
    elif worklist == Worklist.UNIT:
        rows = rows.filter(status__in=(*OPEN_STATUSES, Status.RESULT_READY))
    elif worklist == Worklist.DUE_SOON:
        horizon = due_soon_limit(unit=unit, now=now) if unit is not None else now + dt.timedelta(days=1)
        rows = rows.filter(status__in=RUNNING_STATUSES).filter(
            **{"effective_due__gte": now, "effective_due__lte": horizon}
        )
    elif worklist == Worklist.OVERDUE:
        rows = rows.filter(status__in=RUNNING_STATUSES).filter(**{"effective_due__lt": now})
    elif worklist == Worklist.SUPPLEMENT:
        rows = rows.filter(status=Status.SUPPLEMENT)
    elif worklist == Worklist.TO_RECEIVE:
        rows = rows.filter(status=Status.SUBMITTED)
    if status is not None:
        rows = rows.filter(status=status)
    if procedure_code:
        rows = rows.filter(procedure__national_code=procedure_code)
    for word in fold(search).split()[:8]:
        rows = rows.filter(search_text__contains=word)
    ordering = (
        ("effective_due", "id")
        if worklist in (Worklist.DUE_SOON, Worklist.OVERDUE)
        else ("-submitted_at", "-id")
    )
    return rows.select_related(
        "procedure", "receiving_unit", "processing_unit", "assignee", "current_step"
    ).order_by(*ordering)


def dossier_next_for(*, user: AnyUser, after: Dossier) -> Dossier | None:
    """The next dossier waiting for ``user`` once they are done with ``after``: the one due
    soonest among those assigned to them (the "mine" worklist), ``after`` left out."""
    mine = dossier_worklist(user=user, worklist=Worklist.MINE).exclude(pk=after.pk)
    return (
        mine.select_related(None).order_by(F("effective_due").asc(nulls_last=True), "id").only("code").first()
    )


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    steps: list[DossierStep]
    events: list[DossierEvent]
    papers: list[DossierPaper]
    can_receive: bool
    can_process: bool
    can_decide: bool


def dossier_detail(*, user: AnyUser, code: str, purpose: str = "view") -> DossierDetail:
    """One dossier with its steps and timeline; 404 when it does not exist or is not visible.

    Writes an access-log row: the dossier carries the applicant's personal data."""
    dossier = (
        visible_dossiers(user=user)
        .select_related(
            "procedure",
            "version",
            "case",
            "receiving_unit",
            "processing_unit",
            "assignee",
            "current_step",
            "reused_from",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    access_record(actor=user, subject=dossier, purpose=purpose)
    steps = list(dossier.steps.select_related("unit", "assignee").order_by("order"))
    events = list(
        dossier.events.select_related(
            "actor_official", "from_official", "to_official", "from_unit", "to_unit", "step"
        )
        .prefetch_related("files")
        .order_by("at", "id")
    )
    papers = list(dossier.papers.prefetch_related("files").order_by("sort_order", "id"))
    return DossierDetail(
        dossier=dossier,
        steps=steps,
        events=events,
        papers=papers,
        can_receive=has_perm(user, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit),
        can_process=has_perm(user, Perm.PROCESS_DOSSIERS, dossier.processing_unit),
        can_decide=has_perm(user, Perm.DECIDE_DOSSIERS, dossier.processing_unit),
    )


def require_visible(*, user: AnyUser, dossier: Dossier) -> None:
    if not visible_dossiers(user=user).filter(pk=dossier.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))


# --- Public lookup -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStep:
    """One line of the public timeline: what happened and where, never who."""

    at: dt.datetime
    kind: str
    label: str
    unit: str


@dataclass(frozen=True)
class PublicDossier:
    code: str
    status: int
    status_label: str
    procedure_code: str
    procedure_name: str
    receiving_unit: str
    processing_unit: str
    collect_at: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    apology_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    delivered_at: dt.datetime | None
    missing_papers: list[str]
    timeline: list[PublicStep]


def _secret_matches(*, secret: str, own_secret: str, phone: str, receipt_only: bool = False) -> bool:
    # Fullwidth and other scripts' digits are read as the ASCII ones they mean; what is left that
    # is not ASCII can match nothing stored, and is compared as bytes so that it cannot crash.
    secret = ascii_digits(secret).strip().upper()
    if not secret:
        return False
    if hmac.compare_digest(secret.encode(), own_secret.upper().encode()):
        return True
    if receipt_only:
        return False
    phone = normalize_phone(phone)
    suffix = normalize_phone(secret)
    return (
        len(phone) >= 4
        and len(suffix) == 4
        and suffix.isascii()
        and suffix.isdigit()
        and hmac.compare_digest(suffix.encode(), phone[-4:].encode())
    )


def _localised(vi: str, en: str) -> str:
    return en if en and (get_language() or "vi").startswith("en") else vi


# The lookup is the busiest public read: it reads only the columns it shows, without the models'
# default ordering, so that building the query costs less than running it.
_LOOKUP_COLUMNS = (
    "pk",
    "secret",
    "applicant_phone",
    "status",
    "submitted_at",
    "received_at",
    "due_at",
    "apology_due_at",
    "finished_at",
    "delivered_at",
    "closed_at",
    "procedure__national_code",
    "procedure__name_vi",
    "procedure__name_en",
    "receiving_unit__name_vi",
    "receiving_unit__name_en",
    "receiving_unit__address",
    "processing_unit__name_vi",
    "processing_unit__name_en",
)
_TIMELINE_COLUMNS = (
    "at",
    "kind",
    "data",
    "to_unit__name_vi",
    "to_unit__name_en",
    "from_unit__name_vi",
    "from_unit__name_en",
)


def lookup_closed_since(*, at: dt.datetime) -> dt.datetime:
    """Dossiers closed before this moment no longer open in the public lookup at ``at``
    (``DOSSIER_LOOKUP_DAYS_AFTER_CLOSE``); open dossiers always do."""
    return at - dt.timedelta(days=settings.DOSSIER_LOOKUP_DAYS_AFTER_CLOSE)


def dossier_list_lookup_open(*, at: dt.datetime) -> QuerySet[Dossier]:
    """The dossiers a citizen can still look up at ``at`` (the rule :func:`dossier_lookup` applies)."""
    return Dossier.objects.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=lookup_closed_since(at=at)))


def dossier_lookup(*, code: str, secret: str, receipt_only: bool = False) -> PublicDossier | None:
    """The citizen's view of a dossier, given its code and the receipt's secret or (unless
    ``receipt_only``) the last four digits of the applicant's phone. ``None`` alike for an
    unknown code and a wrong secret. Public entrances go through
    ``services.lookup.dossier_lookup_attempt``, which counts wrong secrets."""
    code = code.strip()[:32]
    row = Dossier.objects.filter(code=code).order_by().values_list(*_LOOKUP_COLUMNS).first()
    if row is None:
        return None
    d = dict(zip(_LOOKUP_COLUMNS, row, strict=True))
    if not _secret_matches(
        secret=secret, own_secret=d["secret"], phone=d["applicant_phone"], receipt_only=receipt_only
    ):
        return None
    closed_at = d["closed_at"]
    if closed_at is not None and closed_at < lookup_closed_since(at=timezone.now()):
        return None  # the receipt has expired: answered like a wrong secret
    processing = _localised(d["processing_unit__name_vi"], d["processing_unit__name_en"])
    desk = _localised(d["receiving_unit__name_vi"], d["receiving_unit__name_en"])
    events = [
        dict(zip(_TIMELINE_COLUMNS, values, strict=True))
        for values in DossierEvent.objects.filter(dossier_id=d["pk"])
        # Internal notes and digitisation bookkeeping are not part of the applicant's timeline.
        .exclude(kind__in=(EventKind.COMMENT, EventKind.DIGITISATION))
        .order_by("at", "id")
        .values_list(*_TIMELINE_COLUMNS)
    ]
    missing: list[str] = []
    if d["status"] == Status.SUPPLEMENT:
        asked = [
            e for e in events if e["kind"] in (EventKind.INTAKE_SUPPLEMENT, EventKind.SUPPLEMENT_REQUESTED)
        ]
        missing = list(asked[-1]["data"].get("missing", [])) if asked else []
    return PublicDossier(
        code=code,
        status=d["status"],
        status_label=str(Status(d["status"]).label),
        procedure_code=d["procedure__national_code"],
        procedure_name=_localised(d["procedure__name_vi"], d["procedure__name_en"]),
        receiving_unit=desk,
        processing_unit=processing,
        collect_at=", ".join(p for p in (desk, d["receiving_unit__address"]) if p),
        submitted_at=d["submitted_at"],
        received_at=d["received_at"],
        due_at=d["due_at"],
        apology_due_at=d["apology_due_at"],
        finished_at=d["finished_at"],
        delivered_at=d["delivered_at"],
        missing_papers=missing,
        timeline=[
            PublicStep(
                at=e["at"],
                kind=e["kind"],
                label=str(EventKind(e["kind"]).label),
                unit=_localised(e["to_unit__name_vi"], e["to_unit__name_en"])
                if e["to_unit__name_vi"]
                else _localised(e["from_unit__name_vi"], e["from_unit__name_en"])
                if e["from_unit__name_vi"]
                else processing,
            )
            for e in events
        ],
    )


@dataclass(frozen=True)
class FilingOutlook:
    """What happens next to a dossier just filed online, for the citizen's confirmation page."""

    desk: Unit
    time_limit_days: Decimal | None
    expected_at: dt.datetime | None


def dossier_filing_outlook(*, code: str, at: dt.datetime | None = None) -> FilingOutlook | None:
    """The desk that will check dossier ``code`` and, when the procedure has a time limit, the
    moment its result would be due if the desk received it ``at`` (now): an estimate only, since
    the time limit runs from the moment an officer receives the dossier, not from its filing."""
    dossier = Dossier.objects.select_related("receiving_unit", "processing_unit").filter(code=code).first()
    if dossier is None:
        return None
    expected = None
    if dossier.time_limit_days is not None:
        expected = worktime.due_at(
            unit=dossier.processing_unit, start=at or timezone.now(), days=float(dossier.time_limit_days)
        )
    return FilingOutlook(
        desk=dossier.receiving_unit, time_limit_days=dossier.time_limit_days, expected_at=expected
    )
