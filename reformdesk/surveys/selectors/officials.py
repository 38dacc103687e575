"""Per official, for the yearly evaluation: what a survey's respondents said when they named the
official, beside the citizens' ratings of the official at the delivery of the dossiers they
handled.

The survey side counts, in the responses that name the official (a question of the "named
official" kind), the answers to the survey's satisfaction questions; a response naming two
officials counts for both. The ratings side counts the official's ratings on dossiers processed in
the survey's unit (or the filtered unit), among the units where the reader may read dossiers,
given in the filtered month. Each side is a share with its n and Wilson interval; they are shown
side by side, never pooled: a five-point questionnaire and a three-level rating at the counter are
different instruments (our choice; the issue only asks that the view combine them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, unit_filter
from reformdesk.surveys.choices import SATISFIED_SCORES, Measure, QuestionKind
from reformdesk.surveys.models import Answer, OfficialRating, Questionnaire, QuestionnaireVersion
from reformdesk.surveys.selectors.questionnaires import Share, responses_filtered


@dataclass
class OfficialResult:
    official_id: int
    name: str
    named_in: int  # responses naming the official
    survey: Share  # satisfied answers among the satisfaction answers of those responses
    ratings: Share  # "Rất hài lòng" + "Hài lòng" among the official's dossier ratings


def official_results(
    *,
    user: AnyUser,
    questionnaire: Questionnaire,
    version: QuestionnaireVersion,
    unit: Unit | None = None,
    month: dt.date | None = None,
    channel: str | None = None,
) -> list[OfficialResult]:
    """One row per official named in the survey's filtered responses or rated on a dossier of the
    unit, by name. Three queries, whatever the number of responses and ratings."""
    min_n = questionnaire.min_reliable_n
    responses = responses_filtered(version, unit=unit, month=month, channel=channel)
    named = {
        row["official_id"]: (row["official__full_name"], row["responses"])
        for row in Answer.objects.filter(response__in=responses, official__isnull=False)
        .values("official_id", "official__full_name")
        .annotate(responses=Count("response_id", distinct=True))
        .order_by()
    }
    survey_counts = {
        row["response__answers__official_id"]: (row["satisfied"], row["n"])
        for row in Answer.objects.filter(
            response__in=responses,
            question__measure=Measure.SATISFACTION,
            choice__isnull=False,
            response__answers__official__isnull=False,
        )
        .exclude(question__kind=QuestionKind.MULTIPLE)
        .values("response__answers__official_id")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(choice__satisfied=True)))
        .order_by()
    }
    scope = unit or questionnaire.owner_unit
    assert scope is not None, "a survey that is not a template has its owner unit"
    ratings = OfficialRating.objects.filter(
        unit_filter(user, Perm.VIEW_DOSSIERS, "rating__dossier__processing_unit"),
        rating__dossier__processing_unit__path__startswith=scope.path,
    )
    if month is not None:
        tz = timezone.get_current_timezone()
        start = dt.datetime(month.year, month.month, 1, tzinfo=tz)
        end = dt.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
        ratings = ratings.filter(rating__created_at__gte=start, rating__created_at__lt=end)
    rating_counts = {
        row["official_id"]: (row["official__full_name"], row["satisfied"], row["n"])
        for row in ratings.values("official_id", "official__full_name")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(score__in=SATISFIED_SCORES)))
        .order_by()
    }
    rows = []
    for official_id in named.keys() | rating_counts.keys():
        name, named_in = named.get(official_id, ("", 0))
        rated_name, rated_satisfied, rated_n = rating_counts.get(official_id, ("", 0, 0))
        satisfied, n = survey_counts.get(official_id, (0, 0))
        rows.append(
            OfficialResult(
                official_id=official_id,
                name=name or rated_name,
                named_in=named_in,
                survey=Share(satisfied, n, min_n),
                ratings=Share(rated_satisfied, rated_n, min_n),
            )
        )
    return sorted(rows, key=lambda row: (row.name, row.official_id))
