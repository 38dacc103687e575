"""The feedback services: intake from each channel, routing, the state machine from receipt to
closing, and every refusal (each leaving the case as it was)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reformdesk.core.models import AuditEvent
from reformdesk.core.uploads import check_upload
from reformdesk.dossiers.services import dossier_receive
from reformdesk.dossiers.tests.factories import applicant
from reformdesk.feedback.choices import (
    Channel,
    EventKind,
    FileKind,
    Kind,
    RefusalReason,
    Satisfaction,
    Status,
)
from reformdesk.feedback.models import FeedbackCase, FeedbackEvent
from reformdesk.feedback.selectors import visible_cases
from reformdesk.feedback.services import (
    ActionNotAllowed,
    Call,
    Citizen,
    feedback_accept,
    feedback_approve_answer,
    feedback_ask_clarification,
    feedback_assign,
    feedback_clarification_received,
    feedback_close,
    feedback_draft_answer,
    feedback_publish,
    feedback_rate,
    feedback_send,
)
from reformdesk.feedback.services import feedback_refuse as refuse
from reformdesk.feedback.tests.factories import citizen, receive, vn
from reformdesk.notifications.models import Message
from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

ANSWER = "Xã đã kiểm tra trạm bơm, thay lõi lọc ngày 05/12; nước đã trong trở lại."


def snapshot(case: FeedbackCase) -> tuple:
    case.refresh_from_db()
    return (case.status, case.handler_id, case.due_at, case.answer, case.events.count())


def official(user: User) -> Official:
    return Official.objects.get(user=user)


# --- intake ------------------------------------------------------------------------------------


def test_a_case_is_received_with_code_secret_unit_and_due_moments(tree, personas):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)

    assert case.code == "000.30.31.H41-PA-251201-0001"
    assert len(case.secret) == 8
    assert (case.status, case.unit, case.receiving_unit, case.channel) == (
        Status.RECEIVED,
        tree.commune_a,
        tree.commune_a,
        Channel.IN_PERSON,
    )
    assert (case.citizen_name, case.citizen_phone, case.is_anonymous) == ("Phan Thị Lan", "0987654321", False)
    assert (case.refuse_due_at, case.due_at) == (vn(2025, 12, 3, 9), vn(2025, 12, 3, 9))
    event = case.events.get()
    assert (event.kind, event.from_status, event.to_status, event.actor) == (
        EventKind.RECEIVED,
        "",
        Status.RECEIVED,
        personas.one_stop_a,
    )
    assert event.data == {
        "rules": {"refuse": "2.00", "clarify": "5.00", "answer": "15.00", "publish": "2.00"},
        "files": 0,
    }
    assert AuditEvent.objects.filter(action="feedback.received", object_id=str(case.pk)).count() == 1


def test_codes_count_each_units_cases_of_each_day_from_0001(tree, personas):
    codes = [
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9 + i)).code
        for i in range(2)
    ]
    codes.append(receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 2, 8)).code)
    codes.append(receive(actor=personas.specialist_b, unit=tree.commune_b, at=vn(2025, 12, 1, 9)).code)

    assert codes == [
        "000.30.31.H41-PA-251201-0001",
        "000.30.31.H41-PA-251201-0002",
        "000.30.31.H41-PA-251202-0001",
        "000.30.32.H41-PA-251201-0001",
    ]


def test_a_repeated_client_token_returns_the_case_already_recorded(tree, personas):
    token = uuid.uuid4()
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, client_token=token)
    again = receive(actor=personas.one_stop_a, unit=tree.commune_a, client_token=token)

    assert again.pk == first.pk and FeedbackCase.objects.count() == 1


def test_a_past_moment_is_accepted_a_future_one_is_refused(tree, personas):
    letter = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 11, 24, 14))
    assert letter.received_at == vn(2025, 11, 24, 14)

    with pytest.raises(ValidationError) as raised:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2099, 1, 5, 9))

    assert raised.value.message_dict == {
        "received_at": [
            "Thời điểm tiếp nhận không được sau thời điểm hiện tại: chỉ ghi được thời điểm đã qua."
        ]
    }
    assert FeedbackCase.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": "   "}, "subject", "Cần ghi tiêu đề phản ánh."),
        ({"subject": "x" * 201}, "subject", "Tiêu đề dài quá 200 ký tự."),
        ({"content": "\n  \n"}, "content", "Cần ghi nội dung phản ánh, kiến nghị."),
        ({"content": "x" * 10_001}, "content", "Nội dung dài quá 10000 ký tự."),
        ({"content": "Nước\x00 đục"}, "content", "Nội dung chứa ký tự điều khiển không được phép (U+0000)."),
        (
            {"subject": "Nước\u202e đục"},
            "subject",
            "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E).",
        ),
        ({"kind": "khac"}, "kind", "Loại phản ánh không hợp lệ."),
        ({"kind": Kind.OFFICIAL}, "related_official", "Phản ánh về cán bộ cần chọn cán bộ bị phản ánh."),
        ({"kind": Kind.DOSSIER}, "related_dossier", "Phản ánh về việc giải quyết hồ sơ cần ghi mã hồ sơ."),
        (
            {"kind": Kind.DOSSIER, "related_dossier_code": "000.30.31.H41-251201-9999"},
            "related_dossier",
            "Không có hồ sơ mã «000.30.31.H41-251201-9999».",
        ),
        (
            {"citizen": Citizen(anonymous=True, phone="0987654321")},
            "anonymous",
            "Phản ánh ẩn danh không nhận được trả lời riêng: hãy bỏ họ tên và thông tin liên hệ, "
            "hoặc bỏ chọn ẩn danh.",
        ),
        ({"citizen": citizen(name="")}, "citizen_name", "Cần ghi họ tên người phản ánh, hoặc chọn ẩn danh."),
        (
            {"citizen": Citizen(name="Phan Thị Lan")},
            "citizen_phone",
            "Cần ít nhất một cách liên hệ để gửi trả lời: điện thoại, thư điện tử hoặc địa chỉ.",
        ),
        (
            {"citizen": citizen(phone="12345")},
            "citizen_phone",
            "Số điện thoại “12345” không đúng định dạng Việt Nam (ví dụ 0912 345 678 hoặc 0238 3844 123).",
        ),
        ({"citizen": citizen(email="lan@")}, "citizen_email", "Địa chỉ thư điện tử không hợp lệ."),
        (
            {"call": Call(caller_phone="0987654321", seconds=60)},
            "caller_phone",
            "Chỉ cuộc gọi đường dây nóng mới ghi số gọi đến và thời lượng.",
        ),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(tree, personas, overrides, field, message):
    with pytest.raises(ValidationError) as raised:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, **overrides)

    assert raised.value.message_dict[field] == [message]
    assert (FeedbackCase.objects.count(), FeedbackEvent.objects.count()) == (0, 0)


def test_a_hotline_call_needs_its_number_and_duration_and_gives_the_caller_as_contact(tree, personas):
    with pytest.raises(ValidationError) as raised:
        receive(
            actor=personas.chair_a,
            unit=tree.commune_a,
            channel=Channel.HOTLINE,
            call=Call(caller_phone="", seconds=0),
        )
    assert raised.value.message_dict == {
        "caller_phone": ["Cần ghi số điện thoại gọi đến."],
        "call_seconds": ["Thời lượng cuộc gọi phải từ 1 giây đến 4 giờ."],
    }

    case = receive(
        actor=personas.chair_a,
        unit=tree.commune_a,
        channel=Channel.HOTLINE,
        citizen=Citizen(name="Phan Thị Lan"),
        call=Call(caller_phone="0912 000 111", seconds=240),
    )
    assert (case.caller_phone, case.call_seconds, case.citizen_phone) == ("0912000111", 240, "0912000111")


def png_upload(name: str = "thu-gop-y.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_suggestion_box_letter_is_dated_by_the_opening_and_keeps_its_scan(tree, personas):
    case = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        channel=Channel.BOX,
        at=vn(2025, 12, 5, 8, 30),
        citizen=Citizen(anonymous=True),
        files=[check_upload(png_upload())],
    )

    assert (case.box_opened_on.isoformat(), case.is_anonymous) == ("2025-12-05", True)
    stored = case.files.get()
    assert (stored.kind, stored.content_type, stored.event.kind) == (
        FileKind.SCAN,
        "image/png",
        EventKind.RECEIVED,
    )
    assert stored.file.name.startswith("feedback/2025/12/000.30.31.H41-PA-251205-0001/")


def test_only_staff_of_the_receiving_unit_may_record(tree, personas):
    for user in (personas.specialist_b, personas.outsider, personas.inspector):
        with pytest.raises(PermissionDenied):
            receive(actor=user, unit=tree.commune_a)
    assert FeedbackCase.objects.count() == 0


# --- routing -----------------------------------------------------------------------------------


def test_a_case_about_an_official_goes_to_their_leader_never_to_them(tree, personas):
    hoa = official(personas.one_stop_a)
    case = receive(actor=personas.chair_a, unit=tree.commune_a, kind=Kind.OFFICIAL, related_official=hoa)
    assert case.unit == tree.commune_a
    # The official it is about neither sees it nor acts on it.
    assert not visible_cases(user=personas.one_stop_a).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        feedback_accept(actor=personas.one_stop_a, case=case)

    case = feedback_accept(actor=personas.chair_a, case=case, at=vn(2025, 12, 1, 10))

    assert (case.status, case.handler) == (Status.ASSIGNED, official(personas.chair_a))
    event = case.events.get(kind=EventKind.ACCEPTED)
    assert (event.from_status, event.to_status, event.to_official) == (
        Status.RECEIVED,
        Status.ASSIGNED,
        official(personas.chair_a),
    )
    before = snapshot(case)
    with pytest.raises(ValidationError) as raised:
        feedback_assign(actor=personas.chair_a, case=case, handler=hoa)
    assert raised.value.message_dict == {"handler": ["Không giao phản ánh cho chính cán bộ bị phản ánh."]}
    assert snapshot(case) == before


def test_a_case_about_the_head_of_a_unit_goes_to_the_unit_above(tree, personas):
    district_chair = make_official(
        unit=tree.district, role=Role.LEADER, username="chutich_huyen", full_name="Võ Văn Hùng"
    )
    tree.district.leader = district_chair
    tree.district.save(update_fields=["leader"])
    chair = official(personas.chair_a)

    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, kind=Kind.OFFICIAL, related_official=chair)
    case = feedback_accept(actor=district_chair.user, case=case, at=vn(2025, 12, 1, 10))

    assert (case.receiving_unit, case.unit, case.handler) == (tree.commune_a, tree.district, district_chair)
    # The desk that recorded it still sees it; the chair it is about does not.
    assert visible_cases(user=personas.one_stop_a).filter(pk=case.pk).exists()
    assert not visible_cases(user=personas.chair_a).filter(pk=case.pk).exists()


def test_a_case_about_a_dossier_goes_to_its_processing_unit_and_links_both_ways(tree, personas, desk):
    dossier = dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(),
        submitted_papers=desk.required_ids,
        at=vn(2025, 11, 3, 9),
    )
    case = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        kind=Kind.DOSSIER,
        related_dossier_code=f" {dossier.code} ",
    )

    assert (case.related_dossier, case.unit) == (dossier, tree.commune_a)
    assert list(dossier.feedback_cases.all()) == [case]


# --- handling ----------------------------------------------------------------------------------


def handled(tree, personas, handler_a, **overrides) -> FeedbackCase:
    """Received, accepted, assigned to Lê Văn Tư, drafted and signed by the chair."""
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, **overrides)
    case = feedback_accept(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 1, 10))
    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler_a, at=vn(2025, 12, 1, 11))
    case = feedback_draft_answer(actor=handler_a.user, case=case, answer=ANSWER, at=vn(2025, 12, 8, 9))
    return feedback_approve_answer(actor=personas.chair_a, case=case, at=vn(2025, 12, 8, 15))


def test_a_case_from_receipt_to_closing(tree, personas, handler_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = handled(tree, personas, handler_a)
        case = feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 9, 9))
        case = feedback_publish(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 10, 9))
        case = feedback_rate(
            actor=personas.one_stop_a, case=case, satisfaction=Satisfaction.SATISFIED, at=vn(2025, 12, 11, 9)
        )
        case = feedback_close(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 12, 9))

    assert list(case.events.values_list("kind", "from_status", "to_status")) == [
        (EventKind.RECEIVED, "", Status.RECEIVED),
        (EventKind.ACCEPTED, Status.RECEIVED, Status.ACCEPTED),
        (EventKind.ASSIGNED, Status.ACCEPTED, Status.ASSIGNED),
        (EventKind.DRAFTED, Status.ASSIGNED, Status.DRAFTED),
        (EventKind.APPROVED, Status.DRAFTED, Status.APPROVED),
        (EventKind.SENT, Status.APPROVED, Status.SENT),
        (EventKind.PUBLISHED, Status.SENT, Status.PUBLISHED),
        (EventKind.RATED, Status.PUBLISHED, Status.RATED),
        (EventKind.CLOSED, Status.RATED, Status.CLOSED),
    ]
    assert (case.status, case.due_at, case.closed_at) == (Status.CLOSED, None, vn(2025, 12, 12, 9))
    assert (case.approved_by, case.answered_at, case.answered_on_time) == (
        official(personas.chair_a),
        vn(2025, 12, 9, 9),
        True,
    )
    assert case.publish_due_at == vn(2025, 12, 11, 9)
    assert case.published_question == (
        "Nước sinh hoạt xóm 5 bị đục\n\n"
        "Từ đầu tháng nước máy ở xóm 5 bị đục, có mùi; đề nghị xã kiểm tra trạm bơm."
    )
    assert case.rating == Satisfaction.SATISFIED
    # Acknowledgement, answer and publication reached the citizen by SMS and e-mail.
    assert sorted(Message.objects.values_list("key", "channel", "recipient")) == [
        ("feedback.answered", "email", "lan.pt@example.vn"),
        ("feedback.answered", "sms", "0987654321"),
        ("feedback.published", "email", "lan.pt@example.vn"),
        ("feedback.published", "sms", "0987654321"),
        ("feedback.received", "email", "lan.pt@example.vn"),
        ("feedback.received", "sms", "0987654321"),
    ]
    received = Message.objects.get(key="feedback.received", channel="sms")
    assert received.body == (
        f"Xã Phú Sơn đã nhận phản ánh {case.code}, mã tra cứu {case.secret}. Hạn trả lời 09:00 22/12/2025."
    )


def test_the_published_question_hides_the_citizens_data(tree, personas, handler_a):
    content = "Tôi là Phan Thị Lan ở Xóm 5, xã Phú Sơn, tỉnh Nghệ An, số 0987 654 321, CCCD 040095001234."
    case = handled(tree, personas, handler_a, content=content)
    case = feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 9, 9))
    case = feedback_publish(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 10, 9))

    assert case.published_question == (
        "Nước sinh hoạt xóm 5 bị đục\n\nTôi là [họ tên] ở [địa chỉ], số [số điện thoại], CCCD [số định danh]."
    )
    assert case.answer == ANSWER


def test_an_anonymous_case_is_answered_by_publishing_it(
    tree, personas, handler_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = handled(tree, personas, handler_a, citizen=Citizen(anonymous=True))
        before = snapshot(case)
        with pytest.raises(ActionNotAllowed) as raised:
            feedback_send(actor=personas.one_stop_a, case=case)
        assert (
            raised.value.message
            == "Phản ánh ẩn danh không có địa chỉ nhận trả lời: hãy công khai câu trả lời."
        )
        assert snapshot(case) == before

        case = feedback_publish(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 9, 9))

    assert (case.status, case.answered_at, case.answered_on_time) == (
        Status.PUBLISHED,
        vn(2025, 12, 9, 9),
        True,
    )
    assert Message.objects.count() == 0  # nobody to tell


def test_a_signed_answer_of_a_named_citizen_is_sent_before_it_is_published(tree, personas, handler_a):
    case = handled(tree, personas, handler_a)
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        feedback_publish(actor=personas.one_stop_a, case=case)
    assert snapshot(case) == before


def test_an_answer_after_its_due_moment_is_late(tree, personas, handler_a):
    case = handled(tree, personas, handler_a)
    case = feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 22, 10))

    assert (case.answered_on_time, case.events.get(kind=EventKind.SENT).data) == (
        False,
        {"answered_on_time": False},
    )


# --- refusals ----------------------------------------------------------------------------------


def test_refusing_needs_a_reason_and_for_out_of_competence_where_to_turn(tree, personas):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    before = snapshot(case)
    with pytest.raises(ValidationError) as raised:
        refuse(actor=personas.one_stop_a, case=case, reason="")
    assert raised.value.message_dict == {"reason": ["Cần chọn lý do không xử lý."]}
    with pytest.raises(ValidationError) as raised:
        refuse(actor=personas.one_stop_a, case=case, reason=RefusalReason.OUT_OF_COMPETENCE)
    assert raised.value.message_dict == {
        "note": ["Cần ghi cơ quan có thẩm quyền để hướng dẫn người phản ánh."]
    }
    assert snapshot(case) == before

    case = refuse(
        actor=personas.one_stop_a,
        case=case,
        reason=RefusalReason.OUT_OF_COMPETENCE,
        note="Đường tỉnh lộ: đề nghị gửi Sở Xây dựng.",
        at=vn(2025, 12, 2, 9),
    )

    assert (case.status, case.due_at, case.closed_at, case.refusal_reason) == (
        Status.REFUSED,
        None,
        vn(2025, 12, 2, 9),
        RefusalReason.OUT_OF_COMPETENCE,
    )
    assert case.events.last().data == {"reason": "out_of_competence", "duplicate_of": "", "late": False}


def test_a_duplicate_names_the_open_case_that_continues(tree, personas):
    original = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 9))
    copy = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 1, 10))
    before = snapshot(copy)
    for code, message in (
        ("", "Cần ghi mã phản ánh đang được xử lý tiếp."),
        ("000.30.31.H41-PA-251201-0099", "Không có phản ánh mã «000.30.31.H41-PA-251201-0099»."),
        (copy.code, f"Không có phản ánh mã «{copy.code}»."),
    ):
        with pytest.raises(ValidationError) as raised:
            refuse(
                actor=personas.one_stop_a, case=copy, reason=RefusalReason.DUPLICATE, duplicate_of_code=code
            )
        assert raised.value.message_dict == {"duplicate_of": [message]}
    assert snapshot(copy) == before

    copy = refuse(
        actor=personas.one_stop_a, case=copy, reason=RefusalReason.DUPLICATE, duplicate_of_code=original.code
    )
    assert (copy.status, copy.duplicate_of) == (Status.REFUSED, original)

    closed = refuse(
        actor=personas.one_stop_a,
        case=receive(actor=personas.one_stop_a, unit=tree.commune_a),
        reason="no_content",
    )
    third = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with pytest.raises(ValidationError) as raised:
        refuse(
            actor=personas.one_stop_a,
            case=third,
            reason=RefusalReason.DUPLICATE,
            duplicate_of_code=closed.code,
        )
    assert raised.value.message_dict == {
        "duplicate_of": [f"Phản ánh {closed.code} đã kết thúc, không thể xử lý tiếp."]
    }


def test_only_a_received_case_is_refused_or_accepted(tree, personas):
    case = feedback_accept(
        actor=personas.one_stop_a, case=receive(actor=personas.one_stop_a, unit=tree.commune_a)
    )
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        refuse(actor=personas.one_stop_a, case=case, reason=RefusalReason.NO_CONTENT)
    with pytest.raises(ActionNotAllowed):
        feedback_accept(actor=personas.one_stop_a, case=case)
    assert snapshot(case) == before


def test_only_a_leader_assigns_and_only_to_someone_of_the_unit(tree, personas, handler_a):
    case = feedback_accept(
        actor=personas.one_stop_a, case=receive(actor=personas.one_stop_a, unit=tree.commune_a)
    )
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        feedback_assign(actor=personas.one_stop_a, case=case, handler=handler_a)
    with pytest.raises(ValidationError) as raised:
        feedback_assign(actor=personas.chair_a, case=case, handler=official(personas.specialist_b))
    assert raised.value.message_dict == {"handler": ["Trần Văn Nam không công tác tại Xã Phú Sơn."]}
    assert snapshot(case) == before

    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler_a)
    with pytest.raises(ValidationError) as raised:
        feedback_assign(actor=personas.chair_a, case=case, handler=handler_a)
    assert raised.value.message_dict == {"handler": ["Lê Văn Tư đang xử lý phản ánh này."]}


def test_only_the_handler_or_a_leader_drafts(tree, personas, handler_a):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    case = feedback_accept(actor=personas.one_stop_a, case=case)
    case = feedback_assign(actor=personas.chair_a, case=case, handler=handler_a)
    before = snapshot(case)
    with pytest.raises(PermissionDenied) as raised:
        feedback_draft_answer(actor=personas.one_stop_a, case=case, answer=ANSWER)
    assert str(raised.value) == "Phản ánh đang được giao cho người khác xử lý."
    with pytest.raises(PermissionDenied):
        feedback_draft_answer(actor=personas.specialist_b, case=case, answer=ANSWER)
    with pytest.raises(ValidationError) as raised:
        feedback_draft_answer(actor=handler_a.user, case=case, answer="  ")
    assert raised.value.message_dict == {"answer": ["Cần ghi nội dung trả lời."]}
    assert snapshot(case) == before

    case = feedback_draft_answer(actor=personas.chair_a, case=case, answer=ANSWER)
    assert (case.status, case.answer) == (Status.DRAFTED, ANSWER)


def test_only_a_leader_of_the_unit_signs_never_the_official_concerned(tree, personas, handler_a):
    vice_chair = make_official(
        unit=tree.commune_a, role=Role.LEADER, username="phochutich_a", full_name="Hồ Thị Mai"
    )
    case = receive(
        actor=personas.one_stop_a, unit=tree.commune_a, kind=Kind.OFFICIAL, related_official=vice_chair
    )
    case = feedback_accept(actor=personas.one_stop_a, case=case)  # to the chair, the unit's head
    case = feedback_draft_answer(actor=personas.chair_a, case=case, answer=ANSWER)
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        feedback_approve_answer(actor=handler_a.user, case=case)
    with pytest.raises(PermissionDenied):
        feedback_approve_answer(actor=vice_chair.user, case=case)
    assert snapshot(case) == before

    case = feedback_approve_answer(actor=personas.chair_a, case=case)
    assert (case.status, case.approved_by) == (Status.APPROVED, official(personas.chair_a))


def test_more_information_is_asked_at_most_once_and_never_of_an_anonymous_citizen(tree, personas, handler_a):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    case = feedback_assign(
        actor=personas.chair_a, case=feedback_accept(actor=personas.one_stop_a, case=case), handler=handler_a
    )
    with pytest.raises(ValidationError) as raised:
        feedback_ask_clarification(actor=handler_a.user, case=case, question=" ")
    assert raised.value.message_dict == {"question": ["Cần ghi rõ thông tin công dân cần bổ sung."]}
    case = feedback_ask_clarification(
        actor=handler_a.user, case=case, question="Số nhà?", at=vn(2025, 12, 2, 9)
    )
    with pytest.raises(ValidationError) as raised:
        feedback_clarification_received(actor=personas.one_stop_a, case=case, note="")
    assert raised.value.message_dict == {"note": ["Cần ghi nội dung công dân đã bổ sung."]}
    case = feedback_clarification_received(
        actor=personas.one_stop_a, case=case, note="Số 12.", at=vn(2025, 12, 3, 9)
    )
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed) as raised:
        feedback_ask_clarification(actor=handler_a.user, case=case, question="Còn gì nữa?")
    assert raised.value.message == "Chỉ được đề nghị công dân bổ sung thông tin một lần."
    assert snapshot(case) == before

    anonymous = receive(actor=personas.one_stop_a, unit=tree.commune_a, citizen=Citizen(anonymous=True))
    anonymous = feedback_accept(actor=personas.one_stop_a, case=anonymous)
    anonymous = feedback_assign(actor=personas.chair_a, case=anonymous, handler=handler_a)
    with pytest.raises(ActionNotAllowed) as raised:
        feedback_ask_clarification(actor=handler_a.user, case=anonymous, question="Số nhà?")
    assert raised.value.message == "Phản ánh ẩn danh: không có địa chỉ để đề nghị bổ sung thông tin."


def test_a_rating_needs_the_right_or_the_secret_and_comes_once(tree, personas, handler_a):
    case = feedback_send(
        actor=personas.one_stop_a, case=handled(tree, personas, handler_a), at=vn(2025, 12, 9, 9)
    )
    before = snapshot(case)
    with pytest.raises(PermissionDenied):
        feedback_rate(
            actor=AnonymousUser(), case=case, satisfaction=Satisfaction.SATISFIED, secret="WRONG123"
        )
    with pytest.raises(PermissionDenied):
        feedback_rate(actor=personas.specialist_b, case=case, satisfaction=Satisfaction.SATISFIED)
    with pytest.raises(ValidationError) as raised:
        feedback_rate(actor=personas.one_stop_a, case=case, satisfaction="so-so")
    assert raised.value.message_dict == {"satisfaction": ["Cần chọn hài lòng hoặc không hài lòng."]}
    assert snapshot(case) == before

    case = feedback_rate(
        actor=AnonymousUser(), case=case, satisfaction=Satisfaction.SATISFIED, secret=case.secret.lower()
    )
    assert (case.status, case.rating) == (Status.RATED, Satisfaction.SATISFIED)
    with pytest.raises(ActionNotAllowed):
        feedback_rate(actor=personas.one_stop_a, case=case, satisfaction=Satisfaction.DISSATISFIED)


def test_dissatisfied_reopens_the_case_once_with_the_leader(tree, personas, handler_a):
    case = feedback_send(
        actor=personas.one_stop_a, case=handled(tree, personas, handler_a), at=vn(2025, 12, 9, 9)
    )
    case = feedback_publish(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 10, 9))

    case = feedback_rate(
        actor=personas.one_stop_a,
        case=case,
        satisfaction=Satisfaction.DISSATISFIED,
        comment="Nước vẫn đục.",
        at=vn(2025, 12, 15, 9),
    )

    chair = official(personas.chair_a)
    assert (case.status, case.handler, case.reopened_at) == (Status.ASSIGNED, chair, vn(2025, 12, 15, 9))
    # A new answering time of 15 working days from the rating (1/1 and the swapped 2/1/2026 off);
    # the contested answer is no longer published, nothing to publish until answered again.
    assert (case.answer_due_at, case.due_at, case.publish_due_at, case.published_at) == (
        vn(2026, 1, 7, 9),
        vn(2026, 1, 7, 9),
        None,
        None,
    )
    event = case.events.last()
    assert (event.kind, event.from_official, event.to_official, event.data) == (
        EventKind.REOPENED,
        handler_a,
        chair,
        {"satisfaction": "dissatisfied", "comment": "Nước vẫn đục."},
    )

    case = feedback_draft_answer(actor=personas.chair_a, case=case, answer="Đã thay đường ống.")
    case = feedback_approve_answer(actor=personas.chair_a, case=case)
    case = feedback_send(actor=personas.one_stop_a, case=case, at=vn(2025, 12, 22, 9))
    case = feedback_rate(actor=personas.one_stop_a, case=case, satisfaction=Satisfaction.DISSATISFIED)

    assert (case.status, case.rating) == (Status.RATED, Satisfaction.DISSATISFIED)
    with pytest.raises(ActionNotAllowed) as raised:
        feedback_close(actor=personas.one_stop_a, case=case)
    assert raised.value.message == "Cần công khai câu trả lời trước khi kết thúc."
    case = feedback_publish(actor=personas.one_stop_a, case=case)
    case = feedback_close(actor=personas.one_stop_a, case=case)
    assert case.status == Status.CLOSED


def test_online_feedback_comes_without_an_official_a_staff_channel_never_does(tree, personas):
    case = receive(actor=None, unit=tree.commune_a, channel=Channel.ONLINE)
    assert (case.channel, case.created_by, case.events.get().actor) == (Channel.ONLINE, None, None)

    with pytest.raises(PermissionDenied):
        receive(actor=None, unit=tree.commune_a, channel=Channel.BOX)
    with pytest.raises(ValidationError) as raised:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, channel=Channel.RATING)
    assert raised.value.message_dict == {"channel": ["Kênh tiếp nhận này không nhập tay được."]}
    assert FeedbackCase.objects.count() == 1


def test_the_citizen_is_asked_for_more_information_through_the_outbox(
    tree, personas, handler_a, django_capture_on_commit_callbacks
):
    case = receive(actor=personas.one_stop_a, unit=tree.commune_a, citizen=citizen(email=""))
    case = feedback_assign(
        actor=personas.chair_a, case=feedback_accept(actor=personas.one_stop_a, case=case), handler=handler_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        feedback_ask_clarification(actor=handler_a.user, case=case, question="Nhà Ông/Bà số mấy?")

    message = Message.objects.get(key="feedback.clarification")
    assert (message.channel, message.recipient, message.body) == (
        "sms",
        "0987654321",
        f"Phản ánh {case.code}: đề nghị Ông/Bà bổ sung Nhà Ông/Bà số mấy?",
    )
