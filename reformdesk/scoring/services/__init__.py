"""Writes of the scoring app: indicator revisions and entered figures, each with events and audit."""

from reformdesk.scoring.services.entries import entry_record
from reformdesk.scoring.services.indicators import indicator_revise

__all__ = ["entry_record", "indicator_revise"]
