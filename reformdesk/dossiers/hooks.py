"""Subscribers to dossier events, called after the event's transaction commits.

Apps that build on dossiers (notifications, surveys) subscribe in their ``AppConfig.ready``; the
dossier services never import them. A subscriber receives the event's primary key, reads what it
needs, and must be idempotent: it runs once per committed event, never for a rolled-back one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

Subscriber = Callable[[int], None]
_subscribers: dict[str, Subscriber] = {}


def subscribe(name: str, subscriber: Subscriber) -> None:
    """Register ``subscriber`` under ``name`` (registering a name again replaces it)."""
    _subscribers[name] = subscriber


def published(event_id: int) -> None:
    """Call every subscriber with ``event_id`` once the current transaction commits."""
    if not _subscribers:
        return

    def deliver() -> None:
        for name, subscriber in list(_subscribers.items()):
            try:
                subscriber(event_id)
            except Exception:  # one subscriber's failure must not hide the event from the others
                logger.exception("dossier event subscriber %s failed on event %s", name, event_id)

    transaction.on_commit(deliver)
