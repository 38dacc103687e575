"""Writing a dossier's event rows and the errors its services raise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from reformdesk.core.services.audit import Actor, audit_record
from reformdesk.dossiers import hooks
from reformdesk.dossiers.models import Dossier, DossierEvent, DossierStep
from reformdesk.dossiers.services.rollups import rollups_record_event
from reformdesk.org.models import Official, Unit


class ActionNotAllowed(Exception):
    """The action does not apply to the dossier in its current status (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def official_of(actor: Actor) -> Official | None:
    if actor is None or isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return None
    assert isinstance(actor, User)
    return Official.objects.filter(user=actor).first()


def record(
    *,
    dossier: Dossier,
    kind: str,
    actor: Actor,
    at: dt.datetime,
    from_status: int | None,
    step: DossierStep | None = None,
    from_official: Official | None = None,
    to_official: Official | None = None,
    from_unit: Unit | None = None,
    to_unit: Unit | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    audit: bool = True,
) -> DossierEvent:
    """Write the event row of a change (and its audit row), after the dossier row was saved; the
    facts the change made true are added to the rollups in the same transaction."""
    user = actor if isinstance(actor, User) else None
    event = DossierEvent.objects.create(
        dossier=dossier,
        kind=kind,
        at=at,
        actor=user,
        actor_official=official_of(actor),
        from_status=from_status,
        to_status=dossier.status,
        step=step,
        from_official=from_official,
        to_official=to_official,
        from_unit=from_unit,
        to_unit=to_unit,
        note=note,
        data=data or {},
    )
    rollups_record_event(dossier=dossier, kind=kind)
    hooks.published(event.pk)
    if audit:
        changes: dict[str, Any] = {"status": [from_status, dossier.status]}
        if note:
            changes["note"] = [None, note]
        audit_record(actor=actor, action=f"dossier.{kind}", obj=dossier, changes=changes)
    return event
