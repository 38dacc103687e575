"""Due moments in working days from receipt, on the unit's calendar: Tết 2026, Hùng Kings day and
30/4–1/5 (2025 and 2026), a make-up Saturday, the clarification pause, and dated rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reformdesk.feedback.choices import DeadlineStep, Status
from reformdesk.feedback.models import DeadlineRule, FeedbackCase
from reformdesk.feedback.services import (
    feedback_accept,
    feedback_ask_clarification,
    feedback_assign,
    feedback_clarification_received,
)
from reformdesk.feedback.services.deadlines import case_deadlines, rules_on
from reformdesk.feedback.tests.factories import receive, vn

pytestmark = pytest.mark.django_db


def deadlines(case: FeedbackCase) -> tuple[dt.datetime | None, ...]:
    d = case_deadlines(case)
    return (d.refuse_by, d.clarify_by, d.answer_by, d.publish_by)


def test_the_seeded_rules_are_the_issues_limits_with_their_source():
    rows = DeadlineRule.objects.order_by("step").values_list("step", "working_days", "effective_from")
    assert sorted(rows) == [
        (DeadlineStep.ANSWER, Decimal("15.00"), dt.date(2022, 6, 23)),
        (DeadlineStep.CLARIFY, Decimal("5.00"), dt.date(2022, 6, 23)),
        (DeadlineStep.PUBLISH, Decimal("2.00"), dt.date(2022, 6, 23)),
        (DeadlineStep.REFUSE, Decimal("2.00"), dt.date(2022, 6, 23)),
    ]
    assert all("CHƯA XÁC NHẬN" in source for source in DeadlineRule.objects.values_list("source", flat=True))


def test_working_days_from_a_monday_morning(tree, personas):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))

    # 8-hour days (08:00–12:00, 13:00–17:00) from Monday 09:00: 2 days → Wednesday 09:00, 5 →
    # the next Monday, 15 → three weeks later. Nothing to publish yet.
    assert deadlines(case) == (vn(2025, 12, 3, 9), vn(2025, 12, 8, 9), vn(2025, 12, 22, 9), None)
    assert case.due_at == vn(2025, 12, 3, 9)


def test_tet_2026_is_skipped(tree, personas):
    """GIVEN a letter received on Friday 13/2/2026, the last working day before Tết (mùng 1 is
    17/2; the official days off are 16–20/2) THEN the days count from Monday 23/2."""
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 2, 13, 9))

    assert deadlines(case) == (vn(2026, 2, 24, 9), vn(2026, 2, 27, 9), vn(2026, 3, 13, 9), None)


def test_hung_kings_day_and_30_4_1_5_in_2026(tree, personas):
    """GIVEN a call on Friday 24/4/2026: Giỗ Tổ falls on Sunday 26/4 and is given back on Monday
    27/4, then Thursday 30/4 and Friday 1/5 are off THEN only 28 and 29/4 work that fortnight's
    first week."""
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 4, 24, 10))

    assert deadlines(case) == (vn(2026, 4, 29, 10), vn(2026, 5, 6, 10), vn(2026, 5, 20, 10), None)


def test_hung_kings_day_2025_and_a_make_up_saturday(tree, personas):
    """Giỗ Tổ 2025 was Monday 7/4; Saturday 26/4/2025 was worked in exchange for Friday 2/5."""
    before_hung_kings = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 4, 4, 15))
    before_30_4 = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 4, 25, 9))

    assert before_hung_kings.refuse_due_at == vn(2025, 4, 9, 15)
    # 1 working day on the make-up Saturday, 2 on Monday 28/4; 30/4, 1/5 and the swapped 2/5 off.
    assert (before_30_4.refuse_due_at, before_30_4.clarify_due_at) == (vn(2025, 4, 28, 9), vn(2025, 5, 6, 9))


def test_a_receipt_outside_office_hours_counts_from_the_next_session(tree, personas):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 6, 10))  # a Saturday

    # From Monday 8/12 08:00: two full days end on Tuesday at 17:00.
    assert case.refuse_due_at == vn(2025, 12, 9, 17)


def clarifying(tree, personas, handler_a, *, at: dt.datetime, asked: dt.datetime) -> FeedbackCase:
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=at)
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=at + dt.timedelta(hours=1))
    case = feedback_assign(
        actor=personas.chair_a, case=case, handler=handler_a, at=at + dt.timedelta(hours=2)
    )
    return feedback_ask_clarification(
        actor=personas.chair_a, case=case, question="Xin cho biết số nhà và thời gian nước đục.", at=asked
    )


def test_waiting_for_the_citizen_stops_the_clock(tree, personas, handler_a):
    """GIVEN a case due on Monday 22/12/2025 09:00, asked for more information on Wednesday 3/12
    09:00 WHEN the answer comes five working days later (Wednesday 10/12 09:00) THEN the answer is
    due five working days later too, Monday 29/12 09:00; the refusal and clarification limits stay."""
    case = clarifying(tree, personas, handler_a, at=vn(2025, 12, 1, 9), asked=vn(2025, 12, 3, 9))
    assert (case.status, case.due_at, case.paused_at) == (Status.CLARIFYING, None, vn(2025, 12, 3, 9))

    case = feedback_clarification_received(
        actor=personas.one_stop_a, case=case, note="Nhà số 12, nước đục từ 02/12.", at=vn(2025, 12, 10, 9)
    )

    assert deadlines(case) == (vn(2025, 12, 3, 9), vn(2025, 12, 8, 9), vn(2025, 12, 29, 9), None)
    assert (case.status, case.due_at, case.paused_at) == (Status.ASSIGNED, vn(2025, 12, 29, 9), None)
    event = case.events.get(kind="clarification_received")
    assert event.data == {
        "paused_from": "2025-12-03T09:00:00+07:00",
        "due_before": "2025-12-22T09:00:00+07:00",
        "due_after": "2025-12-29T09:00:00+07:00",
    }


def test_a_pause_over_tet_moves_the_answer_by_the_working_time_waited_only(tree, personas, handler_a):
    """Asked on Friday 13/2/2026 16:00, the last working hour before Tết, answered on Monday 23/2
    08:00, the first one after: the case waited one working hour, so the answer moves by one hour,
    not by the ten calendar days of the holiday."""
    case = clarifying(tree, personas, handler_a, at=vn(2026, 2, 9, 9), asked=vn(2026, 2, 13, 16))
    before = case.answer_due_at
    assert before == vn(2026, 3, 9, 9)  # 15 working days from Monday 9/2, Tết skipped

    case = feedback_clarification_received(
        actor=personas.one_stop_a, case=case, note="Đã bổ sung.", at=vn(2026, 2, 23, 8)
    )

    assert case.answer_due_at == vn(2026, 3, 9, 10)


def test_a_rule_in_force_from_a_later_day_applies_to_cases_received_from_then(tree, personas):
    DeadlineRule.objects.create(
        step=DeadlineStep.ANSWER, working_days=Decimal("10"), effective_from=dt.date(2026, 1, 1), source="Thử"
    )
    old = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 31, 9))
    new = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 1, 5, 9))

    assert rules_on(day=dt.date(2026, 1, 5))[DeadlineStep.ANSWER] == Decimal("10.00")
    assert old.answer_due_at == vn(2026, 1, 22, 9)  # 15 days, 1/1 and the swapped 2/1 off
    assert new.answer_due_at == vn(2026, 1, 16, 9)  # 10 days, the make-up Saturday 10/1 worked
    assert new.events.get().data["rules"]["answer"] == "10.00"


def test_a_day_before_any_rule_is_refused_with_a_message(tree, personas):
    with pytest.raises(ValidationError) as raised:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2022, 6, 22, 9))

    assert raised.value.message_dict == {
        "received_at": ["Chưa có quy định thời hạn xử lý phản ánh áp dụng cho ngày tiếp nhận 22/06/2022."]
    }
    assert FeedbackCase.objects.count() == 0


def test_an_administrator_adds_a_rule_in_the_admin_and_it_is_audited(client, personas):
    from reformdesk.core.models import AuditEvent
    from reformdesk.core.tests.helpers import sign_in

    sign_in(client, personas.admin)
    response = client.post(
        "/admin/feedback/deadlinerule/add/",
        {
            "step": "answer",
            "working_days": "10",
            "effective_from": "2027-01-01",
            "source": "Văn bản thử nghiệm, Điều 5",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    rule = DeadlineRule.objects.get(effective_from=dt.date(2027, 1, 1))
    assert (rule.step, rule.working_days) == (DeadlineStep.ANSWER, Decimal("10.00"))
    event = AuditEvent.objects.get(action="feedback_rule.save")
    assert event.changes["working_days"] == [None, "10.00"]
    # The same step and day twice is refused beside the form, nothing saved.
    again = client.post(
        "/admin/feedback/deadlinerule/add/",
        {"step": "answer", "working_days": "12", "effective_from": "2027-01-01", "source": "Lần hai"},
    )
    assert again.status_code == 200
    assert DeadlineRule.objects.filter(effective_from=dt.date(2027, 1, 1)).count() == 1


def test_publication_stays_due_when_the_citizen_rates_before_it(tree, personas, handler_a):
    """GIVEN an answer sent on Tuesday 9/12/2025 09:00 (publish by Thursday 11/12 09:00) WHEN the
    citizen rates it before it is published THEN the publication is still due, and overdue after
    its moment; once published nothing is due."""
    from reformdesk.feedback.selectors import Worklist, feedback_worklist
    from reformdesk.feedback.services import (
        feedback_approve_answer,
        feedback_draft_answer,
        feedback_publish,
        feedback_rate,
        feedback_send,
    )

    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 1, 10))
    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler_a, at=vn(2025, 12, 1, 11))
    case = feedback_draft_answer(actor=handler_a.user, case=case, answer="Đã sửa.", at=vn(2025, 12, 8, 9))
    case = feedback_approve_answer(actor=personas.chair_a, case=case, at=vn(2025, 12, 8, 10))
    case = feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 9, 9))
    case = feedback_rate(
        actor=personas.one_stop_a, case=case, satisfaction="satisfied", at=vn(2025, 12, 10, 9)
    )

    assert (case.status, case.publish_due_at, case.due_at) == (
        Status.RATED,
        vn(2025, 12, 11, 9),
        vn(2025, 12, 11, 9),
    )
    overdue = feedback_worklist(user=personas.one_stop_a, worklist=Worklist.OVERDUE, now=vn(2025, 12, 11, 10))
    assert list(overdue) == [case]

    case = feedback_publish(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 11, 10))
    assert (case.status, case.due_at) == (Status.RATED, None)
    assert case.events.last().data == {"on_time": False}
    assert not feedback_worklist(
        user=personas.one_stop_a, worklist=Worklist.OVERDUE, now=vn(2025, 12, 11, 11)
    ).exists()
