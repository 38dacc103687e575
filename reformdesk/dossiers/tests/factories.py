"""A procedure ready for intake at a unit's desk, and applicants, for the dossier tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from reformdesk.catalog import services as catalog
from reformdesk.catalog.choices import Channel, PaperForm, PublicationPlace, StepKind
from reformdesk.catalog.models import Procedure, ProcedureVersion, RequiredPaper
from reformdesk.catalog.tests.factories import make_field, make_procedure, make_version
from reformdesk.dossiers.services import Applicant
from reformdesk.org.choices import Role, UnitKind
from reformdesk.org.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class DeskProcedure:
    procedure: Procedure
    version: ProcedureVersion
    papers: list[RequiredPaper]

    @property
    def required_ids(self) -> list[int]:
        return [p.pk for p in self.papers if p.is_required]


# Receive (0) → assess (2) → approve (0.5) → sign (0.5) → return (0): 3 working days.
STEPS = [
    (StepKind.RECEIVE, "Tiếp nhận hồ sơ", Role.ONE_STOP, "0"),
    (StepKind.ASSESS, "Thẩm định hồ sơ", Role.SPECIALIST, "2"),
    (StepKind.APPROVE, "Trình lãnh đạo phê duyệt", Role.LEADER, "0.5"),
    (StepKind.SIGN, "Ký kết quả", Role.LEADER, "0.5"),
    (StepKind.RETURN, "Trả kết quả", Role.ONE_STOP, "0"),
]


def desk_procedure(
    *,
    units: list[Unit],
    code: str = "1.001193",
    name: str = "Thủ tục đăng ký khai sinh",
    days: str = "3",
    steps: bool = True,
    anywhere: bool = False,
) -> DeskProcedure:
    """A commune procedure posted at ``units``' desks from 1/7/2025, with three papers (two
    required) and, when ``steps``, the five-step template above."""
    procedure = make_procedure(code=code, name=name, field=make_field(), anywhere_in_province=anywhere)
    version = make_version(procedure, days=None)
    catalog.filing_methods_set(
        actor=None,
        version=version,
        methods=[
            {"channel": Channel.IN_PERSON, "time_limit_days": Decimal(days), "fee_vnd": 0},
            {"channel": Channel.ONLINE, "time_limit_days": Decimal(days)},
        ],
    )
    papers = catalog.papers_set(
        actor=None,
        version=version,
        papers=[
            {"name_vi": "Tờ khai đăng ký khai sinh", "form": PaperForm.ORIGINAL},
            {"name_vi": "Giấy chứng sinh", "form": PaperForm.ORIGINAL},
            {"name_vi": "Văn bản ủy quyền", "form": PaperForm.CERTIFIED_COPY, "is_required": False},
        ],
    )
    if steps:
        catalog.steps_set(
            actor=None,
            version=version,
            steps=[
                {
                    "kind": k,
                    "name_vi": n,
                    "role": r,
                    "unit_kind": UnitKind.COMMUNE,
                    "working_days": Decimal(d),
                }
                for k, n, r, d in STEPS
            ],
        )
    for unit in units:
        catalog.publication_add(
            actor=None,
            procedure=procedure,
            unit=unit,
            place=PublicationPlace.DESK,
            published_on=dt.date(2025, 7, 1),
        )
    return DeskProcedure(procedure, version, papers)


def applicant(**overrides: str) -> Applicant:
    values = {
        "name": "Hoàng Văn Bình",
        "id_number": "040095001234",
        "phone": "0912 345 678",
        "email": "binh.hv@example.vn",
        "address": "Xóm 3, xã Phú Sơn, tỉnh Nghệ An",
    }
    values.update(overrides)
    return Applicant(**values)


def png_claiming(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header claims ``width`` × ``height`` pixels (a
    decompression bomb as Pillow sees it: the header is all it reads before refusing)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
