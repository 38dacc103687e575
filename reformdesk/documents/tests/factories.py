"""Register entries for the tests: a letter from the district arriving at a commune, and a
decision the commune's chair signed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from reformdesk.documents.choices import DocumentType
from reformdesk.documents.models import IncomingDocument, OutgoingDocument
from reformdesk.documents.services import incoming_register, outgoing_register
from reformdesk.dossiers.tests.factories import vn
from reformdesk.org.models import Official, Unit

__all__ = ["pdf_upload", "receive", "register_outgoing", "vn"]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "van-ban.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def receive(*, actor: User, unit: Unit, at: dt.datetime | None = None, **overrides: Any) -> IncomingDocument:
    """A guidance of the district's home-affairs office on the 2025 reform index, arrived at
    ``unit`` (Monday 1/12/2025 09:00 unless ``at``)."""
    values: dict[str, Any] = {
        "sender": "Phòng Nội vụ huyện Tân Kỳ",
        "original_symbol": "125/HD-PNV",
        "document_date": dt.date(2025, 11, 28),
        "doc_type": DocumentType.GUIDANCE,
        "summary": "Hướng dẫn chấm điểm Chỉ số cải cách hành chính cấp xã năm 2025",
    }
    values.update(overrides)
    return incoming_register(actor=actor, unit=unit, arrived_at=at or vn(2025, 12, 1, 9), **values)


def register_outgoing(
    *, actor: User, unit: Unit, signer: Official, issued_on: dt.date | None = None, **overrides: Any
) -> OutgoingDocument:
    """A decision of ``unit`` signed by ``signer`` (on 1/12/2025 unless ``issued_on``)."""
    values: dict[str, Any] = {
        "doc_type": DocumentType.DECISION,
        "summary": "Quyết định kiện toàn Tổ công tác cải cách hành chính xã",
        "recipients": "- Như Điều 3;\n- UBND huyện Tân Kỳ;\n- Lưu: VT.",
    }
    values.update(overrides)
    return outgoing_register(
        actor=actor, unit=unit, signer=signer, issued_on=issued_on or dt.date(2025, 12, 1), **values
    )
