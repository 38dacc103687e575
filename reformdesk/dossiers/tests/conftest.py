"""Fixtures shared by the dossier tests: dossiers received at commune A's counter.

The desk (``desk`` in ``reformdesk/conftest.py``) posts birth registration there: 3 working days
in five steps, assessed by Lê Văn Tư (login ``tuphap_a``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn


@pytest.fixture
def receive(desk, personas, tree) -> Callable[..., Dossier]:
    """``receive(at, **applicant)``: a dossier of the desk's procedure received at commune A's
    counter by its one-stop officer at ``at``, every required paper brought; the applicant is
    :func:`factories.applicant` (Hoàng Văn Bình, phone 0912345678) with the fields given."""

    def receive_at(at: dt.datetime, **who: str) -> Dossier:
        return dossier_receive(
            actor=personas.one_stop_a,
            unit=tree.commune_a,
            procedure=desk.procedure,
            applicant=applicant(**who),
            submitted_papers=desk.required_ids,
            at=at,
        )

    return receive_at


@pytest.fixture
def dossier(receive) -> Dossier:
    """Received Monday 1/12/2025 09:00, due Thursday 4/12 09:00; at step 2 with Lê Văn Tư. Its
    forms are the Circular 03/2025 set."""
    return receive(vn(2025, 12, 1, 9))


@pytest.fixture
def specialist(desk) -> User:
    """Lê Văn Tư, the specialist of commune A who assesses the desk's dossiers."""
    return User.objects.get(username="tuphap_a")
