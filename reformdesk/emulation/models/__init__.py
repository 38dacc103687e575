from reformdesk.emulation.models.evaluation import (
    Evaluation,
    EvaluationCriterion,
    EvaluationEvent,
    EvaluationLevel,
    EvaluationRules,
)
from reformdesk.emulation.models.training import Course, CourseAttendance, TrainingRequirement

__all__ = [
    "Course",
    "CourseAttendance",
    "Evaluation",
    "EvaluationCriterion",
    "EvaluationEvent",
    "EvaluationLevel",
    "EvaluationRules",
    "TrainingRequirement",
]
