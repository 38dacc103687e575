"""Listen for the citizens' ratings of dossiers (``surveys.Rating``) and open a feedback case for
each "Không hài lòng" (``services.ratings``).

The surveys app knows nothing of feedback: this listens to the rating's ``post_save`` and does
its work once the rating's transaction commits, when the ratings of the officials (written after
the dossier's, in the same transaction) are there too; a rolled-back rating opens nothing. A
failure here is logged and never reaches the citizen who rated: the rating is already stored.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def on_rating_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):
        return
    rating_id = instance.pk

    def open_cases() -> None:
        from reformdesk.feedback.services.ratings import feedback_from_rating

        try:
            feedback_from_rating(rating_id=rating_id)
        except Exception:
            logger.exception("feedback from rating %s failed", rating_id)

    transaction.on_commit(open_cases)
