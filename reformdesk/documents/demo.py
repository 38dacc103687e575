"""Demo registers: a year of incoming and outgoing documents at the seven communes.

Deterministic (seeded by the run day) and written in bulk: each commune receives one to four
documents a working day from the province's bodies and sends zero to three, numbered from 1 each
calendar year as the decree says, with their "registered" (and "passed to a handler") event rows,
their search rows and the counters set to the last number given, so that the next registration on
the pages continues the sequence. A few incoming documents are confidential, a few outgoing numbers
are cancelled. Loading twice changes nothing: communes whose registers already hold documents are
skipped.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from reformdesk.documents.choices import (
    Confidentiality,
    DocumentType,
    EventKind,
    OutgoingStatus,
    Register,
    Series,
    Urgency,
)
from reformdesk.documents.models import (
    DocumentEvent,
    IncomingDocument,
    OutgoingDocument,
    RegisterCounter,
    SearchEntry,
)
from reformdesk.documents.searchtext import words_of
from reformdesk.documents.services import format_symbol
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role
from reformdesk.org.models import Membership, Official, Unit
from reformdesk.worktime.selectors import VN_TZ

# (sender, its symbol's abbreviation, type, summary)
INCOMING = [
    (
        "UBND tỉnh Nghệ An",
        "UBND-KSTT",
        DocumentType.OFFICIAL_LETTER,
        "V/v đẩy mạnh thực hiện dịch vụ công trực tuyến toàn trình",
    ),
    (
        "UBND tỉnh Nghệ An",
        "KH-UBND",
        DocumentType.PLAN,
        "Kế hoạch cải cách hành chính tỉnh Nghệ An năm {year}",
    ),
    (
        "Sở Nội vụ tỉnh Nghệ An",
        "SNV-CCHC",
        DocumentType.OFFICIAL_LETTER,
        "V/v tự đánh giá, chấm điểm Chỉ số cải cách hành chính cấp xã năm {year}",
    ),
    (
        "Sở Nội vụ tỉnh Nghệ An",
        "HD-SNV",
        DocumentType.GUIDANCE,
        "Hướng dẫn đánh giá, xếp loại chất lượng cán bộ, công chức năm {year}",
    ),
    (
        "Văn phòng UBND tỉnh Nghệ An",
        "VP-KSTT",
        DocumentType.OFFICIAL_LETTER,
        "V/v báo cáo tình hình tiếp nhận, giải quyết thủ tục hành chính quý",
    ),
    (
        "Sở Tài chính tỉnh Nghệ An",
        "STC-NS",
        DocumentType.OFFICIAL_LETTER,
        "V/v hướng dẫn lập dự toán ngân sách xã năm {next_year}",
    ),
    (
        "Sở Tư pháp tỉnh Nghệ An",
        "STP-HCTP",
        DocumentType.OFFICIAL_LETTER,
        "V/v tăng cường công tác đăng ký, quản lý hộ tịch trên địa bàn",
    ),
    (
        "Sở Nông nghiệp và Môi trường tỉnh Nghệ An",
        "SNNMT-TL",
        DocumentType.OFFICIAL_LETTER,
        "V/v chủ động phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão",
    ),
    (
        "Sở Y tế tỉnh Nghệ An",
        "SYT-NVY",
        DocumentType.OFFICIAL_LETTER,
        "V/v tăng cường phòng, chống dịch sốt xuất huyết trên địa bàn",
    ),
    (
        "Công an tỉnh Nghệ An",
        "CAT-PC06",
        DocumentType.OFFICIAL_LETTER,
        "V/v làm sạch dữ liệu dân cư phục vụ Đề án 06",
    ),
    (
        "Bảo hiểm xã hội tỉnh Nghệ An",
        "BHXH-QLT",
        DocumentType.OFFICIAL_LETTER,
        "V/v phát triển người tham gia bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình",
    ),
    (
        "Ban Thường vụ Tỉnh ủy Nghệ An",
        "CT-TU",
        DocumentType.DIRECTIVE,
        "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ",
    ),
    (
        "Sở Nội vụ tỉnh Nghệ An",
        "GM-SNV",
        DocumentType.INVITATION,
        "Giấy mời dự hội nghị tập huấn nghiệp vụ công tác văn thư, lưu trữ",
    ),
    (
        "UBND tỉnh Nghệ An",
        "QĐ-UBND",
        DocumentType.DECISION,
        "Quyết định công bố danh mục thủ tục hành chính được chuẩn hóa thuộc thẩm quyền giải quyết"
        " của UBND cấp xã",
    ),
    (
        "Thanh tra tỉnh Nghệ An",
        "TB-TTr",
        DocumentType.NOTICE,
        "Thông báo kết luận thanh tra công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    ),
]
CONFIDENTIAL_INCOMING = [
    (
        "Công an tỉnh Nghệ An",
        "CAT-PA01",
        DocumentType.OFFICIAL_LETTER,
        "V/v bảo đảm an ninh, trật tự trên địa bàn trong dịp lễ, Tết",
    ),
    (
        "Bộ Chỉ huy Quân sự tỉnh Nghệ An",
        "BCH-TM",
        DocumentType.PLAN,
        "Kế hoạch diễn tập khu vực phòng thủ năm {year}",
    ),
]
# (type, drafting unit for a công văn, summary, recipients)
OUTGOING = [
    (
        DocumentType.REPORT,
        "",
        "Báo cáo kết quả công tác cải cách hành chính quý",
        "- Sở Nội vụ tỉnh Nghệ An;\n- Lưu: VT.",
    ),
    (
        DocumentType.DECISION,
        "",
        "Quyết định kiện toàn Tổ công tác cải cách hành chính xã",
        "- Như Điều 3;\n- Lưu: VT.",
    ),
    (
        DocumentType.PLAN,
        "",
        "Kế hoạch kiểm tra công vụ, kỷ luật, kỷ cương hành chính năm {year}",
        "- Các công chức;\n- Lưu: VT.",
    ),
    (
        DocumentType.OFFICIAL_LETTER,
        "VP",
        "V/v đôn đốc các thôn thu nộp thuế sử dụng đất phi nông nghiệp",
        "- Các thôn, bản;\n- Lưu: VT, VP.",
    ),
    (
        DocumentType.OFFICIAL_LETTER,
        "TP",
        "V/v rà soát hồ sơ đăng ký hộ tịch tồn đọng",
        "- Công chức Tư pháp – Hộ tịch;\n- Lưu: VT.",
    ),
    (
        DocumentType.NOTICE,
        "",
        "Thông báo lịch tiếp công dân của Chủ tịch UBND xã",
        "- Niêm yết tại trụ sở;\n- Lưu: VT.",
    ),
    (DocumentType.REPORT, "", "Báo cáo tình hình kinh tế – xã hội tháng", "- UBND tỉnh Nghệ An;\n- Lưu: VT."),
    (DocumentType.INVITATION, "", "Giấy mời họp giao ban công tác tháng", "- Các công chức;\n- Lưu: VT."),
]
CANCEL_REASON = "Văn bản không ban hành do thay đổi nội dung chỉ đạo"


@dataclass(frozen=True)
class DemoWindow:
    """The demo year: working days from ``start`` to ``end`` (the day before the run), never
    before the seven communes exist."""

    start: dt.date
    end: dt.date
    seed: int


def demo_window(today: dt.date | None = None) -> DemoWindow:
    today = today or timezone.localdate()
    start = max(today - dt.timedelta(days=365), org_data.TWO_TIER_START)
    return DemoWindow(start=start, end=today - dt.timedelta(days=1), seed=int(today.strftime("%Y%m%d")))


def communes() -> list[Unit]:
    return list(
        Unit.objects.filter(code__in=[code for code, _n, _e in org_data.NEW_COMMUNES]).order_by("code")
    )


def _working_days(window: DemoWindow) -> list[dt.date]:
    days, day = [], window.start
    while day <= window.end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _staff(unit: Unit, on: dt.date) -> tuple[list[Official], list[Official], list[Official]]:
    """The commune's leaders, its one-stop officers (who keep the registers) and its specialists."""
    rows = (
        Membership.objects.active_on(on)
        .filter(unit=unit, official__is_active=True)
        .select_related("official")
    )
    by_role: dict[str, list[Official]] = {}
    for membership in rows.order_by("official__employee_code"):
        by_role.setdefault(membership.role, []).append(membership.official)
    return by_role.get(Role.LEADER, []), by_role.get(Role.ONE_STOP, []), by_role.get(Role.SPECIALIST, [])


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(rng.choice([7, 8, 9, 10, 13, 14, 15]), rng.randint(0, 59)), tzinfo=VN_TZ
    )


def _seed_unit(unit: Unit, window: DemoWindow, rng: random.Random) -> tuple[int, int]:
    leaders, clerks, specialists = _staff(unit, window.end)
    if not leaders or not specialists:
        return 0, 0
    counters: dict[tuple[str, int], int] = {}
    incoming: list[IncomingDocument] = []
    outgoing: list[OutgoingDocument] = []
    for day in _working_days(window):
        for _ in range(rng.randint(1, 4)):
            at = _at(day, rng)
            secret = rng.random() < 0.03
            sender, abbreviation, doc_type, summary = rng.choice(
                CONFIDENTIAL_INCOMING if secret else INCOMING
            )
            key = (Register.INCOMING, day.year)
            counters[key] = counters.get(key, 0) + 1
            handled = secret or rng.random() < 0.7
            handler = rng.choice(specialists) if handled else None
            incoming.append(
                IncomingDocument(
                    unit=unit,
                    year=day.year,
                    number=counters[key],
                    arrived_at=at,
                    sender=sender,
                    original_symbol=f"{rng.randint(10, 4800)}/{abbreviation}",
                    document_date=day - dt.timedelta(days=rng.randint(1, 5)),
                    doc_type=doc_type,
                    summary=summary.format(year=day.year, next_year=day.year + 1),
                    urgency=Urgency.URGENT if rng.random() < 0.08 else Urgency.NORMAL,
                    confidentiality=Confidentiality.SECRET if secret else Confidentiality.NORMAL,
                    handler=handler,
                    handling_due_on=day + dt.timedelta(days=rng.choice([5, 7, 10, 14])) if handler else None,
                    registered_at=at + dt.timedelta(minutes=rng.randint(5, 90)),
                    search_text=words_of(summary)[:800],
                )
            )
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
            doc_type, drafting, summary, recipients = rng.choice(OUTGOING)
            key = (Register.OUTGOING, day.year)
            counters[key] = counters.get(key, 0) + 1
            at = _at(day, rng)
            cancelled = rng.random() < 0.02
            outgoing.append(
                OutgoingDocument(
                    unit=unit,
                    year=day.year,
                    series=Series.REGULAR,
                    number=counters[key],
                    symbol=format_symbol(
                        number=counters[key], doc_type=doc_type, issuer="UBND", drafting_unit=drafting
                    ),
                    doc_type=doc_type,
                    drafting_unit=drafting,
                    summary=summary.format(year=day.year),
                    issued_on=day,
                    signer=leaders[0] if rng.random() < 0.6 else rng.choice(leaders),
                    recipients=recipients,
                    status=OutgoingStatus.CANCELLED if cancelled else OutgoingStatus.REGISTERED,
                    cancel_reason=CANCEL_REASON if cancelled else "",
                    cancelled_at=at + dt.timedelta(hours=2) if cancelled else None,
                    registered_at=at,
                    search_text=words_of(summary)[:800],
                )
            )
    IncomingDocument.objects.bulk_create(incoming, batch_size=1000)
    OutgoingDocument.objects.bulk_create(outgoing, batch_size=1000)
    # bulk_create gives ids back on both databases (SQLite ≥ 3.35 and PostgreSQL).
    clerk = clerks[0] if clerks else None
    events: list[DocumentEvent] = []
    entries: list[SearchEntry] = []
    for document in incoming:
        events.append(
            DocumentEvent(
                incoming=document,
                kind=EventKind.INCOMING_REGISTERED,
                at=document.registered_at,
                actor_official=clerk,
                data={},
            )
        )
        if document.handler is not None:
            events.append(
                DocumentEvent(
                    incoming=document,
                    kind=EventKind.HANDLER_ASSIGNED,
                    at=document.registered_at + dt.timedelta(hours=1),
                    actor_official=leaders[0],
                    to_official=document.handler,
                    data={
                        "due_on": document.handling_due_on.isoformat() if document.handling_due_on else None
                    },
                )
            )
        entries.append(
            SearchEntry(
                incoming=document,
                register=Register.INCOMING,
                unit=unit,
                year=document.year,
                words=words_of(document.original_symbol, document.sender, document.summary),
                names=words_of(document.sender)[:400],
            )
        )
    for document in outgoing:
        events.append(
            DocumentEvent(
                outgoing=document,
                kind=EventKind.OUTGOING_REGISTERED,
                at=document.registered_at,
                actor_official=clerk,
                to_official=document.signer,
                data={},
            )
        )
        if document.is_cancelled:
            events.append(
                DocumentEvent(
                    outgoing=document,
                    kind=EventKind.OUTGOING_CANCELLED,
                    at=document.cancelled_at,
                    actor_official=clerk,
                    note=CANCEL_REASON,
                    data={},
                )
            )
        entries.append(
            SearchEntry(
                outgoing=document,
                register=Register.OUTGOING,
                unit=unit,
                year=document.year,
                words=words_of(
                    document.symbol, document.signer.full_name, document.summary, document.recipients
                ),
                names=words_of(document.signer.full_name)[:400],
            )
        )
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    RegisterCounter.objects.bulk_create(
        [
            RegisterCounter(unit=unit, register=register, year=year, last=last)
            for (register, year), last in counters.items()
        ]
    )
    return len(incoming), len(outgoing)


@transaction.atomic
def seed() -> list[str]:
    window = demo_window()
    totals = [0, 0]
    for index, unit in enumerate(communes()):
        if (
            IncomingDocument.objects.filter(unit=unit).exists()
            or OutgoingDocument.objects.filter(unit=unit).exists()
        ):
            continue
        received, sent = _seed_unit(unit, window, random.Random(window.seed + index))  # noqa: S311 - demo data
        totals[0] += received
        totals[1] += sent
    if not any(totals):
        return []
    return [f"Document registers: {totals[0]} incoming and {totals[1]} outgoing documents."]
