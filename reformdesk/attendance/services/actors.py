"""Who is acting: the checks shared by the leave and explanation services."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from reformdesk.core.services.audit import Actor
from reformdesk.org.models import Official
from reformdesk.org.permissions import AnyUser


def as_user(actor: Actor) -> AnyUser:
    """The actor for permission checks: no actor holds nothing."""
    return actor if actor is not None else AnonymousUser()


def is_self(actor: Actor, official: Official) -> bool:
    """Whether the actor is the official's own login."""
    return isinstance(actor, User) and actor.is_authenticated and official.user_id == actor.pk
