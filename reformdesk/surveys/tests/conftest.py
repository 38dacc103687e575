"""A dossier delivered at commune A's desk, handled by Nguyễn Thị Hoa, Lê Văn Tư and Đinh Xuân Công."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from reformdesk.dossiers.choices import DeliveryMethod
from reformdesk.dossiers.services import dossier_deliver, dossier_forward, dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn


def deliver(desk, personas, tree, *, delivered_at: dt.datetime | None = None, **fields):
    specialist = User.objects.get(username="tuphap_a")
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(**fields),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))
    return dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.COUNTER,
        collected_by="Hoàng Văn Bình",
        at=delivered_at or vn(2025, 12, 4, 8, 30),
    )


@pytest.fixture
def delivered(desk, personas, tree):
    return deliver(desk, personas, tree)


@pytest.fixture
def ready(desk, personas, tree):
    """A dossier of commune A whose result is ready but not yet delivered."""
    specialist = User.objects.get(username="tuphap_a")
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(phone="0987654321"),
        submitted_papers=desk.required_ids,
        at=vn(2025, 12, 1, 9),
    )
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    return dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))
