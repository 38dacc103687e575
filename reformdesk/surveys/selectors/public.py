"""Reads for the portal's public summary of a unit's surveys: the satisfaction indices of the
surveys covering the unit and the dossier ratings' satisfied share, each with n and its interval."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Count

from reformdesk.org.models import Unit
from reformdesk.surveys.choices import SATISFIED_SCORES, QuestionnaireStatus
from reformdesk.surveys.models import Questionnaire, Rating
from reformdesk.surveys.models.questionnaires import MIN_RELIABLE_N
from reformdesk.surveys.selectors.questionnaires import (
    Share,
    SurveyResults,
    survey_results,
    version_for_results,
)


@dataclass
class PublicSurveySummary:
    questionnaire: Questionnaire
    results: SurveyResults


PUBLIC_SUMMARY_SURVEYS = 10


def public_unit_summaries(*, unit: Unit) -> list[PublicSurveySummary]:
    """For the portal: the surveys covering ``unit`` (owned by it or by a unit above it) that have
    been opened, newest first, each with its satisfaction index per element and overall over the
    responses for ``unit``'s subtree (latest answered version). Drafts and templates are never
    shown; no per-question detail, so no official is named. At most ten surveys."""
    surveys = (
        Questionnaire.objects.filter(is_template=False, owner_unit_id__in=[*unit.ancestor_ids(), unit.pk])
        .exclude(status=QuestionnaireStatus.DRAFT)
        .select_related("owner_unit")
        .order_by("-created_at", "slug")[:PUBLIC_SUMMARY_SURVEYS]
    )
    found = []
    for questionnaire in surveys:
        version = version_for_results(questionnaire)
        if version is None:
            continue
        found.append(
            PublicSurveySummary(
                questionnaire=questionnaire,
                results=survey_results(questionnaire=questionnaire, version=version, unit=unit),
            )
        )
    return found


def public_unit_ratings(*, unit: Unit, min_n: int = MIN_RELIABLE_N) -> Share:
    """The dossier ratings given on dossiers processed in ``unit``'s subtree: "Rất hài lòng" and
    "Hài lòng" among all, with n and interval (one query)."""
    counts = Rating.objects.filter(dossier__processing_unit__path__startswith=unit.path).aggregate(
        n=Count("id"), satisfied=Count("id", filter=models.Q(score__in=SATISFIED_SCORES))
    )
    return Share(counts["satisfied"], counts["n"], min_n)
