"""Reads on ratings: the rating form's dossier and officials, the counter's list, the results.

The results count ratings per score by processing unit, procedure, official and month, limited to
the units where the reader holds ``Perm.VIEW_DOSSIERS``.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier, DossierStep
from reformdesk.org.models import Official, Unit
from reformdesk.org.permissions import AnyUser, Perm, unit_filter
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import OfficialRating, Rating, RatingInvitation

COUNTER_WINDOW = dt.timedelta(hours=1)


def handled_officials(*, dossier: Dossier) -> list[Official]:
    """The officials who worked a step of ``dossier`` (its assignees of started steps), in step order."""
    steps = (
        DossierStep.objects.filter(dossier=dossier, assignee__isnull=False, started_at__isnull=False)
        .select_related("assignee")
        .order_by("order")
    )
    seen: dict[int, Official] = {}
    for step in steps:
        assert step.assignee is not None
        seen.setdefault(step.assignee.pk, step.assignee)
    return list(seen.values())


def dossier_by_receipt(*, code: str, secret: str) -> Dossier | None:
    """The dossier whose code and receipt secret (exactly; not the phone's digits) are given."""
    dossier = Dossier.objects.select_related("procedure").filter(code=code.strip()[:32]).first()
    secret = secret.strip().upper()[:32]
    if (
        dossier is None
        or not secret
        or not hmac.compare_digest(secret.encode(), dossier.secret.upper().encode())
    ):
        return None
    return dossier


def invitation_by_token(*, token: str) -> RatingInvitation | None:
    token = token.strip()[:64]
    if not token:
        return None
    return RatingInvitation.objects.select_related("dossier__procedure").filter(token=token).first()


def is_rated(*, invitation: RatingInvitation) -> bool:
    return invitation.used_at is not None or Rating.objects.filter(invitation=invitation).exists()


def counter_delivered(*, user: AnyUser, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers delivered in the last hour at desks where ``user`` receives dossiers, newest first,
    with ``rated_at_counter``."""
    now = now or timezone.now()
    rated = Rating.objects.filter(dossier=OuterRef("pk"), invitation__channel=InvitationChannel.COUNTER)
    return (
        Dossier.objects.filter(
            unit_filter(user, Perm.RECEIVE_DOSSIERS, "receiving_unit"),
            status=Status.DELIVERED,
            delivered_at__gte=now - COUNTER_WINDOW,
            delivered_at__lte=now,
        )
        .select_related("procedure")
        .annotate(rated_at_counter=Exists(rated))
        .order_by("-delivered_at", "-id")
    )


@dataclass
class ScoreCounts:
    """Ratings per score for one row (a unit, a procedure, an official or a month)."""

    key: str
    label: str
    very_satisfied: int = 0
    satisfied: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.dissatisfied

    @property
    def satisfied_total(self) -> int:
        """ "Rất hài lòng" and "Hài lòng" answers: the satisfied share's numerator."""
        return self.very_satisfied + self.satisfied

    @property
    def satisfied_share(self) -> float | None:
        """Per cent of "Rất hài lòng" and "Hài lòng" answers, rounded to 0.1; None without answers."""
        return round(100 * self.satisfied_total / self.total, 1) if self.total else None


@dataclass
class RatingResults:
    total: ScoreCounts
    by_unit: list[ScoreCounts] = field(default_factory=list)
    by_procedure: list[ScoreCounts] = field(default_factory=list)
    by_official: list[ScoreCounts] = field(default_factory=list)
    by_month: list[ScoreCounts] = field(default_factory=list)


def _score_columns(prefix: str = "") -> dict[str, Count]:
    return {score: Count("id", filter=Q(**{f"{prefix}score": score})) for score in Score.values}


def _rows(queryset: QuerySet, key: str, label: str) -> list[ScoreCounts]:
    rows = queryset.values(key, label).annotate(**_score_columns()).order_by(label, key)
    return [
        ScoreCounts(
            key=str(row[key]),
            label=str(row[label]),
            **{score: row[score] for score in Score.values},
        )
        for row in rows
    ]


def rating_results(
    *, user: AnyUser, unit: Unit | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> RatingResults:
    """Counts of ratings per score, overall and by unit (processing), procedure, official and
    month, for ratings given from ``start`` to ``end`` (inclusive, local dates) on dossiers
    processed in ``unit``'s subtree, among the units the user may read."""
    ratings = Rating.objects.filter(unit_filter(user, Perm.VIEW_DOSSIERS, "dossier__processing_unit"))
    officials = OfficialRating.objects.filter(
        unit_filter(user, Perm.VIEW_DOSSIERS, "rating__dossier__processing_unit")
    )
    if unit is not None:
        ratings = ratings.filter(dossier__processing_unit__path__startswith=unit.path)
        officials = officials.filter(rating__dossier__processing_unit__path__startswith=unit.path)
    tz = timezone.get_current_timezone()
    if start is not None:
        since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
        ratings = ratings.filter(created_at__gte=since)
        officials = officials.filter(rating__created_at__gte=since)
    if end is not None:
        until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        ratings = ratings.filter(created_at__lt=until)
        officials = officials.filter(rating__created_at__lt=until)
    totals = ratings.aggregate(**_score_columns())
    months = (
        ratings.annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(**_score_columns())
        .order_by("month")
    )
    return RatingResults(
        total=ScoreCounts(key="total", label="", **{s: totals[s] for s in Score.values}),
        by_unit=_rows(ratings, "dossier__processing_unit__code", "dossier__processing_unit__name_vi"),
        by_procedure=_rows(ratings, "dossier__procedure__national_code", "dossier__procedure__name_vi"),
        by_official=_rows(officials, "official_id", "official__full_name"),
        by_month=[
            ScoreCounts(
                key=f"{row['month']:%Y-%m}",
                label=f"{row['month']:%m/%Y}",
                **{s: row[s] for s in Score.values},
            )
            for row in months
        ],
    )
