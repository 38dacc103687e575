"""Full-text search over the registers: metadata and the text of the PDFs, without diacritics.

The same data and the same queries give the same entries on SQLite (FTS5) and on PostgreSQL
(full-text and trigram): this module runs on both (``make test`` and ``.ci/run``) with one table
of expected answers, so a difference between the databases fails one of the two runs."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reformdesk.core.pdf import font_face_css
from reformdesk.core.tests.helpers import sign_in
from reformdesk.core.uploads import check_upload
from reformdesk.documents import selectors
from reformdesk.documents.choices import DocumentType
from reformdesk.documents.models import SearchEntry
from reformdesk.documents.searchtext import pdf_text, query_terms, words_of
from reformdesk.documents.tests.factories import PDF_BYTES, receive, register_outgoing
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

BODY = (
    "Ủy ban nhân dân xã đề nghị các thôn rà soát hộ nghèo, hộ cận nghèo năm 2025 "
    "và gửi danh sách về Văn phòng trước ngày 15 tháng 12."
)


def _pdf(text: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=f"<p style='font-family: Tinos, TinosVietnamese'>{text}</p>").write_pdf(
        stylesheets=[CSS(string=font_face_css())]
    )


@pytest.fixture
def registers(tree, personas):
    """Three incoming entries (one with a PDF whose text is BODY, one at commune B) and two
    outgoing ones."""
    scan = check_upload(SimpleUploadedFile("cv.pdf", _pdf(BODY), content_type="application/pdf"))
    first = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    with_pdf = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        sender="Phòng Lao động – Thương binh và Xã hội huyện Tân Kỳ",
        original_symbol="88/PLĐTBXH",
        document_date=dt.date(2025, 11, 20),
        doc_type=DocumentType.OFFICIAL_LETTER,
        summary="V/v rà soát hộ nghèo cuối năm",
        scan=scan,
    )
    invitation = receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        sender="Huyện ủy Tân Kỳ",
        original_symbol="05/GM-HU",
        doc_type=DocumentType.INVITATION,
        summary="Mời dự hội nghị tổng kết công tác năm 2025",
    )
    chair = Official.objects.get(user=personas.chair_a)
    decision = register_outgoing(actor=personas.one_stop_a, unit=tree.commune_a, signer=chair)
    letter = register_outgoing(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        signer=chair,
        doc_type=DocumentType.REPORT,
        summary="Báo cáo kết quả rà soát hộ nghèo năm 2025",
        recipients="- UBND huyện Tân Kỳ;\n- Lưu: VT.",
    )
    return {"first": first, "pdf": with_pdf, "invitation": invitation, "decision": decision, "report": letter}


def test_words_are_folded_and_cut_the_same_way_for_the_index_and_the_query():
    assert words_of("Số: 125/HD-PNV", "Đăng ký") == "so 125 hd pnv dang ky"
    assert query_terms("  ĐĂNG   ký/KẾT-hôn đăng ") == ["dang", "ky", "ket", "hon"]
    assert query_terms("\u200b\x00") == []


def test_the_text_of_an_uploaded_pdf_is_extracted_and_indexed(registers):
    assert "rà soát hộ nghèo" in pdf_text(BytesIO(_pdf(BODY)))
    assert pdf_text(BytesIO(PDF_BYTES)) == ""  # no text layer: registered, not searchable by content
    entry = SearchEntry.objects.get(incoming=registers["pdf"])
    assert "danh sach ve van phong truoc ngay 15 thang 12" in entry.words
    assert entry.body_chars > 0 and entry.names == "phong lao dong thuong binh va xa hoi huyen tan ky"


# One table of answers for both databases: (register, query, keys of the expected entries).
CASES = [
    ("incoming", "chi so cai cach", ["first"]),  # metadata, without diacritics
    ("incoming", "CHỈ SỐ Cải Cách", ["first"]),  # with them, any case
    ("incoming", "danh sach van phong", ["pdf"]),  # only in the PDF's text
    ("incoming", "ho ngheo", ["pdf"]),
    ("incoming", "hoi ngh tong", ["invitation"]),  # a word's beginning
    ("incoming", "125/HD-PNV", ["first"]),  # a symbol, cut like the index
    ("incoming", "thuong binh", ["pdf"]),
    ("incoming", "uong binh", ["pdf"]),  # part of a name (trigram): "th-uong binh"
    ("incoming", "uong", ["pdf"]),
    ("incoming", "ngh", ["invitation", "pdf"]),  # beginning of "nghi", "ngheo"
    ("incoming", "ng", ["invitation", "pdf"]),  # two letters: word beginnings only
    ("incoming", "tan ky", ["first", "invitation", "pdf"]),
    ("incoming", "dang ky ket hon", []),
    ("outgoing", "kien toan", ["decision"]),
    ("outgoing", "xuan cong", ["decision", "report"]),  # the signer Đinh Xuân Công
    ("outgoing", "ho ngheo 2025", ["report"]),
    ("outgoing", "luu vt", ["decision", "report"]),
]


@pytest.mark.parametrize(("register", "query", "expected"), CASES)
def test_the_same_answers_on_both_databases(registers, personas, register, query, expected):
    field = "incoming_id" if register == "incoming" else "outgoing_id"
    found = set(selectors.search_entries(register=register, query=query).values_list(field, flat=True))
    assert found == {registers[key].pk for key in expected}
    listed = selectors.incoming_list if register == "incoming" else selectors.outgoing_list
    assert set(listed(user=personas.chair_a, search=query).values_list("pk", flat=True)) == found


def test_search_never_shows_another_communes_entries(registers, tree, personas):
    other = receive(actor=personas.admin, unit=tree.commune_b, summary="Hướng dẫn rà soát hộ nghèo")
    assert selectors.search_entries(register="incoming", query="ho ngheo").count() == 2
    mine = selectors.incoming_list(user=personas.chair_a, search="ho ngheo")
    assert list(mine.values_list("pk", flat=True)) == [registers["pdf"].pk]
    assert other.pk not in mine.values_list("pk", flat=True)


def test_the_register_page_searches_the_pdf_text(registers, personas):
    client = sign_in(Client(), personas.chair_a)
    page = client.get("/staff/documents/incoming/", {"q": "danh sach thon"}).content.decode()
    assert "88/PLĐTBXH" in page and "125/HD-PNV" not in page
