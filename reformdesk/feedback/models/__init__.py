from reformdesk.feedback.models.case import FeedbackCase, FeedbackCounter, FeedbackFile
from reformdesk.feedback.models.events import FeedbackEvent
from reformdesk.feedback.models.partners import Open311Partner
from reformdesk.feedback.models.routes import KindRoute
from reformdesk.feedback.models.rules import DeadlineRule
from reformdesk.feedback.models.templates import AnswerTemplate

__all__ = [
    "AnswerTemplate",
    "DeadlineRule",
    "FeedbackCase",
    "FeedbackCounter",
    "FeedbackEvent",
    "FeedbackFile",
    "KindRoute",
    "Open311Partner",
]
