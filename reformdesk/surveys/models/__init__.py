"""The surveys app's models: per-dossier ratings at delivery and questionnaires (surveys) with
their versions, questions and responses."""

from reformdesk.surveys.models.questionnaires import (
    Answer,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    SurveyInvitation,
)
from reformdesk.surveys.models.ratings import (
    COMMENT_MAX_CHARS,
    OfficialRating,
    Rating,
    RatingInvitation,
)

__all__ = [
    "COMMENT_MAX_CHARS",
    "Answer",
    "Choice",
    "OfficialRating",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "Rating",
    "RatingInvitation",
    "Response",
    "Section",
    "SurveyInvitation",
]
