"""The sample catalog workbook and CSV that live with the import tests (see README.md here).

Twelve real commune-level procedures from ``catalog/data/procedures-reference.csv``: their codes,
official names, fields, publishing decisions, time limits and fees come from that file; dates,
papers, steps and the online channel are illustrative. ``python -m
reformdesk.catalog.tests.samples`` (with Django set up) rewrites the two files; a test checks that the
committed files still hold what :func:`sample_rows` builds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent
WORKBOOK = SAMPLES / "catalog-sample.xlsx"
CSV = SAMPLES / "catalog-sample.csv"
REFERENCE = SAMPLES.parents[1] / "data" / "procedures-reference.csv"
UNIT_CODE = "000.00.00.H41"  # Tỉnh Nghệ An, the province of the test tree and of the demo

CODES = (
    "1.001193",
    "1.001731",
    "1.004837",
    "1.004873",
    "1.012796",
    "1.013225",
    "2.000635",
    "2.000815",
    "2.000884",
    "2.001035",
    "2.002516",
    "2.002637",
)
FIELD_CODES = {
    "Hộ tịch": "HT",
    "Chứng thực": "CT",
    "Hoạt động xây dựng": "XD",
    "Bảo trợ xã hội": "BTXH",
    "Đất đai": "DD",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã": "HTX",
}
# The unit each national fee is charged per (procedures-reference README, "fee_vnd").
FEE_UNITS = {
    "2.000635": "bản sao",
    "2.002516": "lần",
    "2.000815": "trang",
    "2.000884": "trường hợp",
    "2.001035": "hợp đồng",
}
ONLINE = {"1.001193", "2.000635", "1.004873", "2.002516"}
PAPERS = {
    "1.001193": [
        ("Tờ khai đăng ký khai sinh theo mẫu", "original"),
        ("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh", "original"),
    ],
    "1.004873": [("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", "original")],
    "2.000815": [
        ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "original"),
        ("Bản sao cần chứng thực", "copy"),
    ],
    "2.001035": [
        ("Dự thảo hợp đồng, giao dịch", "original"),
        ("Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản", "copy_with_original"),
    ],
    "1.013225": [
        ("Đơn đề nghị cấp giấy phép xây dựng theo mẫu", "original"),
        ("Giấy tờ chứng minh quyền sử dụng đất", "certified_copy"),
        ("Bản vẽ thiết kế xây dựng", "copy"),
    ],
}


def _reference() -> dict[str, dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return {row["national_code"]: row for row in csv.DictReader(handle)}


def _steps(days: Decimal | None) -> list[tuple[str, str, str, Decimal]]:
    if days is None:
        return [("receive", "Tiếp nhận, kiểm tra hồ sơ", "one_stop", Decimal("0.5"))]
    if days < 1:
        return [
            ("receive", "Tiếp nhận hồ sơ", "one_stop", Decimal("0.1")),
            ("assess", "Công chức tư pháp - hộ tịch xử lý", "specialist", Decimal("0.2")),
            ("sign", "Lãnh đạo ký", "leader", Decimal("0.1")),
            ("return", "Trả kết quả", "one_stop", Decimal("0.1")),
        ]
    return [
        ("receive", "Tiếp nhận hồ sơ", "one_stop", Decimal("0.5")),
        ("assess", "Thẩm định hồ sơ", "specialist", days - 1),
        ("sign", "Lãnh đạo ký kết quả", "leader", Decimal("0.5")),
    ]


def sample_rows() -> dict[str, list[dict[str, Any]]]:
    """The sample as layout rows, in the order an export writes them (so an export equals it)."""
    reference = _reference()
    rows: dict[str, list[dict[str, Any]]] = {
        "procedures": [],
        "filing_methods": [],
        "papers": [],
        "steps": [],
    }
    for code in CODES:
        source = reference[code]
        decision = re.search(r"publishing decision ([^)\s;]+)", source["source"])
        days = Decimal(source["time_limit_working_days"]) if source["time_limit_working_days"] else None
        fee = int(source["fee_vnd"]) if source["fee_vnd"] else None
        rows["procedures"].append(
            {
                "national_code": code,
                "local_code": f"{code}.{UNIT_CODE}",
                "name_vi": source["name_vi"],
                "field_code": FIELD_CODES[source["field_vi"]],
                "field_name": source["field_vi"],
                "levels": ["commune"],
                "online_level": "partial" if code in ONLINE else "none",
                "anywhere_in_province": code in ONLINE,
                "is_active": True,
                "decision_number": decision.group(1) if decision else "",
                "decision_date": dt.date(2025, 7, 1),
                "effective_from": dt.date(2025, 7, 1),
                "implementing_agency": "Ủy ban nhân dân cấp xã",
                "applicant_types": ["citizen"] if code.startswith("1.00") else ["citizen", "organisation"],
                "legal_basis": f"Quyết định số {decision.group(1)}" if decision else "",
            }
        )
        for channel in (1, 2) if code in ONLINE else (1,):
            rows["filing_methods"].append(
                {
                    "national_code": code,
                    "channel": channel,
                    "time_limit_days": days,
                    "time_limit_text": "" if days is not None else "Trong ngày hoặc theo thỏa thuận",
                    "fee_vnd": fee,
                    "fee_unit": FEE_UNITS.get(code, "") if fee else "",
                    "fee_text": "Theo quy định của Hội đồng nhân dân tỉnh" if fee is None else "",
                }
            )
        for order, (name, form) in enumerate(PAPERS.get(code, [("Tờ khai theo mẫu", "original")]), start=1):
            rows["papers"].append(
                {
                    "national_code": code,
                    "order": order,
                    "name_vi": name,
                    "form": form,
                    "quantity": 1,
                    "is_required": True,
                }
            )
        for order, (kind, name, role, working_days) in enumerate(_steps(days), start=1):
            rows["steps"].append(
                {
                    "national_code": code,
                    "order": order,
                    "kind": kind,
                    "name_vi": name,
                    "role": role,
                    "unit_kind": "commune",
                    "working_days": working_days,
                }
            )
    return rows


def sample_csv_text(delimiter: str = ",") -> str:
    """The procedures sheet of the sample as CSV text (no byte-order mark)."""
    from reformdesk.catalog.importing.exporter import cell_value
    from reformdesk.catalog.importing.layout import PROCEDURES

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([c.header for c in PROCEDURES.columns])
    for row in sample_rows()["procedures"]:
        values = []
        for column in PROCEDURES.columns:
            value = cell_value(column, row.get(column.key))
            values.append(
                value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ("" if value is None else value)
            )
        writer.writerow(values)
    return out.getvalue()


def write_samples() -> None:
    """Rewrite the committed sample files (the CSV as Excel saves "CSV UTF-8": with a BOM)."""
    from reformdesk.catalog.importing.exporter import write_workbook

    write_workbook(WORKBOOK, sample_rows())
    CSV.write_bytes(("\ufeff" + sample_csv_text()).encode("utf-8"))


# --- helpers the import tests share --------------------------------------------------------------


def xlsx_bytes(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """A workbook in the import layout holding ``rows`` (by sheet key, then column key)."""
    from reformdesk.catalog.importing.exporter import write_workbook

    out = io.BytesIO()
    write_workbook(out, rows)
    return out.getvalue()


def raw_xlsx_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with exactly these sheets and cells (headers included), for malformed files."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, cells in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in cells:
            worksheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def layout_cells(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[Any]]]:
    """``rows`` as plain cells by sheet title (header row first), ready to be spoiled by a test."""
    from reformdesk.catalog.importing.exporter import cell_value
    from reformdesk.catalog.importing.layout import SHEETS

    return {
        sheet.title: [
            [c.header for c in sheet.columns],
            *([cell_value(c, row.get(c.key)) for c in sheet.columns] for row in rows.get(sheet.key, [])),
        ]
        for sheet in SHEETS
    }


def workbook_content(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's cell values, for comparing two workbooks."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return {
            ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets
        }
    finally:
        workbook.close()
