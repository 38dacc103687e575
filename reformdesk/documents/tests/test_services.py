"""The register services: numbering per unit and calendar year, symbols, guards, cancelling, and
the event and audit rows of each change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reformdesk.core.models import AuditEvent
from reformdesk.core.uploads import check_upload
from reformdesk.documents.choices import Confidentiality, DocumentType, EventKind, OutgoingStatus, Series
from reformdesk.documents.models import DocumentEvent, IncomingDocument, IssuerAbbreviation, OutgoingDocument
from reformdesk.documents.services import (
    ActionNotAllowed,
    format_symbol,
    incoming_assign_handler,
    outgoing_cancel,
)
from reformdesk.documents.tests.factories import pdf_upload, receive, register_outgoing, vn
from reformdesk.org.choices import UnitKind
from reformdesk.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _numbers(unit, year):
    return list(
        IncomingDocument.objects.filter(unit=unit, year=year)
        .order_by("number")
        .values_list("number", flat=True)
    )


def test_incoming_numbers_restart_at_midnight_of_1_january_vietnam_time(tree, personas):
    """GIVEN documents arriving at commune A at 23:59 on 31/12/2025 and at 00:00 on 1/1/2026,
    Asia/Ho_Chi_Minh (still 31/12 17:00 UTC) THEN the first closes 2025's register and the
    second opens 2026's with number 1 (Decree 30/2020/NĐ-CP, Article 22.2)."""
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 31, 9))
    late = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2025, 12, 31, 23, 59))
    new_year = receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 1, 1, 0, 0))
    assert (first.year, first.number) == (2025, 1)
    assert (late.year, late.number) == (2025, 2)
    assert (new_year.year, new_year.number) == (2026, 1)
    assert new_year.arrived_at == dt.datetime(2025, 12, 31, 17, 0, tzinfo=dt.UTC)


def test_incoming_numbers_run_per_receiving_unit(tree, personas, chair_b):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    in_b = receive(actor=chair_b.user, unit=tree.commune_b)
    assert _numbers(tree.commune_a, 2025) == [1, 2]
    assert in_b.number == 1


def test_registering_writes_one_event_and_one_audit_row(tree, personas, handler_a):
    document = receive(
        actor=personas.one_stop_a, unit=tree.commune_a, handler=handler_a, handling_due_on=dt.date(2099, 1, 5)
    )
    events = list(DocumentEvent.objects.filter(incoming=document))
    assert [(e.kind, e.to_official_id, e.actor_id) for e in events] == [
        (EventKind.INCOMING_REGISTERED, handler_a.pk, personas.one_stop_a.pk)
    ]
    audit = AuditEvent.objects.get(action="documents.incoming_registered")
    assert audit.object_id == str(document.pk)
    assert audit.changes["number"] == [None, "1/2025"]
    assert document.search_text == (
        "125/hd-pnv phong noi vu huyen tan ky huong dan cham diem chi so cai cach hanh chinh cap xa nam 2025"
    )


def test_a_scan_is_checked_by_content_and_stored(tree, personas):
    checked = check_upload(pdf_upload("cong-van-den.pdf"))
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a, scan=checked)
    assert (document.scan_name, document.scan_content_type, document.scan_size) == (
        "cong-van-den.pdf",
        "application/pdf",
        len(pdf_upload().read()),
    )
    assert document.scan.name.startswith(f"documents/incoming/{tree.commune_a.pk}/2025/00001-")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("gia.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"sender": "  "}, "sender", "Cần ghi nơi gửi văn bản."),
        ({"summary": ""}, "summary", "Cần ghi trích yếu nội dung."),
        (
            {"original_symbol": "12/QĐ\u202e-UBND"},
            "original_symbol",
            "Nội dung chứa ký tự đảo hướng chữ không được phép (U+202E).",
        ),
        ({"doc_type": "sac_lenh"}, "doc_type", "Loại văn bản không hợp lệ."),
        ({"urgency": "gap"}, "urgency", "Mức độ khẩn không hợp lệ."),
        (
            {"document_date": dt.date(2025, 12, 2)},
            "document_date",
            "Ngày văn bản không được sau ngày văn bản đến.",
        ),
        ({"handling_due_on": dt.date(2099, 1, 1)}, "handler", "Cần chọn người xử lý khi ghi hạn xử lý."),
    ],
)
def test_bad_incoming_input_is_refused_and_nothing_is_saved(tree, personas, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, **overrides)
    assert caught.value.message_dict[field] == [message]
    assert IncomingDocument.objects.count() == 0
    assert DocumentEvent.objects.count() == 0
    assert receive(actor=personas.one_stop_a, unit=tree.commune_a).number == 1


def test_an_arrival_in_the_future_is_refused(tree, personas):
    with pytest.raises(ValidationError) as caught:
        receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2099, 1, 1))
    assert caught.value.message_dict == {"arrived_at": ["Thời điểm đến không được sau thời điểm hiện tại."]}


def test_only_register_keepers_of_the_unit_register(tree, personas, chair_b):
    for user in (personas.specialist_b, personas.district_reform, personas.inspector, chair_b.user):
        with pytest.raises(PermissionDenied):
            receive(actor=user, unit=tree.commune_a)
    assert IncomingDocument.objects.count() == 0


def test_assigning_a_handler_writes_its_event(tree, personas, handler_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    incoming_assign_handler(
        actor=personas.chair_a,
        document=document,
        handler=handler_a,
        due_on=dt.date(2099, 1, 5),
        note="Tham mưu",
    )
    document.refresh_from_db()
    assert (document.handler_id, document.handling_due_on) == (handler_a.pk, dt.date(2099, 1, 5))
    event = DocumentEvent.objects.get(incoming=document, kind=EventKind.HANDLER_ASSIGNED)
    assert (event.from_official_id, event.to_official_id, event.note) == (None, handler_a.pk, "Tham mưu")
    assert (
        AuditEvent.objects.filter(action="documents.handler_assigned", object_id=str(document.pk)).count()
        == 1
    )


def test_a_handler_from_another_commune_or_a_past_deadline_is_refused(tree, personas, chair_b):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with pytest.raises(ValidationError) as caught:
        incoming_assign_handler(
            actor=personas.chair_a, document=document, handler=chair_b, due_on=dt.date(2020, 1, 1)
        )
    assert caught.value.message_dict == {
        "handler": ["Hà Văn Bình không công tác tại Xã Phú Sơn."],
        "handling_due_on": ["Hạn xử lý không được trước ngày hôm nay."],
    }
    document.refresh_from_db()
    assert document.handler_id is None
    assert DocumentEvent.objects.filter(kind=EventKind.HANDLER_ASSIGNED).count() == 0


def test_a_specialist_cannot_assign(tree, personas, handler_a):
    document = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with pytest.raises(PermissionDenied):
        incoming_assign_handler(actor=handler_a.user, document=document, handler=handler_a)
    document.refresh_from_db()
    assert document.handler_id is None


# --- outgoing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "doc_type", "drafting", "symbol"),
    [
        (12, DocumentType.DECISION, "", "12/QĐ-UBND"),
        (3, DocumentType.PLAN, "", "03/KH-UBND"),
        (125, DocumentType.OFFICIAL_LETTER, "VP", "125/UBND-VP"),
        (7, DocumentType.OFFICIAL_LETTER, "", "07/UBND"),
        (40, DocumentType.RULE, "", "40/QyĐ-UBND"),
        (41, DocumentType.SUBMISSION, "", "41/TTr-UBND"),
    ],
)
def test_symbols_follow_the_decree(number, doc_type, drafting, symbol):
    assert format_symbol(number=number, doc_type=doc_type, issuer="UBND", drafting_unit=drafting) == symbol


def test_outgoing_numbers_run_from_01_per_unit_and_year(tree, personas, chair_a, chair_b):
    first = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    second = register_outgoing(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        signer=chair_a,
        doc_type=DocumentType.OFFICIAL_LETTER,
        drafting_unit="VP",
    )
    in_b = register_outgoing(actor=chair_b.user, unit=tree.commune_b, signer=chair_b)
    next_year = register_outgoing(
        actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, issued_on=dt.date(2026, 1, 1)
    )
    assert [first.symbol, second.symbol, in_b.symbol, next_year.symbol] == [
        "01/QĐ-UBND",
        "02/UBND-VP",
        "01/QĐ-UBND",
        "01/QĐ-UBND",
    ]
    assert (next_year.year, next_year.number) == (2026, 1)


def test_confidential_outgoing_documents_have_their_own_numbers(tree, personas, chair_a):
    """Decree 30/2020/NĐ-CP, Article 15.2: "Văn bản mật được cấp hệ thống số riêng"."""
    regular = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    secret = register_outgoing(
        actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, confidentiality=Confidentiality.SECRET
    )
    after = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    assert [(d.series, d.number) for d in (regular, secret, after)] == [
        (Series.REGULAR, 1),
        (Series.CONFIDENTIAL, 1),
        (Series.REGULAR, 2),
    ]


def test_a_cancelled_number_stays_and_is_never_reused(tree, personas, chair_a):
    first = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    cancelled = outgoing_cancel(actor=personas.one_stop_a, document=first, reason="Văn bản không ban hành")
    following = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    assert (cancelled.status, cancelled.cancel_reason) == (OutgoingStatus.CANCELLED, "Văn bản không ban hành")
    assert following.number == 2
    assert list(OutgoingDocument.objects.order_by("number").values_list("number", "status")) == [
        (1, OutgoingStatus.CANCELLED),
        (2, OutgoingStatus.REGISTERED),
    ]
    assert [e.kind for e in DocumentEvent.objects.filter(outgoing=first)] == [
        EventKind.OUTGOING_REGISTERED,
        EventKind.OUTGOING_CANCELLED,
    ]
    assert (
        AuditEvent.objects.filter(action="documents.outgoing_cancelled", object_id=str(first.pk)).count() == 1
    )
    with pytest.raises(ActionNotAllowed) as caught:
        outgoing_cancel(actor=personas.one_stop_a, document=first, reason="Lần nữa")
    assert caught.value.message == "Số 01/QĐ-UBND đã được hủy trước đó."
    assert DocumentEvent.objects.filter(outgoing=first).count() == 2


def test_cancelling_needs_a_reason(tree, personas, chair_a):
    document = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    with pytest.raises(ValidationError) as caught:
        outgoing_cancel(actor=personas.one_stop_a, document=document, reason="  ")
    assert caught.value.message_dict == {"reason": ["Cần ghi lý do hủy số văn bản."]}
    document.refresh_from_db()
    assert document.status == OutgoingStatus.REGISTERED


def test_a_number_out_of_sequence_is_refused_and_the_number_stays_free(tree, personas, chair_a):
    register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    with pytest.raises(ValidationError) as caught:
        register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, expected_number=1)
    assert caught.value.message_dict == {
        "number": [
            "Số 01 không còn là số tiếp theo của sổ văn bản đi năm 2025: số tiếp theo là 02. "
            "Hãy kiểm tra lại trước khi ghi số lên văn bản."
        ]
    }
    assert OutgoingDocument.objects.count() == 1
    again = register_outgoing(
        actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, expected_number=2
    )
    assert again.symbol == "02/QĐ-UBND"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"recipients": ""}, "recipients", "Cần ghi nơi nhận văn bản."),
        (
            {"drafting_unit": "VP"},
            "drafting_unit",
            "Chỉ công văn, thư công mới ghi ký hiệu đơn vị soạn thảo sau tên cơ quan.",
        ),
        (
            {"issued_on": dt.date(2099, 1, 1)},
            "issued_on",
            "Ngày ban hành không được sau ngày hôm nay: chỉ cấp số cho văn bản đã ký.",
        ),
        ({"confidentiality": "noi_bo"}, "confidentiality", "Độ mật không hợp lệ."),
    ],
)
def test_bad_outgoing_input_is_refused_and_no_number_is_taken(
    tree, personas, chair_a, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, **overrides)
    assert caught.value.message_dict[field] == [message]
    assert OutgoingDocument.objects.count() == 0
    assert register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a).number == 1


def test_the_signer_must_lead_the_issuing_unit(tree, personas, handler_a, chair_b):
    for signer in (handler_a, chair_b):
        with pytest.raises(ValidationError) as caught:
            register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=signer)
        assert caught.value.message_dict == {
            "signer": [f"{signer.full_name} không phải lãnh đạo của Xã Phú Sơn vào ngày ban hành."]
        }
    assert OutgoingDocument.objects.count() == 0


def test_a_signed_copy_must_be_a_pdf(tree, personas, chair_a):
    png = SimpleUploadedFile("chu-ky.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, content_type="image/png")
    from reformdesk.core.uploads import CheckedFile

    fake = CheckedFile(upload=png, content_type="image/png", sha256="0" * 64, size=16)
    with pytest.raises(ValidationError) as caught:
        register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, signed_pdf=fake)
    assert caught.value.message_dict == {"signed_pdf": ["Bản ký phải là tệp PDF."]}
    stored = register_outgoing(
        actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, signed_pdf=check_upload(pdf_upload())
    )
    assert stored.signed_pdf.name.startswith(f"documents/outgoing/{tree.commune_a.pk}/2025/regular-00001-")


def test_a_department_needs_its_abbreviation(tree, personas):
    office = make_unit(name="Văn phòng HĐND và UBND", parent=tree.district, kind=UnitKind.DEPARTMENT)
    from reformdesk.org.choices import Role
    from reformdesk.org.tests.factories import make_official

    head = make_official(unit=office, role=Role.LEADER, username="chanhvp", full_name="Võ Thị Hằng")
    with pytest.raises(ValidationError) as caught:
        register_outgoing(actor=head.user, unit=office, signer=head)
    assert caught.value.message_dict == {
        "unit": ["Văn phòng HĐND và UBND chưa có chữ viết tắt tên cơ quan để ghi ký hiệu văn bản."]
    }
    IssuerAbbreviation.objects.create(unit=office, abbreviation="VP")
    assert register_outgoing(actor=head.user, unit=office, signer=head).symbol == "01/QĐ-VP"
