"""Feedback from a "Không hài lòng" rating of a dossier or of an official who handled it.

The citizen's rating (``surveys``) is a complaint the desk must handle like any other (issue 11:
"Automatically, from a 'Không hài lòng' rating of a dossier or an official"): a dissatisfied
rating of the dossier opens a case about the dossier, one of an official a case about that
official (which goes to their leader), each linked to the dossier and received when the rating
was given, at the unit that received the dossier. The citizen is the dossier's applicant, with
the contact they gave on it; without a valid contact the case is anonymous (its answer is
published). A case's ``client_token`` is derived from the rating, so hearing the rating twice
records nothing more.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reformdesk.feedback.choices import Channel, Kind
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.models.case import SUBJECT_MAX_CHARS
from reformdesk.feedback.services.intake import Citizen, receive_unchecked
from reformdesk.surveys.choices import Score
from reformdesk.surveys.models import Rating

# Namespace of the client tokens of cases opened from ratings (uuid5 of the rating's key).
RATING_NAMESPACE = uuid.UUID("0b9a3f0e-5a53-4d6e-9a3c-5f1c1d2e7a11")


def _citizen(rating: Rating) -> Citizen:
    dossier = rating.dossier
    named = Citizen(
        name=dossier.applicant_name,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        address=dossier.applicant_address,
    )
    try:
        return named.validated()
    except ValidationError:
        return Citizen(anonymous=True)


@transaction.atomic
def feedback_from_rating(*, rating_id: int) -> list[FeedbackCase]:
    """The cases opened by the rating's "Không hài lòng" scores (none for a rating without one);
    the same cases when called again."""
    rating = (
        Rating.objects.select_related("dossier__receiving_unit", "dossier__procedure")
        .prefetch_related("officials__official")
        .filter(pk=rating_id)
        .first()
    )
    if rating is None:
        return []
    dossier = rating.dossier
    citizen = _citizen(rating)
    cases = []
    if rating.score == Score.DISSATISFIED:
        content = _("Người dân đánh giá «Không hài lòng» với việc giải quyết hồ sơ %(code)s.") % {
            "code": dossier.code
        }
        if rating.comment.strip():
            content += "\n\n" + _("Ý kiến: %(comment)s") % {"comment": rating.comment.strip()}
        cases.append(
            receive_unchecked(
                actor=None,
                unit=dossier.receiving_unit,
                kind=Kind.DOSSIER,
                channel=Channel.RATING,
                subject=(_("Không hài lòng với việc giải quyết hồ sơ %(code)s") % {"code": dossier.code})[
                    :SUBJECT_MAX_CHARS
                ],
                content=content,
                citizen=citizen,
                received_at=rating.created_at,
                related_dossier_code=dossier.code,
                client_token=uuid.uuid5(RATING_NAMESPACE, f"rating:{rating.pk}"),
            )
        )
    for given in rating.officials.all():
        if given.score != Score.DISSATISFIED:
            continue
        official = given.official
        content = _(
            "Người dân đánh giá «Không hài lòng» với cán bộ %(name)s khi giải quyết hồ sơ %(code)s."
        ) % {"name": official.full_name, "code": dossier.code}
        if given.comment.strip():
            content += "\n\n" + _("Ý kiến: %(comment)s") % {"comment": given.comment.strip()}
        cases.append(
            receive_unchecked(
                actor=None,
                unit=dossier.receiving_unit,
                kind=Kind.OFFICIAL,
                channel=Channel.RATING,
                subject=(_("Không hài lòng với cán bộ giải quyết hồ sơ %(code)s") % {"code": dossier.code})[
                    :SUBJECT_MAX_CHARS
                ],
                content=content,
                citizen=citizen,
                received_at=rating.created_at,
                related_dossier_code=dossier.code,
                related_official=official,
                client_token=uuid.uuid5(RATING_NAMESPACE, f"official-rating:{given.pk}"),
            )
        )
    return cases
