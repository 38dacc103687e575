"""The demo catalog's facts and placeholders: what comes from the reference data and what is made up.

From ``catalog/data/procedures-reference.csv`` (417 real commune-level procedures, see its README):
national codes, official names, fields, the in-person time limit and fee where the record states
them plainly, and the publishing decision's number (read from the ``source`` column).

Made up for the demo, and flagged as such wherever a person can see it:

* **Field codes.** The reference data has field names only; codes are ``LV001``… given to the
  field names in Vietnamese alphabetical order (diacritics folded, :func:`field_codes`). They stay
  the same as long as the CSV's set of fields does.
* **Decision dates.** The CSV names each decision but not its date. Every current version uses
  :data:`PLACEHOLDER_DECISION_DATE` (1 July 2025, the start of two-tier local government, after
  which the snapshot was taken) as its decision date and its effective date.
* **The 2020 catalog.** The reference data is a 2025 snapshot; the real 2020 list of Tân Kỳ is not
  available. The demo rebuilds one so that the source report's figures (375 procedures in scope,
  282 on the portal, 36 at level 3, 339 at level 2) come out exactly: 366 reference procedures
  (those with pre-2021 style codes first, then in code order) get a reconstructed version in force
  from :data:`HISTORY_START` until 30 June 2025, and nine district-level demo procedures
  (:data:`DEMO_PROCEDURES`, codes ``9.9xxxxx``, names ending "minh họa") complete the district.
* **Online levels.** The reference data has none. :func:`demo_online_level` assigns a stable
  distribution from a hash of the code (roughly 25 % full, 35 % partial, 40 % none; civil status
  and certification 60 % full, 40 % partial). Legacy levels (2 or 3) are given only to the 2020
  catalog: the first 36 with a full online level, in code order, at level 3, the rest at level 2.
* **Publication.** Every current commune posts its procedures at its desk from 1 July 2025 (a few
  missing per commune) and on the portal on dates spread over the following months; in 2020 every
  old commune and the district posted everything at the desk, and 93 procedures reached the portal
  only after 26 October 2020 (see ``catalog.demo``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from reformdesk.core.text import fold

REFERENCE_CSV = Path(__file__).resolve().parent / "data" / "procedures-reference.csv"

PROVINCE_SUFFIX = "000.00.00.H41"  # Nghệ An: local procedure codes are <national code>.000.00.00.H41
PLACEHOLDER_DECISION_DATE = dt.date(2025, 7, 1)  # decision dates are not in the reference data
HISTORY_START = dt.date(2020, 1, 1)  # the demo history starts here
DISTRICT_LAST_DAY = dt.date(2025, 6, 30)
TWO_TIER_START = dt.date(2025, 7, 1)
REPORT_DATE = dt.date(2020, 10, 26)  # the source report (Báo Nghệ An)
HISTORY_DECISION = "Danh mục tái dựng năm 2020 (minh họa)"
DEMO_DECISION = "Dữ liệu minh họa, không phải quyết định công bố"

# The source report's figures for the former Tân Kỳ district on REPORT_DATE.
REPORT_IN_SCOPE = 375
REPORT_ON_PORTAL = 282
REPORT_LEVEL_3 = 36
REPORT_LEVEL_2 = 339
REPORT_PORTAL_LATE = (dt.date(2020, 12, 15), dt.date(2021, 6, 15))  # when the other 93 followed

# Units of the org demo (reformdesk.org.demo_data) the catalog is posted at.
PROVINCE_CODE = "000.00.00.H41"
PROVINCE_DESK_CODE = "000.04.00.H41"  # Trung tâm Phục vụ hành chính công tỉnh
DISTRICT_CODE = "000.00.30.H41"
DISTRICT_DESK_CODE = "000.30.09.H41"  # Bộ phận Tiếp nhận và Trả kết quả huyện Tân Kỳ

_DECISION = re.compile(r"publishing decision ([^)]+)\)")
# Codes numbered from about 2021 on (1.011xxx and later, 3.0004xx): left out of the 2020 catalog first.
_RECENT_CODE = re.compile(r"^(1\.01[1-9]|1\.1[0-9]{2}|3\.0004)")


@dataclass(frozen=True)
class ReferenceRow:
    """One row of the reference CSV, parsed."""

    national_code: str
    name_vi: str
    field_vi: str
    time_limit_days: Decimal | None
    fee_vnd: int | None
    decision_number: str

    @property
    def is_recent_code(self) -> bool:
        return bool(_RECENT_CODE.match(self.national_code))


def decision_number(source: str) -> str:
    """The publishing decision named in a ``source`` cell, e.g. ``163/QĐ-BTP``.

    The exports spell a few oddly: "Quyết định số 518/QĐ-BQP" loses its prefix, "168./QĐ-BNV"
    its stray dot; "QĐ2338-BTP" and "QĐ/0001-BTP" are kept as the record gives them.
    """
    match = _DECISION.search(source)
    if match is None:
        raise ValueError(f"no publishing decision in {source[:80]!r}")
    number = match.group(1).strip()
    number = re.sub(r"^Quyết định số\s+", "", number)
    return re.sub(r"^(\d+)\./", r"\1/", number)


MAX_NAME = 1000  # Procedure.name_vi


def clip_name(name: str) -> str:
    """Names longer than the model allows (one record has 919 characters) end at a word with "…"."""
    if len(name) <= MAX_NAME:
        return name
    return name[: MAX_NAME - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@cache
def reference_rows() -> tuple[ReferenceRow, ...]:
    """The 417 reference procedures, in the CSV's order."""
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            ReferenceRow(
                national_code=row["national_code"].strip(),
                name_vi=clip_name(" ".join(row["name_vi"].split())),
                field_vi=row["field_vi"].strip(),
                time_limit_days=Decimal(row["time_limit_working_days"])
                if row["time_limit_working_days"].strip()
                else None,
                fee_vnd=int(row["fee_vnd"]) if row["fee_vnd"].strip() else None,
                decision_number=decision_number(row["source"]),
            )
            for row in csv.DictReader(handle)
        )


def field_codes(names: set[str] | frozenset[str] | None = None) -> dict[str, str]:
    """``{field name: "LV001", …}``: codes in Vietnamese alphabetical order of the names."""
    if names is None:
        names = {row.field_vi for row in reference_rows()}
    ordered = sorted(names, key=lambda name: (fold(name), name))
    return {name: f"LV{index:03d}" for index, name in enumerate(ordered, start=1)}


def stable_hash(*parts: str) -> int:
    """A number from 0 to 9999 that depends only on ``parts`` (not on Python's hash seed)."""
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return int(digest[:8], 16) % 10_000


FULLY_ONLINE_FIELDS = frozenset({"Hộ tịch", "Chứng thực"})


def demo_online_level(code: str, field_vi: str) -> str:
    """The demo online level of a procedure (demo data, not fact; see the module docstring)."""
    bucket = stable_hash("online", code) % 100
    if field_vi in FULLY_ONLINE_FIELDS:
        return "full" if bucket < 60 else "partial"
    if bucket < 25:
        return "full"
    return "partial" if bucket < 60 else "none"


@dataclass(frozen=True)
class DemoProcedure:
    """A district- or province-level procedure made up for the demo (the reference data has none).

    ``until`` ends its only version (district procedures ended with the districts on 30/6/2025).
    """

    national_code: str
    name_vi: str
    field_vi: str
    at_province: bool
    at_district: bool
    time_limit_days: Decimal
    until: dt.date | None


_D = Decimal
DEMO_PROCEDURES: tuple[DemoProcedure, ...] = (
    DemoProcedure(
        "9.900001",
        "Đăng ký kết hôn có yếu tố nước ngoài tại cấp huyện (minh họa)",
        "Hộ tịch",
        False,
        True,
        _D(15),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900002",
        "Đăng ký khai sinh có yếu tố nước ngoài tại cấp huyện (minh họa)",
        "Hộ tịch",
        False,
        True,
        _D(3),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900003",
        "Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền của nước ngoài cấp, "
        "tại cấp huyện (minh họa)",
        "Chứng thực",
        False,
        True,
        _D(1),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900004",
        "Cấp Giấy chứng nhận đăng ký hộ kinh doanh tại cấp huyện (minh họa)",
        "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
        False,
        True,
        _D(3),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900005",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ tại cấp huyện (minh họa)",
        "Hoạt động xây dựng",
        False,
        True,
        _D(15),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900006",
        "Đăng ký đất đai, cấp Giấy chứng nhận lần đầu cho hộ gia đình, cá nhân tại cấp huyện (minh họa)",
        "Đất đai",
        False,
        True,
        _D(30),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900007",
        "Thực hiện trợ cấp xã hội hằng tháng theo quyết định của Chủ tịch UBND cấp huyện (minh họa)",
        "Bảo trợ xã hội",
        False,
        True,
        _D(20),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900008",
        "Thẩm định báo cáo kinh tế - kỹ thuật đầu tư xây dựng tại cấp huyện (minh họa)",
        "Hoạt động xây dựng",
        False,
        True,
        _D(20),
        DISTRICT_LAST_DAY,
    ),
    DemoProcedure(
        "9.900009",
        "Giải quyết chế độ ưu đãi người có công tại cấp huyện và cấp tỉnh (minh họa)",
        "Người có công",
        True,
        True,
        _D(40),
        None,
    ),
    DemoProcedure(
        "9.900010",
        "Cấp Giấy chứng nhận quyền sử dụng đất cho tổ chức tại cấp tỉnh (minh họa)",
        "Đất đai",
        True,
        False,
        _D(20),
        None,
    ),
    DemoProcedure(
        "9.900011",
        "Cấp giấy phép xây dựng công trình cấp I, cấp II tại cấp tỉnh (minh họa)",
        "Hoạt động xây dựng",
        True,
        False,
        _D(20),
        None,
    ),
    DemoProcedure(
        "9.900012",
        "Giao đất, cho thuê đất đối với tổ chức tại cấp tỉnh (minh họa)",
        "Đất đai",
        True,
        False,
        _D(30),
        None,
    ),
)


def history_codes() -> list[str]:
    """The reference procedures in the rebuilt 2020 catalog: the district's 375 less its own
    district-level demo procedures; pre-2021 style codes first, then in code order."""
    district_own = sum(1 for p in DEMO_PROCEDURES if p.at_district)
    wanted = REPORT_IN_SCOPE - district_own
    ranked = sorted(reference_rows(), key=lambda row: (row.is_recent_code, row.national_code))
    return [row.national_code for row in ranked[:wanted]]
