"""Demo ratings: about a third of the demo year's delivered dossiers rated at delivery.

Run by ``manage.py load_demo`` after the dossiers demo. The channel mix leans on the counter
tablet; late dossiers are rated worse than those finished on time; some ratings also rate the
officials who handled the dossier. Deterministic for a given run day (``random.Random`` seeded by
the dossiers demo's window, dossiers in id order), never rated after the window's "now", and
idempotent: nothing is written when the delivered dossiers already have ratings.
Written in batches, like the dossiers demo: no service is called per rating.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from reformdesk.core.services.audit import audit_record
from reformdesk.dossiers.choices import Outcome, Status
from reformdesk.dossiers.models import Dossier, DossierStep
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import OfficialRating, Rating, RatingInvitation

RATED_SHARE = 0.35
OFFICIALS_SHARE = 0.6  # of ratings, those that also rate the officials
CHANNELS = [
    (InvitationChannel.COUNTER, 0.55),
    (InvitationChannel.RECEIPT, 0.25),
    (InvitationChannel.SMS, 0.20),
]
# (very satisfied, satisfied, dissatisfied) weights by the dossier's outcome.
SCORES = {
    Outcome.EARLY: (0.55, 0.42, 0.03),
    Outcome.ON_TIME: (0.38, 0.57, 0.05),
    Outcome.LATE: (0.12, 0.60, 0.28),
}
COMMENTS = {
    Score.VERY_SATISFIED: [
        "Cán bộ hướng dẫn tận tình, chu đáo.",
        "Trả kết quả sớm hơn ngày hẹn, cảm ơn.",
    ],
    Score.SATISFIED: ["Thủ tục nhanh gọn.", "Phải chờ lâu ở quầy.", "Nên hướng dẫn rõ hơn giấy tờ cần nộp."],
    Score.DISSATISFIED: ["Trả kết quả chậm so với giấy hẹn.", "Phải đi lại nhiều lần để bổ sung giấy tờ."],
}
BATCH = 1000


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


def _score(rng: random.Random, outcome: str) -> str:
    weights = SCORES.get(Outcome(outcome) if outcome else Outcome.ON_TIME, SCORES[Outcome.ON_TIME])
    return rng.choices(Score.values, weights=weights)[0]


def _officials(dossier_ids: list[int]) -> dict[int, list[int]]:
    handled: dict[int, list[int]] = defaultdict(list)
    rows = (
        DossierStep.objects.filter(
            dossier_id__in=dossier_ids, assignee__isnull=False, started_at__isnull=False
        )
        .order_by("dossier_id", "order")
        .values_list("dossier_id", "assignee_id")
    )
    for dossier_id, official_id in rows:
        if official_id not in handled[dossier_id]:
            handled[dossier_id].append(official_id)
    return handled


def seed_ratings(*, dossiers: QuerySet[Dossier], seed: int, now: dt.datetime) -> int:
    """Rate a share of ``dossiers`` (those delivered); returns how many ratings were written.
    A rating that would come after ``now`` (an SMS answered days later) has not come yet."""
    delivered = list(
        dossiers.filter(status=Status.DELIVERED, delivered_at__isnull=False)
        .order_by("id")
        .values_list("id", "delivered_at", "outcome")
    )
    if not delivered or Rating.objects.filter(dossier_id__in=[d[0] for d in delivered]).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security (demo tokens too)
    chosen = [row for row in delivered if rng.random() < RATED_SHARE]
    handled = _officials([row[0] for row in chosen])
    invitations, ratings, per_official = [], [], []
    for dossier_id, delivered_at, outcome in chosen:
        channel = _pick(rng, CHANNELS)
        delay = dt.timedelta(
            minutes=rng.randint(1, 10) if channel == InvitationChannel.COUNTER else rng.randint(30, 4320)
        )
        rated_at = delivered_at + delay
        if rated_at > now:
            continue
        score = _score(rng, outcome)
        comment = rng.choice(COMMENTS[Score(score)]) if rng.random() < 0.15 else ""
        invitations.append(
            RatingInvitation(
                dossier_id=dossier_id,
                channel=channel,
                token=f"{rng.getrandbits(128):032x}",
                created_at=delivered_at if channel != InvitationChannel.COUNTER else rated_at,
                used_at=rated_at,
            )
        )
        ratings.append(Rating(dossier_id=dossier_id, score=score, comment=comment, created_at=rated_at))
        officials = handled.get(dossier_id, []) if rng.random() < OFFICIALS_SHARE else []
        # Citizens mostly rate the officials as they rate the dossier.
        per_official.append([(o, score if rng.random() < 0.8 else _score(rng, outcome)) for o in officials])
    with transaction.atomic():
        RatingInvitation.objects.bulk_create(invitations, batch_size=BATCH)
        stored = {
            (i.dossier_id, i.channel): i.pk
            for i in RatingInvitation.objects.filter(dossier_id__in=[r.dossier_id for r in ratings])
        }
        for rating, invitation in zip(ratings, invitations, strict=True):
            rating.invitation_id = stored[(invitation.dossier_id, invitation.channel)]
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        rating_ids = dict(
            Rating.objects.filter(invitation_id__in=[r.invitation_id for r in ratings]).values_list(
                "invitation_id", "id"
            )
        )
        OfficialRating.objects.bulk_create(
            [
                OfficialRating(
                    rating_id=rating_ids[rating.invitation_id], official_id=official_id, score=score
                )
                for rating, scores in zip(ratings, per_official, strict=True)
                for official_id, score in scores
            ],
            batch_size=BATCH,
        )
        audit_record(
            actor=None, action="demo.load", object_type="surveys", object_repr=f"{len(ratings)} ratings"
        )
    return len(ratings)


def seed() -> list[str]:
    """Ratings of the demo communes' delivered dossiers (after the dossiers demo), then the
    province's SIPAS and officials' surveys answered at the seven communes."""
    from reformdesk.dossiers.demo import demo_units
    from reformdesk.dossiers.demo_data import window
    from reformdesk.surveys.demo_responses import seed_surveys

    year = window(timezone.localdate())
    units = demo_units()
    count = seed_ratings(
        dossiers=Dossier.objects.filter(receiving_unit__in=units), seed=year.seed, now=year.now
    )
    lines = [f"Ratings: {count} of delivered dossiers."] if count else []
    return lines + seed_surveys(communes=units, seed=year.seed, start=year.start, now=year.now)
