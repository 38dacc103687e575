"""The catalog workbook's column layout, shared by the reader, the validator and the exporter.

The layout follows the national procedure database's record ("Mã thủ tục", "Số quyết định",
"Tên thủ tục", "Cấp thực hiện", "Lĩnh vực", "Cách thức thực hiện", "Thành phần hồ sơ", …): one sheet
for procedures and one each for filing methods, papers and steps, linked by the national code.
Headers and the words inside cells are part of the file format, so they are fixed Vietnamese text,
never translated; each column also has a stable English key, accepted as a header too.
docs/catalog-import.md describes every column.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import models
from django.utils import translation

from reformdesk.catalog.choices import (
    ApplicantType,
    Channel,
    LegacyOnlineLevel,
    Level,
    OnlineLevel,
    PaperForm,
    StepKind,
)
from reformdesk.core.text import fold
from reformdesk.org.choices import Role, UnitKind

# Kinds of cell a column holds (see validator.convert).
TEXT, CODE, INT, DECIMAL, DATE, BOOL, CHOICE, LIST = (
    "text",
    "code",
    "int",
    "decimal",
    "date",
    "bool",
    "choice",
    "list",
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    vocab: str = ""  # for CHOICE and LIST columns: a key of vocabularies()
    width: int = 18  # export column width, in characters


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


PROCEDURES = Sheet(
    "procedures",
    "Thủ tục",
    (
        Column("national_code", "Mã thủ tục", CODE, required=True, width=12),
        Column("local_code", "Mã thủ tục tại địa phương", CODE, width=26),
        Column("name_vi", "Tên thủ tục", required=True, width=60),
        Column("name_en", "Tên thủ tục (tiếng Anh)", width=40),
        Column("field_code", "Mã lĩnh vực", CODE, required=True, width=12),
        Column("field_name", "Lĩnh vực", width=30),
        Column("levels", "Cấp thực hiện", LIST, required=True, vocab="level", width=16),
        Column("online_level", "Mức độ dịch vụ công trực tuyến", CHOICE, vocab="online_level", width=18),
        Column("legacy_online_level", "Mức độ cũ (1-4)", CHOICE, vocab="legacy_online_level", width=10),
        Column("anywhere_in_province", "Tiếp nhận không phụ thuộc địa giới hành chính", BOOL, width=12),
        Column("is_active", "Đang áp dụng", BOOL, width=10),
        Column("decision_number", "Số quyết định công bố", width=18),
        Column("decision_date", "Ngày quyết định", DATE, width=12),
        Column("effective_from", "Hiệu lực từ ngày", DATE, width=12),
        Column("effective_to", "Hiệu lực đến ngày", DATE, width=12),
        Column("implementing_agency", "Cơ quan thực hiện", width=30),
        Column("deciding_agency", "Cơ quan có thẩm quyền", width=30),
        Column("applicant_types", "Đối tượng thực hiện", LIST, vocab="applicant_type", width=30),
        Column("steps_text", "Trình tự thực hiện", width=40),
        Column("conditions", "Yêu cầu, điều kiện thực hiện", width=40),
        Column("result", "Kết quả thực hiện", width=30),
        Column("legal_basis", "Căn cứ pháp lý", width=40),
    ),
)

FILING_METHODS = Sheet(
    "filing_methods",
    "Cách thức thực hiện",
    (
        Column("national_code", "Mã thủ tục", CODE, required=True, width=12),
        Column("channel", "Hình thức nộp", CHOICE, required=True, vocab="channel", width=18),
        Column("time_limit_days", "Thời hạn giải quyết (ngày làm việc)", DECIMAL, width=14),
        Column("time_limit_text", "Thời hạn giải quyết (diễn giải)", width=30),
        Column("fee_vnd", "Phí, lệ phí (đồng)", INT, width=12),
        Column("fee_unit", "Đơn vị tính phí", width=16),
        Column("fee_text", "Phí, lệ phí (diễn giải)", width=30),
    ),
)

PAPERS = Sheet(
    "papers",
    "Thành phần hồ sơ",
    (
        Column("national_code", "Mã thủ tục", CODE, required=True, width=12),
        Column("order", "Thứ tự", INT, required=True, width=8),
        Column("name_vi", "Tên giấy tờ", required=True, width=60),
        Column("form", "Loại bản", CHOICE, required=True, vocab="paper_form", width=22),
        Column("quantity", "Số lượng", INT, width=8),
        Column("is_required", "Bắt buộc", BOOL, width=8),
    ),
)

STEPS = Sheet(
    "steps",
    "Các bước xử lý",
    (
        Column("national_code", "Mã thủ tục", CODE, required=True, width=12),
        Column("order", "Bước", INT, required=True, width=6),
        Column("kind", "Loại bước", CHOICE, required=True, vocab="step_kind", width=16),
        Column("name_vi", "Tên bước", required=True, width=40),
        Column("role", "Vai trò thực hiện", CHOICE, required=True, vocab="role", width=22),
        Column("unit_kind", "Loại đơn vị thực hiện", CHOICE, required=True, vocab="unit_kind", width=22),
        Column("working_days", "Thời gian (ngày làm việc)", DECIMAL, required=True, width=12),
    ),
)

SHEETS: tuple[Sheet, ...] = (PROCEDURES, FILING_METHODS, PAPERS, STEPS)
CHILD_SHEETS: tuple[Sheet, ...] = (FILING_METHODS, PAPERS, STEPS)
SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}

# A list cell holds several words separated by ";" or line breaks (labels may contain commas).
LIST_SEPARATOR = "; "
TRUE_WORD, FALSE_WORD = "Có", "Không"
_TRUE = ("có", "x", "1", "true", "yes", "đúng")
_FALSE = ("không", "0", "false", "no", "sai")


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    # Cells of a choice column repeat the same few words thousands of times.
    return fold(text)


@dataclass(frozen=True)
class Vocabulary:
    """The words a CHOICE/LIST column accepts: each value's Vietnamese word first, then aliases."""

    words: dict[str, str]  # stored value (as text) -> the word written on export
    lookup: dict[str, str]  # folded word or alias -> stored value (as text)
    integer: bool = False  # the stored values are numbers (IntegerChoices)

    def value_of(self, text: str) -> str | int | None:
        value = self.lookup.get(_folded(text))
        if value is None or not self.integer:
            return value
        return int(value)

    def word_of(self, value: object) -> str:
        return self.words.get(str(value), str(value))


def _vocabulary(choices: type, aliases: dict[str, tuple[str, ...]] | None = None) -> Vocabulary:
    # The file speaks Vietnamese whatever the user's language: read the labels untranslated.
    with translation.override("vi"):
        words = {str(value): str(label) for value, label in choices.choices}  # type: ignore[attr-defined]
    lookup: dict[str, str] = {}
    for value, word in words.items():
        for alias in (word, value, *(aliases or {}).get(value, ())):
            key = fold(str(alias))
            if lookup.get(key, value) != value:
                raise ValueError(f"ambiguous alias {alias!r} in {choices.__name__}")
            lookup[key] = value
    return Vocabulary(words, lookup, integer=issubclass(choices, models.IntegerChoices))


@functools.cache
def vocabularies() -> dict[str, Vocabulary]:
    return {
        "level": _vocabulary(
            Level,
            {"province": ("tỉnh", "tinh"), "district": ("huyện", "huyen"), "commune": ("xã", "xa")},
        ),
        "online_level": _vocabulary(
            OnlineLevel,
            {
                "full": ("toàn trình", "dịch vụ công trực tuyến toàn trình"),
                "partial": ("một phần", "dịch vụ công trực tuyến một phần"),
                "none": ("không", "cung cấp thông tin trực tuyến"),
            },
        ),
        "legacy_online_level": _vocabulary(
            LegacyOnlineLevel, {str(n): (f"mức {n}", f"mức độ {n}") for n in (1, 2, 3, 4)}
        ),
        # The national export names the channels DIRECT, ONLINE and POSTAL.
        "channel": _vocabulary(
            Channel,
            {
                "1": ("DIRECT", "trực tiếp tại Bộ phận Một cửa"),
                "2": ("ONLINE", "trực tuyến"),
                "3": ("POSTAL", "bưu chính", "qua bưu chính"),
            },
        ),
        "paper_form": _vocabulary(
            PaperForm,
            {"certified_copy": ("bản sao chứng thực",), "copy_with_original": ("bản sao kèm bản chính",)},
        ),
        "applicant_type": _vocabulary(ApplicantType, {"citizen": ("công dân",)}),
        "step_kind": _vocabulary(StepKind),
        "role": _vocabulary(Role),
        "unit_kind": _vocabulary(
            UnitKind,
            {
                "province": ("tỉnh",),
                "district": ("huyện", "quận", "thị xã"),
                "commune": ("cấp xã",),
                "service_centre": ("trung tâm phục vụ hành chính công",),
            },
        ),
    }


_TRUE_KEYS = frozenset(fold(w) for w in _TRUE)
_FALSE_KEYS = frozenset(fold(w) for w in _FALSE)


def bool_of(text: str) -> bool | None:
    key = _folded(text)
    if key in _TRUE_KEYS:
        return True
    if key in _FALSE_KEYS:
        return False
    return None


def header_key(sheet: Sheet, header: str) -> str | None:
    """The column key a header names: its Vietnamese header or its English key, any case."""
    wanted = fold(header)
    for column in sheet.columns:
        if wanted in (fold(column.header), column.key):
            return column.key
    return None


def sheet_for_title(title: str) -> Sheet | None:
    wanted = fold(title)
    return next((s for s in SHEETS if wanted in (fold(s.title), s.key)), None)
