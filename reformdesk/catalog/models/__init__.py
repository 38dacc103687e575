from reformdesk.catalog.models.procedures import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.models.publication import Publication

__all__ = [
    "Field",
    "FilingMethod",
    "Procedure",
    "ProcedureCase",
    "ProcedureVersion",
    "Publication",
    "RequiredPaper",
    "StepTemplate",
]
