"""The import benchmark: a deterministic workbook of n synthetic procedures, and the time to import it.

``make bench`` reports ``catalog_import_5000`` from :func:`measure_import`. Synthetic procedures use
national codes 9.000001, 9.000002, … (no real procedure code starts with 9) and fields ``BENCH01``–
``BENCH20`` defined in the workbook itself, so the file imports into any database, the demo one included.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from reformdesk.catalog.choices import Channel, PaperForm, StepKind
from reformdesk.catalog.importing.exporter import write_workbook
from reformdesk.catalog.importing.layout import FILING_METHODS, PAPERS, PROCEDURES, STEPS
from reformdesk.org.choices import Role, UnitKind

FIELDS = 20
CODE_PREFIX = "9."
PROCEDURE_NAME = "Thủ tục thử nghiệm số"
FIELD_NAME = "Lĩnh vực thử nghiệm"
_TOPICS = ("cấp giấy xác nhận", "đăng ký", "cấp lại", "điều chỉnh", "gia hạn", "thông báo", "hỗ trợ")
_OBJECTS = ("hộ kinh doanh", "nhà ở riêng lẻ", "tổ hợp tác", "trẻ em", "người cao tuổi", "công trình", "hội")


def synthetic_code(index: int) -> str:
    return f"{CODE_PREFIX}{index:06d}"


def synthetic_rows(n: int) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``n`` procedures, each with a version, three channels, three papers and three steps."""
    if not 0 < n <= 999_999:
        raise ValueError("n must be between 1 and 999999")
    rows: dict[str, list[dict[str, Any]]] = {
        PROCEDURES.key: [],
        FILING_METHODS.key: [],
        PAPERS.key: [],
        STEPS.key: [],
    }
    for i in range(1, n + 1):
        code = synthetic_code(i)
        field = i % FIELDS + 1
        days = Decimal(3 + i % 8)
        rows[PROCEDURES.key].append(
            {
                "national_code": code,
                "name_vi": f"{PROCEDURE_NAME} {i}: {_TOPICS[i % 7]} {_OBJECTS[(i // 7) % 7]}",
                "field_code": f"BENCH{field:02d}",
                "field_name": f"{FIELD_NAME} {field:02d}",
                "levels": ["commune"] if i % 3 else ["district", "commune"],
                "online_level": ("full", "partial", "none")[i % 3],
                "anywhere_in_province": i % 2 == 0,
                "is_active": True,
                "decision_number": f"{100 + i % 50}/QĐ-UBND",
                "decision_date": dt.date(2025, 6, 1 + i % 28),
                "effective_from": dt.date(2025, 7, 1),
                "implementing_agency": "Ủy ban nhân dân cấp xã",
                "deciding_agency": "Chủ tịch Ủy ban nhân dân cấp xã",
                "applicant_types": ["citizen", "organisation"] if i % 2 else ["citizen"],
                "result": "Giấy xác nhận",
                "legal_basis": "Nghị định số 118/2025/NĐ-CP",
            }
        )
        for channel in Channel:
            rows[FILING_METHODS.key].append(
                {
                    "national_code": code,
                    "channel": channel.value,
                    "time_limit_days": days,
                    "fee_vnd": (i % 5) * 10_000,
                    "fee_unit": "hồ sơ",
                }
            )
        papers = ("Tờ khai theo mẫu", "Giấy tờ tùy thân", "Giấy tờ chứng minh nội dung đề nghị")
        forms = (PaperForm.ORIGINAL, PaperForm.COPY_WITH_ORIGINAL, PaperForm.CERTIFIED_COPY)
        for order, (name, form) in enumerate(zip(papers, forms, strict=True), start=1):
            rows[PAPERS.key].append(
                {
                    "national_code": code,
                    "order": order,
                    "name_vi": name,
                    "form": form,
                    "quantity": 1,
                    "is_required": True,
                }
            )
        steps = (
            (StepKind.RECEIVE, "Tiếp nhận hồ sơ", Role.ONE_STOP, Decimal("0.5")),
            (StepKind.ASSESS, "Thẩm định hồ sơ", Role.SPECIALIST, days - 1),
            (StepKind.SIGN, "Ký kết quả", Role.LEADER, Decimal("0.5")),
        )
        for order, (kind, name, role, working_days) in enumerate(steps, start=1):
            rows[STEPS.key].append(
                {
                    "national_code": code,
                    "order": order,
                    "kind": kind,
                    "name_vi": name,
                    "role": role,
                    "unit_kind": UnitKind.COMMUNE,
                    "working_days": working_days,
                }
            )
    return rows


def make_workbook(path: str | Path, n: int) -> Path:
    """Write a valid workbook of ``n`` synthetic procedures to ``path``; the same ``n``, the same cells."""
    path = Path(path)
    write_workbook(path, synthetic_rows(n))
    return path


@dataclass(frozen=True)
class BenchResult:
    procedures: int
    seconds: float  # read, check and commit, as ``manage.py catalog_import FILE --commit`` does
    file_bytes: int


def measure_import(n: int = 5000, *, keep: bool = False) -> BenchResult:
    """Time importing ``n`` new synthetic procedures (commit included) into the current database.

    Procedures left by an earlier run are removed first; unless ``keep``, those of this run too.
    Setting up and cleaning up are not timed.
    """
    from reformdesk.catalog.importing.service import catalog_import

    _remove_synthetic()
    with tempfile.TemporaryDirectory() as directory:
        path = make_workbook(Path(directory) / f"catalog-bench-{n}.xlsx", n)
        data = path.read_bytes()
    started = time.perf_counter()
    report = catalog_import(data=data, filename=path.name, actor=None, commit=True)
    seconds = time.perf_counter() - started
    if not report.committed:
        raise RuntimeError(f"the bench workbook did not import: {report.errors[:3]}")
    if not keep:
        _remove_synthetic()
    return BenchResult(procedures=report.counts[PROCEDURES.key].create, seconds=seconds, file_bytes=len(data))


def _remove_synthetic() -> None:
    from reformdesk.catalog.models import Field, Procedure

    # Only what this module makes: its codes *and* its names, so no real row is ever touched.
    Procedure.objects.filter(
        national_code__startswith=CODE_PREFIX, name_vi__startswith=PROCEDURE_NAME
    ).delete()
    Field.objects.filter(
        code__regex=r"^BENCH[0-9]{2}$", name_vi__startswith=FIELD_NAME, procedures__isnull=True
    ).delete()
