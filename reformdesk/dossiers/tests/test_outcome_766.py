"""The outcome the statistics and the 766 index read, beside the appointment the citizen holds.

Decision 766/QĐ-TTg, timeliness group (shared/data/index-766.md): on time when the finish moment
minus the wall-clock supplement wait ("thời điểm hoàn thành bổ sung − thời điểm yêu cầu bổ sung")
is not after the appointment; a dossier asked for supplements more than once is late. The desk's
guidance before receipt (form 02 at the counter, status 5 with no receipt) is not such a request:
the appointment and its clock only start at the receipt. The citizen's new appointment after a
supplement is still moved by working time (the decree's clock, ``clock.resumed``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from reformdesk.dossiers.choices import Outcome, Status
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import (
    dossier_forward,
    dossier_receive,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from reformdesk.dossiers.tests.factories import applicant, vn

pytestmark = pytest.mark.django_db


def receive(desk, personas, tree, at, papers=None) -> Dossier:
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids if papers is None else papers,
        at=at,
    )


def pause(personas, dossier, asked_at, brought_at) -> Dossier:
    specialist = User.objects.get(username="tuphap_a")
    dossier_request_supplement(actor=specialist, dossier=dossier, missing=["Giấy chứng sinh"], at=asked_at)
    return dossier_receive_supplement(actor=personas.one_stop_a, dossier=dossier, at=brought_at)


def finish(personas, dossier, at) -> Dossier:
    """Assessment, approval and signature all at ``at``: the result is ready then."""
    dossier_forward(actor=User.objects.get(username="tuphap_a"), dossier=dossier, at=at)
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=at)
    return dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=at)


def test_guidance_at_the_desk_is_not_a_supplement_request_of_the_766_rule(desk, personas, tree):
    """Guided at the desk on Mon 1/12, received Tue 2/12 09:00 (due Fri 5/12 09:00), asked once in
    processing, finished on Wed 3/12: two days early, not late."""
    dossier = receive(desk, personas, tree, vn(2025, 12, 1, 9), papers=desk.required_ids[:1])
    assert dossier.status == Status.SUPPLEMENT
    dossier = dossier_receive_supplement(
        actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 2, 9), submitted_papers=desk.required_ids
    )
    assert dossier.due_at == vn(2025, 12, 5, 9)
    dossier = pause(personas, dossier, vn(2025, 12, 2, 10), vn(2025, 12, 2, 11))
    dossier = finish(personas, dossier, vn(2025, 12, 3, 11))
    assert dossier.supplement_count == 2  # the desk's guidance and the request in processing
    assert dossier.outcome == Outcome.EARLY


def test_a_pause_over_a_weekend(desk, personas, tree):
    """Received Wed 3/12/2025 09:00, due Mon 8/12 09:00. Asked Fri 5/12 16:00, papers brought Mon
    8/12 08:00: 64 hours on the wall clock, one working hour. The citizen's appointment keeps the
    2 working hours left at the pause: Mon 8/12 10:00. Finished Tue 9/12 10:00: late against that
    appointment, but 9/12 10:00 − 64 h = Sat 6/12 18:00, before the appointment of the receipt."""
    dossier = receive(desk, personas, tree, vn(2025, 12, 3, 9))
    assert dossier.due_at == vn(2025, 12, 8, 9)
    dossier = pause(personas, dossier, vn(2025, 12, 5, 16), vn(2025, 12, 8, 8))
    assert dossier.due_at == vn(2025, 12, 8, 10)
    dossier = finish(personas, dossier, vn(2025, 12, 9, 10))
    assert dossier.finished_at > dossier.due_at
    assert dossier.outcome == Outcome.EARLY


def test_a_pause_over_tet_2026(desk, personas, tree):
    """Received Wed 11/2/2026 09:00: 7 + 8 + 8 hours to Fri 13/2, then Tết 16–20/2 and two weekends:
    due Mon 23/2 09:00. Asked Fri 13/2 16:00, papers brought Mon 23/2 08:00 (232 wall-clock hours,
    one working hour): the citizen is now due Mon 23/2 10:00. Finished Wed 25/2 10:00, late for the
    citizen; 232 hours earlier is Sun 15/2 18:00, early for the index."""
    dossier = receive(desk, personas, tree, vn(2026, 2, 11, 9))
    assert dossier.due_at == vn(2026, 2, 23, 9)
    dossier = pause(personas, dossier, vn(2026, 2, 13, 16), vn(2026, 2, 23, 8))
    assert dossier.due_at == vn(2026, 2, 23, 10)
    dossier = finish(personas, dossier, vn(2026, 2, 25, 10))
    assert dossier.outcome == Outcome.EARLY


@pytest.mark.parametrize(
    ("finished_at", "outcome"),
    [
        # Due Mon 23/2 09:00 on the receipt; the wait was 232 h: the index's limit is Thu 5/3 01:00.
        pytest.param(vn(2026, 3, 5, 1), Outcome.ON_TIME, id="at-the-index-limit"),
        pytest.param(vn(2026, 3, 5, 1, 1), Outcome.LATE, id="a-minute-after"),
    ],
)
def test_the_index_limit_after_a_pause_over_tet(desk, personas, tree, finished_at, outcome):
    dossier = receive(desk, personas, tree, vn(2026, 2, 11, 9))
    dossier = pause(personas, dossier, vn(2026, 2, 13, 16), vn(2026, 2, 23, 8))
    dossier = finish(personas, dossier, finished_at)
    assert dossier.outcome == outcome


def test_two_requests_in_processing_make_the_dossier_late(desk, personas, tree):
    dossier = receive(desk, personas, tree, vn(2025, 12, 1, 9))
    dossier = pause(personas, dossier, vn(2025, 12, 1, 10), vn(2025, 12, 1, 11))
    dossier = pause(personas, dossier, vn(2025, 12, 1, 13), vn(2025, 12, 1, 14))
    dossier = finish(personas, dossier, vn(2025, 12, 1, 15))
    assert dossier.outcome == Outcome.LATE


def test_the_data_migration_recomputes_stored_outcomes_by_the_same_rule(desk, personas, tree):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reformdesk.dossiers.migrations.0007_outcome_by_the_766_rule")
    dossier = receive(desk, personas, tree, vn(2025, 12, 3, 9))
    dossier = pause(personas, dossier, vn(2025, 12, 5, 16), vn(2025, 12, 8, 8))
    dossier = finish(personas, dossier, vn(2025, 12, 9, 10))
    Dossier.objects.filter(pk=dossier.pk).update(outcome=Outcome.LATE)  # as the old rule stored it
    migration.recompute(apps, None)
    dossier.refresh_from_db()
    assert dossier.outcome == Outcome.EARLY
