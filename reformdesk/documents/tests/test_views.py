"""The register pages: the registers with filters (query count pinned), registering through the
forms, one entry with its actions, the files, and who may see what."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.choices import Confidentiality, OutgoingStatus
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.documents.tests.factories import pdf_upload, receive, register_outgoing, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_the_register_page_lists_filters_and_searches(clerk, tree, personas):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        summary="Giấy mời dự hội nghị tổng kết",
        doc_type="giay_moi",
        original_symbol="05/GM-UBND",
    )
    page = clerk.get(reverse("documents:incoming"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "125/HD-PNV" in content and "05/GM-UBND" in content
    assert reverse("documents:incoming_new") in content
    searched = clerk.get(reverse("documents:incoming"), {"q": "hoi nghi"}).content.decode()
    assert "05/GM-UBND" in searched and "125/HD-PNV" not in searched
    by_type = clerk.get(
        reverse("documents:incoming"), {"doc_type": "huong_dan", "year": 2025}
    ).content.decode()
    assert "125/HD-PNV" in by_type and "05/GM-UBND" not in by_type


def test_the_register_page_costs_the_same_queries_for_one_entry_or_many(
    clerk, tree, personas, chair_a, django_assert_num_queries
):
    receive(actor=personas.one_stop_a, unit=tree.commune_a)
    register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    with django_assert_num_queries(7) as one:
        assert clerk.get(reverse("documents:incoming")).status_code == 200
    with django_assert_num_queries(7):
        assert clerk.get(reverse("documents:outgoing")).status_code == 200
    for _ in range(6):
        receive(actor=personas.one_stop_a, unit=tree.commune_a)
        register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    with django_assert_num_queries(len(one.captured_queries)):
        assert clerk.get(reverse("documents:incoming")).status_code == 200
    with django_assert_num_queries(len(one.captured_queries)):
        assert clerk.get(reverse("documents:outgoing")).status_code == 200


def test_registering_an_incoming_document_with_its_scan(clerk, tree, handler_a):
    response = clerk.post(
        reverse("documents:incoming_new"),
        {
            "unit": tree.commune_a.pk,
            "arrived_at": "01/12/2025 08:30",
            "sender": "Phòng Tư pháp huyện Tân Kỳ",
            "original_symbol": "88/PTP",
            "document_date": "28/11/2025",
            "doc_type": "cong_van",
            "summary": "Về việc tăng cường công tác chứng thực",
            "urgency": "normal",
            "confidentiality": "normal",
            "handler": handler_a.pk,
            "scan": pdf_upload("88-ptp.pdf"),
        },
    )
    document = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming_detail", args=[document.pk])
    assert (document.number, document.handler_id, document.scan_name) == (1, handler_a.pk, "88-ptp.pdf")
    scan = clerk.get(reverse("documents:incoming_scan", args=[document.pk]))
    assert (scan.status_code, scan["Content-Type"]) == (200, "application/pdf")
    detail = clerk.get(reverse("documents:incoming_detail", args=[document.pk])).content.decode()
    assert "Về việc tăng cường công tác chứng thực" in detail and 'data-testid="assign-form"' in detail


def test_a_scan_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(clerk, tree):
    response = clerk.post(
        reverse("documents:incoming_new"),
        {
            "unit": tree.commune_a.pk,
            "arrived_at": "01/12/2025 08:30",
            "sender": "Phòng Tư pháp huyện Tân Kỳ",
            "original_symbol": "88/PTP",
            "document_date": "28/11/2025",
            "doc_type": "cong_van",
            "summary": "Về việc tăng cường công tác chứng thực",
            "urgency": "normal",
            "confidentiality": "normal",
            "scan": pdf_upload("88-ptp.pdf", b"MZ\x90\x00this is an executable"),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["scan"] == [
        "Tệp “88-ptp.pdf” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp)."
    ]
    assert IncomingDocument.objects.count() == 0


def test_numbering_an_outgoing_document_shows_and_checks_the_next_number(clerk, tree, personas, chair_a):
    form = clerk.get(reverse("documents:outgoing_new"))
    assert form.context["next_number"] == 1
    body = {
        "unit": tree.commune_a.pk,
        "doc_type": "quyet_dinh",
        "summary": "Quyết định thành lập Tổ kiểm tra công vụ",
        "issued_on": "01/12/2025",
        "signer": chair_a.pk,
        "recipients": "- Như Điều 3;\n- Lưu: VT.",
        "urgency": "normal",
        "confidentiality": "normal",
        "expected_number": 1,
    }
    # Another clerk takes number 01 while the form is open.
    register_outgoing(actor=personas.chair_a, unit=tree.commune_a, signer=chair_a)
    refused = clerk.post(reverse("documents:outgoing_new"), body)
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == [
        "Số 01 không còn là số tiếp theo của sổ văn bản đi năm 2025: số tiếp theo là 02. "
        "Hãy kiểm tra lại trước khi ghi số lên văn bản."
    ]
    assert OutgoingDocument.objects.count() == 1
    body["expected_number"] = 2
    accepted = clerk.post(reverse("documents:outgoing_new"), body)
    assert accepted.status_code == 302
    assert OutgoingDocument.objects.order_by("number").last().symbol == "02/QĐ-UBND"


def test_cancelling_on_the_page(clerk, tree, personas, chair_a):
    document = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    empty = clerk.post(reverse("documents:outgoing_cancel", args=[document.pk]), {"reason": ""})
    assert empty.status_code == 400
    document.refresh_from_db()
    assert document.status == OutgoingStatus.REGISTERED
    done = clerk.post(reverse("documents:outgoing_cancel", args=[document.pk]), {"reason": "Ký nhầm người"})
    assert done.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.cancel_reason) == (OutgoingStatus.CANCELLED, "Ký nhầm người")
    page = clerk.get(reverse("documents:outgoing_detail", args=[document.pk])).content.decode()
    assert "Ký nhầm người" in page and 'data-testid="cancel-form"' not in page


@pytest.mark.parametrize(
    ("persona", "register", "status"),
    [
        ("one_stop_a", "incoming_new", 200),
        ("chair_a", "outgoing_new", 200),
        ("specialist_b", "incoming_new", 403),
        ("district_reform", "outgoing_new", 403),
        ("inspector", "incoming", 200),
        ("outsider", "incoming", 403),
    ],
)
def test_who_may_open_which_page(tree, personas, persona, register, status):
    client = sign_in(Client(), getattr(personas, persona))
    assert client.get(reverse(f"documents:{register}")).status_code == status


def test_pages_of_another_commune_or_uncleared_confidential_entries_are_404(
    tree, personas, chair_a, handler_a
):
    secret = receive(actor=personas.one_stop_a, unit=tree.commune_a, confidentiality=Confidentiality.SECRET)
    plain = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a, signed_pdf=None)
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(reverse("documents:outgoing_detail", args=[plain.pk])).status_code == 404
    assert (
        other.post(reverse("documents:outgoing_cancel", args=[plain.pk]), {"reason": "x"}).status_code == 404
    )
    colleague = sign_in(Client(), handler_a.user)
    assert colleague.get(reverse("documents:incoming_detail", args=[secret.pk])).status_code == 404
    assert "125/HD-PNV" not in colleague.get(reverse("documents:incoming")).content.decode()
    assert AccessLog.objects.filter(subject_id=str(secret.pk)).count() == 0
    chair = sign_in(Client(), personas.chair_a)
    assert chair.get(reverse("documents:incoming_detail", args=[secret.pk])).status_code == 200
    assert "125/HD-PNV" in chair.get(reverse("documents:incoming")).content.decode()
    logged = AccessLog.objects.filter(subject_id=str(secret.pk)).order_by("pk")
    assert list(logged.values_list("actor__username", "purpose")) == [
        ("chutich_a", "view"),
        ("chutich_a", "list"),
    ]


def test_the_navigation_links_the_registers(clerk, tree):
    page = clerk.get(reverse("documents:outgoing")).content.decode()
    assert f'href="{reverse("documents:incoming")}"' in page


def test_files_are_served_only_to_those_who_may_read_the_entry(tree, personas, chair_a, handler_a):
    from reformdesk.core.uploads import check_upload

    secret = register_outgoing(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        signer=chair_a,
        confidentiality=Confidentiality.SECRET,
        signed_pdf=check_upload(pdf_upload("qd-mat.pdf")),
    )
    url = reverse("documents:outgoing_pdf", args=[secret.pk])
    assert sign_in(Client(), handler_a.user).get(url).status_code == 404
    assert sign_in(Client(), personas.specialist_b).get(url).status_code == 404
    assert AccessLog.objects.filter(subject_id=str(secret.pk)).count() == 0
    served = sign_in(Client(), personas.chair_a).get(url)
    assert (served.status_code, served["Content-Type"]) == (200, "application/pdf")
    assert served["Content-Disposition"] == 'inline; filename="van-ban-di-2025-confidential-1.pdf"'
    assert list(AccessLog.objects.filter(subject_id=str(secret.pk)).values_list("purpose", flat=True)) == [
        "pdf"
    ]
    without = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    assert (
        sign_in(Client(), personas.chair_a)
        .get(reverse("documents:incoming_scan", args=[without.pk]))
        .status_code
        == 404
    )


def test_the_register_of_a_year_downloads_as_a_workbook(tree, personas, chair_a, handler_a):
    from io import BytesIO

    from openpyxl import load_workbook

    receive(actor=personas.one_stop_a, unit=tree.commune_a, handler=handler_a, summary="=HYPERLINK(1)")
    secret = receive(actor=personas.one_stop_a, unit=tree.commune_a, confidentiality=Confidentiality.SECRET)
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 1, 2))
    first = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    from reformdesk.documents.services import outgoing_cancel

    outgoing_cancel(actor=personas.one_stop_a, document=first, reason="Không ban hành")
    register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    chair = sign_in(Client(), personas.chair_a)
    response = chair.get(reverse("documents:export", args=["incoming"]), {"year": 2025})
    assert response["Content-Disposition"] == 'attachment; filename="so-van-ban-den-2025-000.30.31.H41.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert sheet["A1"].value == "Sổ đăng ký văn bản đến năm 2025 — Xã Phú Sơn"
    assert [row[:2] + row[5:7] + row[8:] for row in rows] == [
        ["01/12/2025", "01", "Hướng dẫn: =HYPERLINK(1)", "Lê Văn Tư", None],
        [
            "01/12/2025",
            "02",
            "Hướng dẫn: Hướng dẫn chấm điểm Chỉ số cải cách hành chính cấp xã năm 2025",
            None,
            "Mật",
        ],
    ]
    assert sheet["F4"].data_type == "s"
    assert list(AccessLog.objects.filter(subject_id=str(secret.pk)).values_list("purpose", flat=True)) == [
        "export"
    ]
    exported = chair.get(reverse("documents:export", args=["outgoing"]), {"year": 2025})
    out = load_workbook(BytesIO(exported.content)).active
    assert [[row[0].value, row[5].value] for row in out.iter_rows(min_row=4)] == [
        ["01/QĐ-UBND", "Đã hủy số: Không ban hành"],
        ["02/QĐ-UBND", None],
    ]
    assert chair.get(reverse("documents:export", args=["outgoing"]), {"year": "1999"}).status_code == 404
