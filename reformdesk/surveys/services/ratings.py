"""Writes on ratings: invitations through each channel, and a citizen's rating.

A rating is anonymous citizen input: its audit row has no actor but records the channel. A second
submit with the same token is refused and changes nothing (the database refuses it too).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.dossiers.choices import Status
from reformdesk.dossiers.models import Dossier
from reformdesk.org.permissions import AnyUser, Perm, require
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import COMMENT_MAX_CHARS, OfficialRating, Rating, RatingInvitation
from reformdesk.surveys.selectors import handled_officials


class AlreadyRated(Exception):
    """This invitation (token) has been used: nothing was changed."""


class NotDelivered(Exception):
    """The dossier's result has not been delivered yet: rating opens after delivery."""


@dataclass(frozen=True)
class OfficialScore:
    score: str
    comment: str = ""


def new_token() -> str:
    """32 URL-safe characters from 24 random bytes: unguessable, fits a short SMS link."""
    return secrets.token_urlsafe(24)


def invitation_get_or_create(
    *, dossier: Dossier, channel: str, created_by: Actor = None
) -> tuple[RatingInvitation, bool]:
    """The dossier's invitation for ``channel`` (one per channel), created when it does not exist."""
    if dossier.status != Status.DELIVERED:
        raise NotDelivered
    existing = RatingInvitation.objects.filter(dossier=dossier, channel=channel).first()
    if existing is not None:
        return existing, False
    user = created_by if created_by is not None and created_by.is_authenticated else None
    try:
        with transaction.atomic():
            invitation = RatingInvitation.objects.create(
                dossier=dossier, channel=channel, token=new_token(), created_by=user
            )
            audit_record(
                actor=created_by,
                action="rating_invitation.create",
                obj=invitation,
                changes={"channel": [None, channel]},
            )
    except IntegrityError:  # created by a concurrent request
        return RatingInvitation.objects.get(dossier=dossier, channel=channel), False
    return invitation, True


def invitation_for_counter(*, actor: AnyUser, dossier: Dossier) -> RatingInvitation:
    """The counter tablet's invitation for a dossier the officer's desk delivered."""
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    invitation, _created = invitation_get_or_create(
        dossier=dossier, channel=InvitationChannel.COUNTER, created_by=actor
    )
    return invitation


def _clean_comment(value: str, field: str, errors: dict[str, str]) -> str:
    value = value.strip()
    if len(value) > COMMENT_MAX_CHARS:
        errors[field] = _("Ý kiến dài tối đa %(max)s ký tự.") % {"max": COMMENT_MAX_CHARS}
    return value


def rating_submit(
    *,
    invitation: RatingInvitation,
    score: str,
    comment: str = "",
    officials: Mapping[int, OfficialScore] | None = None,
) -> Rating:
    """Record the citizen's rating of the dossier and, optionally, of officials who handled it.

    Raises ``ValidationError`` for bad input, :class:`AlreadyRated` when the token was used and
    :class:`NotDelivered` before delivery; in each case nothing is written.
    """
    officials = dict(officials or {})
    errors: dict[str, str] = {}
    if score not in Score.values:
        errors["score"] = _("Hãy chọn mức độ hài lòng.")
    comment = _clean_comment(comment, "comment", errors)
    dossier = invitation.dossier
    handled = {o.pk: o for o in handled_officials(dossier=dossier)}
    cleaned: dict[int, OfficialScore] = {}
    for official_id, given in officials.items():
        if official_id not in handled:
            errors["officials"] = _("Cán bộ được đánh giá không giải quyết hồ sơ này.")
            continue
        if given.score not in Score.values:
            errors[f"official_{official_id}"] = _("Mức độ hài lòng không hợp lệ.")
            continue
        cleaned[official_id] = OfficialScore(
            score=given.score,
            comment=_clean_comment(given.comment, f"official_{official_id}_comment", errors),
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            locked = (
                RatingInvitation.objects.select_for_update().select_related("dossier").get(pk=invitation.pk)
            )
            if locked.dossier.status != Status.DELIVERED:
                raise NotDelivered
            if locked.used_at is not None:
                raise AlreadyRated
            rating = Rating.objects.create(
                dossier=locked.dossier, invitation=locked, score=score, comment=comment
            )
            OfficialRating.objects.bulk_create(
                [
                    OfficialRating(
                        rating=rating, official_id=official_id, score=given.score, comment=given.comment
                    )
                    for official_id, given in cleaned.items()
                ]
            )
            locked.used_at = timezone.now()
            locked.save(update_fields=["used_at"])
            audit_record(
                actor=None,
                action="rating.create",
                obj=rating,
                changes={
                    "channel": [None, locked.channel],
                    "score": [None, score],
                    "officials": [None, {str(k): v.score for k, v in sorted(cleaned.items())}],
                },
            )
    except IntegrityError:  # the same token submitted twice at once: the database kept one
        raise AlreadyRated from None
    invitation.used_at = locked.used_at
    return rating


@transaction.atomic
def rating_submit_at_counter(
    *,
    actor: AnyUser,
    dossier: Dossier,
    score: str,
    comment: str = "",
    officials: Mapping[int, OfficialScore] | None = None,
) -> Rating:
    """The counter tablet: the officer's desk opens its invitation and the citizen rates, all or
    nothing (a refused rating leaves no invitation behind)."""
    invitation = invitation_for_counter(actor=actor, dossier=dossier)
    return rating_submit(invitation=invitation, score=score, comment=comment, officials=officials)
