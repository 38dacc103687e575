"""Reads of the surveys app: dossier ratings (the rating form, the counter's list, the results) and
questionnaires (lists, the answering form, results with Wilson intervals)."""

from reformdesk.surveys.selectors.ratings import (
    COUNTER_WINDOW,
    RatingResults,
    ScoreCounts,
    counter_delivered,
    dossier_by_receipt,
    handled_officials,
    invitation_by_token,
    is_rated,
    rating_results,
)

__all__ = [
    "COUNTER_WINDOW",
    "RatingResults",
    "ScoreCounts",
    "counter_delivered",
    "dossier_by_receipt",
    "handled_officials",
    "invitation_by_token",
    "is_rated",
    "rating_results",
]
