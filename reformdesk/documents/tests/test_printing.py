"""The printed registers: a PDF book per unit and year, beside the Excel workbook, with the same
entries; confidential entries only for those who may read them, each read logged."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.choices import Confidentiality
from reformdesk.documents.services import outgoing_cancel
from reformdesk.documents.tests.factories import receive, register_outgoing, vn

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(content)).pages]


def test_the_incoming_register_prints_with_a_cover_and_the_entries(tree, personas, handler_a):
    receive(actor=personas.one_stop_a, unit=tree.commune_a, handler=handler_a)
    secret = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        original_symbol="12/CV-CA",
        confidentiality=Confidentiality.SECRET,
        at=vn(2025, 12, 3, 10),
    )
    receive(actor=personas.one_stop_a, unit=tree.commune_a, at=vn(2026, 1, 2))  # next year's book
    chair = sign_in(Client(), personas.chair_a)
    response = chair.get(reverse("documents:print", args=["incoming"]), {"year": 2025})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="so-van-ban-den-2025-000.30.31.H41.pdf"'
    cover, *pages = _text(response.content)
    assert "UBND XÃ PHÚ SƠN" in cover and "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover and "Năm 2025" in cover
    assert "Từ ngày 01/12/2025 đến ngày 03/12/2025" in cover and "Từ số 01 đến số 02" in cover
    body = " ".join(pages)
    assert "Ngày đến Số đến Tác giả" in body
    assert "125/HD-PNV" in body and "Lê Văn Tư" in body and "12/CV-CA" in body and "Mật" in body
    assert list(AccessLog.objects.filter(subject_id=str(secret.pk)).values_list("purpose", flat=True)) == [
        "print"
    ]
    # The specialist of commune A reads the register but not the confidential entry.
    reader = sign_in(Client(), handler_a.user)
    assert "12/CV-CA" not in " ".join(
        _text(reader.get(reverse("documents:print", args=["incoming"])).content)
    )


def test_the_outgoing_register_prints_cancelled_numbers_with_their_reason(tree, personas, chair_a):
    first = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    outgoing_cancel(actor=personas.one_stop_a, document=first, reason="Không ban hành")
    register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair_a)
    chair = sign_in(Client(), personas.chair_a)
    register_page = chair.get(reverse("documents:outgoing"), {"year": 2025}).content.decode()
    assert 'href="/staff/documents/outgoing/register.pdf?year=2025"' in register_page
    cover, *pages = _text(chair.get(reverse("documents:print", args=["outgoing"]), {"year": 2025}).content)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in cover and "Từ số 01 đến số 02" in cover
    body = " ".join(pages)
    assert "01/QĐ-UBND" in body and "Đã hủy số: Không ban hành" in body and "02/QĐ-UBND" in body


def test_an_empty_year_prints_an_empty_book_and_a_bad_year_is_a_404(tree, personas):
    chair = sign_in(Client(), personas.chair_a)
    _cover, *pages = _text(chair.get(reverse("documents:print", args=["incoming"]), {"year": 2025}).content)
    assert "Chưa có văn bản nào trong sổ." in " ".join(pages)
    assert chair.get(reverse("documents:print", args=["incoming"]), {"year": "1999"}).status_code == 404
    assert chair.get(reverse("documents:print", args=["other"])).status_code == 404
    assert (
        sign_in(Client(), personas.outsider).get(reverse("documents:print", args=["incoming"])).status_code
        == 403
    )
