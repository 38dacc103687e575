"""Dossiers received before a swapped day of 2019–2024 count the make-up Saturday as a working day.

The calendar's make-up Saturdays of those years come from worktime migration 0003 (the
government's announcements, with their sources); without them these appointments, and every
outcome and statistic read from them, came out one working day late.
"""

from __future__ import annotations

import datetime as dt

import pytest

from reformdesk.catalog import services as catalog
from reformdesk.catalog.choices import PublicationPlace
from reformdesk.catalog.tests.factories import make_procedure, make_version
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure_since_2018(tree):
    """A 3-working-day commune procedure, posted at commune A's desk since 1/12/2018."""
    procedure = make_procedure(code="2.000635", name="Thủ tục cấp bản sao trích lục hộ tịch")
    make_version(procedure, days="3", start=dt.date(2018, 12, 1))
    catalog.publication_add(
        actor=None,
        procedure=procedure,
        unit=tree.commune_a,
        place=PublicationPlace.DESK,
        published_on=dt.date(2018, 12, 1),
    )
    return procedure


@pytest.mark.parametrize(
    ("received_at", "due_at"),
    [
        # Fri 26/4/2024 09:00: 7 h; Mon 29/4 swapped off, 30/4 and 1/5 holidays; Thu 2/5 and Fri 3/5
        # 8 h each (23 h); the make-up Saturday 4/5/2024 08:00 + 1 h.
        pytest.param(vn(2024, 4, 26, 9), vn(2024, 5, 4, 9), id="2024"),
        # Fri 26/4/2019 the same way: due on the make-up Saturday 4/5/2019.
        pytest.param(vn(2019, 4, 26, 9), vn(2019, 5, 4, 9), id="2019"),
        # Thu 3/1/2019 09:00: 7 h, Fri 4/1 8 h, the make-up Saturday 5/1 8 h (23 h); Mon 7/1 09:00
        # (Tuesday 8/1 without the make-up day).
        pytest.param(vn(2019, 1, 3, 9), vn(2019, 1, 7, 9), id="new-year-2019"),
    ],
)
def test_a_dossier_received_before_a_swap_counts_the_make_up_saturday(
    tree, personas, procedure_since_2018, received_at, due_at
):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=procedure_since_2018,
        applicant=applicant(),
        submitted_papers=[],
        at=received_at,
    )
    assert (dossier.received_at, dossier.due_at) == (received_at, due_at)
