"""Processing: steps and hand-overs, supplements that pause the clock, apologies, the ends."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.dossiers.choices import DeliveryMethod, EventKind, Outcome, ResultKind, Status
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.dossiers.services import (
    ActionNotAllowed,
    dossier_apologise,
    dossier_decline,
    dossier_deliver,
    dossier_fees_paid,
    dossier_forward,
    dossier_reassign,
    dossier_receive,
    dossier_receive_supplement,
    dossier_request_fees,
    dossier_request_supplement,
    dossier_send_back,
    dossier_stop,
    dossier_withdraw,
)
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def unchanged(dossier: Dossier) -> tuple:
    dossier.refresh_from_db()
    return dossier.status, dossier.current_step_id, dossier.assignee_id, dossier.events.count()


def test_a_dossier_goes_through_its_steps_to_delivery(dossier, personas, specialist):
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15), note="Hồ sơ hợp lệ")
    assert (dossier.status, dossier.current_step.order, dossier.assignee.full_name) == (
        Status.PROCESSING,
        3,
        "Đinh Xuân Công",
    )
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16))
    assert dossier.status == Status.RESULT_READY
    assert dossier.current_step.order == 5
    assert dossier.finished_at == vn(2025, 12, 3, 16)
    assert (dossier.result_kind, dossier.outcome) == (ResultKind.GRANTED, Outcome.EARLY)

    dossier = dossier_deliver(
        actor=personas.one_stop_a,
        dossier=dossier,
        method=DeliveryMethod.COUNTER,
        collected_by="Hoàng Văn Bình",
        at=vn(2025, 12, 4, 8, 30),
    )
    assert dossier.status == Status.DELIVERED
    assert (dossier.collected_by, dossier.delivery_method) == ("Hoàng Văn Bình", DeliveryMethod.COUNTER)

    # The control slip: every hand-over with the step's outcome.
    assert list(dossier.steps.order_by("order").values_list("order", "finished_at", "outcome")) == [
        (1, vn(2025, 12, 1, 9), Outcome.ON_TIME),
        (2, vn(2025, 12, 2, 15), Outcome.EARLY),  # due Wednesday 09:00
        (3, vn(2025, 12, 3, 10), Outcome.ON_TIME),  # due Wednesday 14:00, done that morning
        (4, vn(2025, 12, 3, 16), Outcome.EARLY),  # due Thursday 09:00
        (5, vn(2025, 12, 4, 8, 30), Outcome.ON_TIME),
    ]
    events = list(
        DossierEvent.objects.filter(dossier=dossier).values_list(
            "kind", "from_status", "to_status", "from_official__full_name", "to_official__full_name"
        )
    )
    assert events == [
        (EventKind.RECEIVED, None, 2, None, "Lê Văn Tư"),
        (EventKind.FORWARDED, 2, 4, "Lê Văn Tư", "Đinh Xuân Công"),
        (EventKind.APPROVED, 4, 4, "Đinh Xuân Công", "Đinh Xuân Công"),
        (EventKind.RESULT_READY, 4, 9, "Đinh Xuân Công", "Nguyễn Thị Hoa"),
        (EventKind.DELIVERED, 9, 10, None, None),
    ]


def test_a_late_step_and_a_late_result_are_marked_late(dossier, personas, specialist):
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 3, 11))
    assert dossier.steps.get(order=2).outcome == Outcome.LATE
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 4, 8))
    dossier = dossier_forward(
        actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 4, 9, 30)
    )
    assert dossier.outcome == Outcome.LATE


@pytest.mark.parametrize("who", ["one_stop_a", "specialist_b", "district_reform", "inspector", "outsider"])
def test_only_the_assignee_or_a_leader_hands_a_step_over(dossier, personas, who):
    before = unchanged(dossier)
    with pytest.raises(PermissionDenied):
        dossier_forward(actor=getattr(personas, who), dossier=dossier)
    assert unchanged(dossier) == before


def test_another_specialist_of_the_unit_may_not_take_a_colleagues_step(dossier, tree):
    make_official(unit=tree.commune_a, role=Role.SPECIALIST, username="diachinh_a", full_name="Võ Thị Lan")
    before = unchanged(dossier)
    with pytest.raises(PermissionDenied):
        dossier_forward(actor=User.objects.get(username="diachinh_a"), dossier=dossier)
    assert unchanged(dossier) == before


def test_a_specialist_cannot_approve_and_a_non_decision_step_is_not_approved(dossier, personas, specialist):
    before = unchanged(dossier)
    with pytest.raises(ActionNotAllowed):
        dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True)
    assert unchanged(dossier) == before
    dossier_forward(actor=specialist, dossier=dossier)
    before = unchanged(dossier)
    with pytest.raises(PermissionDenied):
        dossier_forward(actor=specialist, dossier=dossier, approve=True)
    assert unchanged(dossier) == before


def test_a_leader_hands_a_step_to_a_named_official_of_the_steps_unit(dossier, personas, tree):
    colleague = make_official(unit=tree.commune_a, role=Role.SPECIALIST, full_name="Võ Thị Lan")
    dossier = dossier_reassign(
        actor=personas.chair_a, dossier=dossier, to_official=colleague, note="Chia việc"
    )
    assert dossier.assignee == colleague
    assert dossier.events.last().kind == EventKind.REASSIGNED

    stranger = make_official(unit=tree.commune_b, role=Role.SPECIALIST, full_name="Trần Văn Hải")
    before = unchanged(dossier)
    with pytest.raises(ValidationError):
        dossier_reassign(actor=personas.chair_a, dossier=dossier, to_official=stranger)
    assert unchanged(dossier) == before


def test_send_back_returns_to_the_previous_step_with_a_reason(dossier, personas, specialist):
    dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 9))
    with pytest.raises(ValidationError):
        dossier_send_back(actor=personas.chair_a, dossier=dossier, note=" ")
    dossier = dossier_send_back(
        actor=personas.chair_a, dossier=dossier, note="Thiếu ý kiến thẩm định", at=vn(2025, 12, 2, 10)
    )
    assert (dossier.current_step.order, dossier.assignee.full_name) == (2, "Lê Văn Tư")
    assert dossier.steps.get(order=2).finished_at is None


def test_a_supplement_request_stops_the_clock_until_the_papers_arrive(dossier, personas, specialist):
    dossier = dossier_request_supplement(
        actor=specialist,
        dossier=dossier,
        missing=["Bản sao giấy chứng nhận kết hôn của cha mẹ"],
        at=vn(2025, 12, 2, 10),
    )
    assert (dossier.status, dossier.paused_at, dossier.supplement_count) == (
        Status.SUPPLEMENT,
        vn(2025, 12, 2, 10),
        1,
    )
    dossier = dossier_receive_supplement(actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, 8, 10))

    # 15 working hours were left at Tuesday 10:00 (due Thursday 09:00); from Monday 8/12 10:00
    # they end on Wednesday 10/12 at 09:00.
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == vn(2025, 12, 10, 9)
    assert dossier.paused_at is None
    assert dossier.steps.get(order=2).due_at == vn(2025, 12, 9, 9)  # 7 hours left at the pause
    assert dossier.steps.get(order=1).due_at == vn(2025, 12, 1, 9)  # a finished step keeps its due
    assert [e.kind for e in dossier.events.all()][-2:] == [
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.SUPPLEMENT_RECEIVED,
    ]


def test_a_second_supplement_request_makes_the_dossier_late(dossier, personas, specialist):
    """Decision 766: a dossier asked for supplements more than once counts as late."""
    for day in (2, 3):
        dossier_request_supplement(
            actor=specialist, dossier=dossier, missing=["Giấy tờ"], at=vn(2025, 12, day, 9)
        )
        dossier_receive_supplement(actor=personas.one_stop_a, dossier=dossier, at=vn(2025, 12, day, 10))
    dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 3, 11))
    dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 14))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 15))
    assert dossier.finished_at < dossier.due_at
    assert (dossier.supplement_count, dossier.outcome) == (2, Outcome.LATE)


def test_a_supplement_request_must_list_the_missing_papers(dossier, specialist):
    before = unchanged(dossier)
    with pytest.raises(ValidationError):
        dossier_request_supplement(actor=specialist, dossier=dossier, missing=["", "  "])
    assert unchanged(dossier) == before


def test_an_apology_sets_a_new_date_once(dossier, personas):
    with pytest.raises(ValidationError) as error:
        dossier_apologise(
            actor=personas.chair_a,
            dossier=dossier,
            reason="Chờ xác minh",
            new_due_at=vn(2025, 12, 3),
            at=vn(2025, 12, 2, 9),
        )
    assert list(error.value.message_dict) == ["new_due_at"]

    dossier = dossier_apologise(
        actor=personas.chair_a,
        dossier=dossier,
        reason="Cần xác minh tại nơi cư trú",
        new_due_at=vn(2025, 12, 9, 9),
        at=vn(2025, 12, 2, 9),
    )
    assert dossier.apology_due_at == vn(2025, 12, 9, 9)
    assert dossier.effective_due_at == vn(2025, 12, 9, 9)

    with pytest.raises(ActionNotAllowed):
        dossier_apologise(
            actor=personas.chair_a, dossier=dossier, reason="Lần nữa", new_due_at=vn(2025, 12, 12)
        )
    dossier.refresh_from_db()
    assert dossier.apology_due_at == vn(2025, 12, 9, 9)
    assert dossier.events.filter(kind=EventKind.APOLOGY).count() == 1


def test_only_a_leader_apologises(dossier, personas, specialist):
    with pytest.raises(PermissionDenied):
        dossier_apologise(actor=specialist, dossier=dossier, reason="Chậm", new_due_at=vn(2025, 12, 9))
    dossier.refresh_from_db()
    assert dossier.apology_due_at is None


def test_fees_are_asked_for_and_paid(dossier, personas, specialist):
    with pytest.raises(ValidationError):
        dossier_request_fees(actor=specialist, dossier=dossier, amount_vnd=0)
    dossier = dossier_request_fees(actor=specialist, dossier=dossier, amount_vnd=8000)
    assert (dossier.status, dossier.fee_vnd) == (Status.AWAITING_FEES, 8000)
    with pytest.raises(ActionNotAllowed):
        dossier_forward(actor=specialist, dossier=dossier)
    dossier = dossier_fees_paid(actor=specialist, dossier=dossier)
    assert dossier.status == Status.PROCESSING


def test_a_fee_over_the_limit_is_refused_and_changes_nothing(dossier, specialist):
    from reformdesk.dossiers.models.dossier import MAX_FEE_VND

    status = dossier.status
    with pytest.raises(ValidationError) as error:
        dossier_request_fees(actor=specialist, dossier=dossier, amount_vnd=MAX_FEE_VND + 1)
    assert error.value.message_dict == {"amount_vnd": ["Số tiền không được quá 2000000000 đồng."]}
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fee_vnd) == (status, None)
    assert not dossier.events.filter(kind=EventKind.FEES_REQUESTED).exists()
    dossier = dossier_request_fees(actor=specialist, dossier=dossier, amount_vnd=MAX_FEE_VND)
    assert dossier.fee_vnd == MAX_FEE_VND


def test_a_leader_declines_with_reasons_and_the_letter_is_the_result(dossier, personas):
    dossier = dossier_decline(
        actor=personas.chair_a,
        dossier=dossier,
        reasons="Không đủ điều kiện theo Điều 16 Luật Hộ tịch",
        at=vn(2025, 12, 2, 9),
    )
    assert (dossier.status, dossier.result_kind, dossier.current_step.order) == (
        Status.RESULT_READY,
        ResultKind.DECLINED,
        5,
    )


def test_withdrawn_and_stopped_dossiers_accept_no_further_action(dossier, desk, personas, tree, specialist):
    dossier = dossier_withdraw(actor=personas.one_stop_a, dossier=dossier, note="Công dân xin rút")
    assert dossier.status == Status.WITHDRAWN
    assert dossier.closed_at is not None
    for action in (
        lambda: dossier_forward(actor=personas.chair_a, dossier=dossier),
        lambda: dossier_request_supplement(actor=personas.chair_a, dossier=dossier, missing=["x"]),
        lambda: dossier_stop(actor=personas.chair_a, dossier=dossier, reason="x"),
        lambda: dossier_deliver(
            actor=personas.one_stop_a, dossier=dossier, method="counter", collected_by="A"
        ),
    ):
        before = unchanged(dossier)
        with pytest.raises(ActionNotAllowed):
            action()
        assert unchanged(dossier) == before

    other = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids,
    )
    with pytest.raises(PermissionDenied):
        dossier_stop(actor=specialist, dossier=other, reason="Đang có tranh chấp")
    other = dossier_stop(actor=personas.chair_a, dossier=other, reason="Đang có tranh chấp tại Tòa án")
    assert other.status == Status.STOPPED


def test_a_result_is_delivered_once_and_only_when_ready(dossier, personas):
    with pytest.raises(ActionNotAllowed):
        dossier_deliver(actor=personas.one_stop_a, dossier=dossier, method="counter", collected_by="Bình")
    dossier_decline(actor=personas.chair_a, dossier=dossier, reasons="Không đủ điều kiện")
    with pytest.raises(ValidationError) as error:
        dossier_deliver(actor=personas.one_stop_a, dossier=dossier, method="fax", collected_by="")
    assert sorted(error.value.message_dict) == ["collected_by", "method"]
    dossier_deliver(actor=personas.one_stop_a, dossier=dossier, method="post", collected_by="Bưu điện Tân Kỳ")
    with pytest.raises(ActionNotAllowed):
        dossier_deliver(
            actor=personas.one_stop_a, dossier=dossier, method="post", collected_by="Bưu điện Tân Kỳ"
        )
