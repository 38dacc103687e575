"""A request sent twice with the same ``client_token`` records one dossier, also when the second
arrives while the first is still running.

The intake services return the dossier already recorded under a token. Both requests of a
double-click, or a client that retries after its own timeout while the first request still runs,
pass that check before either has committed: the second's insert then waits for the first's
commit and fails on the unique ``client_token``, a server error for a request that did nothing
wrong. :func:`once_per_client_token` answers it as the check would have: the second's savepoint is
rolled back (with the number it took: codes stay without gaps) and the first's dossier returned.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import ParamSpec

from django.db import IntegrityError, transaction

from reformdesk.dossiers.models import Dossier

P = ParamSpec("P")


def once_per_client_token(service: Callable[P, Dossier]) -> Callable[P, Dossier]:
    """Wrap an intake service taking ``client_token=``: a unique violation raised while a dossier
    with that token now exists returns that dossier; any other integrity error is raised."""

    @functools.wraps(service)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Dossier:
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except IntegrityError:
            token = kwargs.get("client_token")
            existing = (
                Dossier.objects.filter(client_token=token).first() if isinstance(token, uuid.UUID) else None
            )
            if existing is None:
                raise
            return existing

    return wrapped
