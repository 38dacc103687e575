"""The apology for a late dossier (form 04): made in time, with a bounded new date, page and API.

Decree 61/2018/NĐ-CP Art. 19 (as reported: "trong thời hạn chậm nhất một ngày trước ngày hết hạn …
gửi văn bản xin lỗi …, thời gian đề nghị gia hạn trả kết quả. Việc hẹn lại ngày trả kết quả được
thực hiện không quá một lần"), read as at least one *working* day of the unit's office hours before
the due moment; the new date at most the procedure's own time limit again after the due moment.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from reformdesk.core.services.tokens import token_create
from reformdesk.core.tests.helpers import sign_in
from reformdesk.dossiers.choices import EventKind
from reformdesk.dossiers.models import Dossier
from reformdesk.dossiers.services import (
    dossier_apologise,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from reformdesk.dossiers.tests.factories import vn

pytestmark = pytest.mark.django_db

TOO_LATE = "chậm nhất 01 ngày làm việc trước thời điểm hẹn trả kết quả"


def apologise(personas, dossier, *, at, new_due_at):
    return dossier_apologise(
        actor=personas.chair_a,
        dossier=dossier,
        reason="Cần xác minh tại nơi cư trú",
        new_due_at=new_due_at,
        at=at,
    )


def untouched(dossier: Dossier) -> tuple:
    dossier.refresh_from_db()
    return dossier.apology_due_at, dossier.events.filter(kind=EventKind.APOLOGY).count()


@pytest.mark.parametrize(
    ("received_at", "due_at", "last_moment"),
    [
        # Mon 1/12/2025 09:00 + 3 working days = Thu 4/12 09:00; one working day before: Wed 09:00.
        pytest.param(vn(2025, 12, 1, 9), vn(2025, 12, 4, 9), vn(2025, 12, 3, 9), id="midweek"),
        # Wed 3/12 09:00 + 3 days = Mon 8/12 09:00; one working day before it is Fri 5/12 09:00,
        # not Sunday: the weekend holds no working time.
        pytest.param(vn(2025, 12, 3, 9), vn(2025, 12, 8, 9), vn(2025, 12, 5, 9), id="over-a-weekend"),
    ],
)
def test_an_apology_is_made_at_least_one_working_day_before_the_due_moment(
    receive, personas, received_at, due_at, last_moment
):
    late = receive(received_at)
    assert late.due_at == due_at
    with pytest.raises(ValidationError) as error:
        apologise(personas, late, at=last_moment.replace(minute=1), new_due_at=due_at.replace(hour=16))
    assert list(error.value.message_dict) == ["at"]
    assert TOO_LATE in error.value.message_dict["at"][0]
    assert untouched(late) == (None, 0)

    on_time = receive(received_at)
    on_time = apologise(personas, on_time, at=last_moment, new_due_at=due_at.replace(hour=16))
    assert on_time.apology_due_at == due_at.replace(hour=16)


def test_an_apology_on_the_weekend_before_a_monday_due_moment_is_too_late(receive, personas):
    dossier = receive(vn(2025, 12, 3, 9))  # due Mon 8/12 09:00
    with pytest.raises(ValidationError):
        apologise(personas, dossier, at=vn(2025, 12, 6, 10), new_due_at=vn(2025, 12, 9, 9))
    assert untouched(dossier) == (None, 0)


def test_the_new_date_is_at_most_the_time_limit_again(receive, personas):
    """Due Thu 4/12 09:00; 3 more working days end on Tue 9/12 09:00; 9999-12-31 is refused."""
    dossier = receive(vn(2025, 12, 1, 9))
    for too_far in (vn(9999, 12, 31, 9), vn(2025, 12, 9, 9, 1)):
        with pytest.raises(ValidationError) as error:
            apologise(personas, dossier, at=vn(2025, 12, 2, 9), new_due_at=too_far)
        assert list(error.value.message_dict) == ["new_due_at"]
        assert "09:00 09/12/2025" in error.value.message_dict["new_due_at"][0]
        assert untouched(dossier) == (None, 0)
    dossier = apologise(personas, dossier, at=vn(2025, 12, 2, 9), new_due_at=vn(2025, 12, 9, 9))
    assert dossier.apology_due_at == vn(2025, 12, 9, 9)


def test_while_the_clock_waits_for_a_supplement_the_pause_moment_counts(receive, personas, specialist):
    """Asked for papers on Tue 2/12 10:00 (15 working hours left before Thu 09:00): an apology
    during the wait still has more than a working day in hand, whenever it is made."""
    dossier = receive(vn(2025, 12, 1, 9))
    dossier_request_supplement(
        actor=specialist, dossier=dossier, missing=["Giấy chứng sinh"], at=vn(2025, 12, 2, 10)
    )
    dossier = apologise(personas, dossier, at=vn(2025, 12, 5, 16), new_due_at=vn(2025, 12, 9, 9))
    assert dossier.apology_due_at == vn(2025, 12, 9, 9)
    dossier = dossier_receive_supplement(actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 8, 10))
    assert dossier.due_at == vn(2025, 12, 10, 9)


def client_for(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_the_page_and_the_api_refuse_a_late_apology_by_the_same_rule(receive, personas):
    """Received a week ago and due already: both ways in refuse, naming the rule, and change nothing."""
    from django.utils import timezone

    from reformdesk.worktime.selectors import to_vn

    now = to_vn(timezone.now())
    dossier = receive(now - dt.timedelta(days=7))
    new_date = to_vn(dossier.due_at + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    chair = client_for(personas.chair_a)
    response = chair.post(
        f"/staff/dossiers/{dossier.code}/actions/apologise/",
        {"apologise-reasons": "Chờ xác minh", "apologise-new_due_at": new_date},
    )
    assert response.status_code == 400
    assert TOO_LATE in response.content.decode()
    _, secret = token_create(actor=None, user=personas.chair_a, name="Kiểm thử")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        f"/api/v1/dossiers/{dossier.code}/actions/apologise",
        {"reasons": "Chờ xác minh", "new_due_at": new_date},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert TOO_LATE in response.json()["errors"][0]["message"]
    assert untouched(dossier) == (None, 0)
