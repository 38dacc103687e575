"""Likely duplicates are flagged at intake: same contact, similar text, within 30 days, still open."""

from __future__ import annotations

import pytest
from django.test import Client

from reformdesk.core.tests.helpers import sign_in
from reformdesk.feedback.choices import Channel, RefusalReason
from reformdesk.feedback.services import feedback_refuse
from reformdesk.feedback.tests.factories import citizen, receive, vn
from reformdesk.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_the_same_citizen_writing_alike_within_30_days_is_flagged(tree, personas):
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    again = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        at=vn(2025, 12, 20, 9),
        subject="Nước sinh hoạt xóm 5 vẫn bị đục",
        content="Từ đầu tháng nước máy ở xóm 5 bị đục, có mùi; đề nghị xã kiểm tra trạm bơm gấp.",
    )

    assert again.possible_duplicate_of == first
    assert again.events.get().data["possible_duplicate_of"] == first.code
    assert first.possible_duplicate_of is None

    page = sign_in(Client(), personas.one_stop_a).get(f"/staff/feedback/{again.code}/").content.decode()
    assert (
        f'data-testid="possible-duplicate"><a href="/staff/feedback/{first.code}/">{first.code}</a>' in page
    )


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"at": vn(2026, 1, 1, 9)}, "more than 30 days later"),
        ({"citizen": citizen(phone="0911 000 111", email="")}, "another contact"),
        ({"citizen": citizen(anonymous=True, name="", phone="", email="", address="")}, "anonymous"),
        (
            {"subject": "Đèn đường thôn 3 hỏng", "content": "Đèn đường thôn 3 hỏng hai tuần nay."},
            "another matter",
        ),
    ],
)
def test_other_cases_are_not_flagged(tree, personas, overrides, why):
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    values = {"at": vn(2025, 12, 10, 9), **overrides}
    later = receive(actor=personas.one_stop_a, unit=tree.commune_a, **values)

    assert later.possible_duplicate_of is None, why


def test_a_closed_case_is_not_a_duplicate_and_a_caller_matches_by_number(tree, personas):
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    call = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        at=vn(2025, 12, 2, 9),
        channel=Channel.HOTLINE,
        citizen=citizen(phone="", email=""),
    )
    assert call.possible_duplicate_of == first  # the caller's number is the citizen's phone

    feedback_refuse(actor=personas.one_stop_a, case=first, reason=RefusalReason.NO_CONTENT)
    third = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 3, 9))
    assert third.possible_duplicate_of == call  # the refused one is closed; the call is open


def test_the_api_names_the_possible_duplicate(tree, personas):
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    again = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 5, 9))
    client = sign_in(Client(), personas.one_stop_a)

    assert client.get(f"/api/v1/feedback/{again.code}").json()["possible_duplicate_of"] == first.code
    assert client.get(f"/api/v1/feedback/{first.code}").json()["possible_duplicate_of"] is None


def test_the_citizen_is_told_which_case_continues_when_theirs_is_merged(
    tree, personas, django_capture_on_commit_callbacks
):
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    again = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 5, 9))
    Message.objects.all().delete()  # the acknowledgements
    with django_capture_on_commit_callbacks(execute=True):
        feedback_refuse(
            actor=personas.one_stop_a,
            case=again,
            reason=RefusalReason.DUPLICATE,
            duplicate_of_code=first.code,
        )

    assert sorted(Message.objects.values_list("key", "channel", "recipient")) == [
        ("feedback.merged", "email", "lan.pt@example.vn"),
        ("feedback.merged", "sms", "0987654321"),
    ]
    assert Message.objects.get(channel="sms").body == (
        f"Phản ánh {again.code} trùng với phản ánh {first.code} đang xử lý; Xã Phú Sơn sẽ trả lời "
        f"theo phản ánh {first.code}."
    )


def test_a_refusal_for_another_reason_sends_no_notice(tree, personas, django_capture_on_commit_callbacks):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    Message.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_refuse(actor=personas.one_stop_a, case=case, reason=RefusalReason.NO_CONTENT)
    assert Message.objects.count() == 0
