"""Checking a read file against the layout and the models, before anything is written.

Every problem found is reported with its sheet, row and column; checking goes on after a problem so
that one upload shows them all. The checks: sheets and headers (missing, renamed, unknown or
repeated columns), formulas, each cell's type and vocabulary, the models' own field validation
(lengths, code patterns, decimal places, date order), codes repeated in the file, field codes and
unit codes unknown to the database, and rows of the other sheets that no procedure row owns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from reformdesk.catalog.importing.cells import CellError, convert, is_formula
from reformdesk.catalog.importing.layout import (
    CHILD_SHEETS,
    FILING_METHODS,
    PAPERS,
    PROCEDURES,
    STEPS,
    Sheet,
    header_key,
    sheet_for_title,
)
from reformdesk.catalog.importing.reader import RawFile, RawSheet
from reformdesk.catalog.importing.report import ImportReport
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.catalog.services import VERSION_FIELDS
from reformdesk.org.models import Unit

VERSION_KEYS = VERSION_FIELDS  # a version's own columns are the fields its services write
_LEVEL_FLAGS = {"province": "at_province", "district": "at_district", "commune": "at_commune"}


@dataclass
class ChildRow:
    """One row of the filing-methods, papers or steps sheet: its number and its model values."""

    row: int
    values: dict[str, Any]
    instance: Any = None  # the model instance validated from ``values`` (no version yet)


@dataclass
class ProcedureRecord:
    """One procedures row with its version and the rows the other sheets hold for it.

    A child list is None when its sheet is not in the file (a CSV): that data is left as it is.
    """

    row: int
    national_code: str
    field_code: str
    procedure: dict[str, Any]
    version: dict[str, Any] | None
    methods: list[ChildRow] | None = None
    papers: list[ChildRow] | None = None
    steps: list[ChildRow] | None = None
    # The validated, unsaved model instances (no field, no procedure yet), reused by a bulk insert.
    procedure_instance: Any = None
    version_instance: Any = None


@dataclass
class ParsedFile:
    records: list[ProcedureRecord]
    field_names: dict[str, str] = field(default_factory=dict)  # field code -> name given in the file
    sheets: set[str] = field(default_factory=set)


# --- sheets ------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """A sheet's rows converted to {column key: value}; rows with a bad cell are left out."""

    sheet: Sheet
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    refused_codes: set[str] = field(default_factory=set)  # national codes of the rows left out


def _map_headers(sheet: Sheet, raw: RawSheet, report: ImportReport) -> dict[int, str] | None:
    positions: dict[int, str] = {}
    seen: dict[str, int] = {}
    ok = True
    for index, header in enumerate(raw.headers):
        if header is None:
            continue
        key = header_key(sheet, header)
        if key is None:
            report.add(sheet.key, 1, header, _("Cột không có trong mẫu (đã đổi tên hoặc thêm mới?)."))
            ok = False
        elif key in seen:
            report.add(sheet.key, 1, key, _("Cột bị lặp lại."))
            ok = False
        else:
            seen[key] = index
            positions[index] = key
    for column in sheet.columns:
        if column.key not in seen:
            report.add(sheet.key, 1, column.key, _("Thiếu cột này (hoặc cột đã bị đổi tên)."))
            ok = False
    return positions if ok else None


def _convert_sheet(sheet: Sheet, raw: RawSheet, report: ImportReport) -> _Rows | None:
    positions = _map_headers(sheet, raw, report)
    if positions is None:
        return None
    index_of = {key: index for index, key in positions.items()}
    result = _Rows(sheet)
    for number, cells in raw.rows:
        values: dict[str, Any] = {}
        row_ok = True
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            key = positions.get(index)
            if is_formula(cell):
                report.add(
                    sheet.key,
                    number,
                    key or "",
                    _(
                        "Ô chứa công thức (bắt đầu bằng “=”). "
                        "Chỉ nhận giá trị; hãy dán đặc biệt dạng giá trị."
                    ),
                )
                row_ok = False
            elif key is None:
                report.add(sheet.key, number, "", _("Ô có dữ liệu nằm ngoài các cột có tiêu đề."))
                row_ok = False
        for column in sheet.columns:
            key, index = column.key, index_of[column.key]
            cell = cells[index] if index < len(cells) else None
            if is_formula(cell):
                continue
            try:
                values[key] = convert(column, cell)
            except CellError as exc:
                report.add(sheet.key, number, key, str(exc))
                row_ok = False
        if row_ok:
            result.rows.append((number, values))
        elif values.get("national_code"):
            result.refused_codes.add(values["national_code"])
    return result


def _model_errors(
    report: ImportReport, sheet: Sheet, row: int, error: ValidationError, rename: dict[str, str]
) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            report.add(sheet.key, row, "", message)
        return
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else rename.get(name, name)
        if column and column not in {c.key for c in sheet.columns}:
            column = ""
        for message in messages:
            report.add(sheet.key, row, column, message)


def _check_model(
    report: ImportReport,
    sheet: Sheet,
    row: int,
    instance: models.Model,
    exclude: Iterable[str],
    rename: dict[str, str] | None = None,
) -> models.Model | None:
    """The model's own field validation (no database queries): the instance, or None after reporting."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        _model_errors(report, sheet, row, exc, rename or {})
        return None
    return instance


def _procedure_record(number: int, values: dict[str, Any], report: ImportReport) -> ProcedureRecord | None:
    levels = values["levels"]
    procedure = {
        "name_vi": values["name_vi"],
        "name_en": values["name_en"],
        "local_code": values["local_code"],
        **{flag: level in levels for level, flag in _LEVEL_FLAGS.items()},
        "online_level": values["online_level"] or "none",
        "legacy_online_level": values["legacy_online_level"],
        "anywhere_in_province": bool(values["anywhere_in_province"]),
        "is_active": values["is_active"] is not False,
    }
    procedure_instance = _check_model(
        report,
        PROCEDURES,
        number,
        Procedure(national_code=values["national_code"], **procedure),
        exclude=["field", "search_text"],
        rename=dict.fromkeys(_LEVEL_FLAGS.values(), "levels") | {"field": "field_code"},
    )
    ok = procedure_instance is not None
    version: dict[str, Any] | None = None
    version_instance = None
    if any(values[key] not in ("", None, []) for key in VERSION_KEYS):
        version = {key: values[key] for key in VERSION_KEYS}
        for key in ("decision_number", "decision_date", "effective_from"):
            if values[key] in ("", None):
                report.add(
                    PROCEDURES.key,
                    number,
                    key,
                    _(
                        "Cần ghi số quyết định, ngày quyết định và ngày có hiệu lực "
                        "khi khai thông tin công bố."
                    ),
                )
                ok = False
        if ok:
            version_instance = _check_model(
                report, PROCEDURES, number, ProcedureVersion(**version), exclude=["procedure"]
            )
            ok = version_instance is not None
    if not ok:
        return None
    return ProcedureRecord(
        row=number,
        national_code=values["national_code"],
        field_code=values["field_code"],
        procedure=procedure,
        version=version,
        procedure_instance=procedure_instance,
        version_instance=version_instance,
    )


def _child_values(sheet: Sheet, values: dict[str, Any]) -> dict[str, Any]:
    if sheet is FILING_METHODS:
        return {
            k: values[k]
            for k in ("channel", "time_limit_days", "time_limit_text", "fee_vnd", "fee_unit", "fee_text")
        }
    if sheet is PAPERS:
        return {
            "name_vi": values["name_vi"],
            "form": values["form"],
            "quantity": 1 if values["quantity"] is None else values["quantity"],
            "is_required": values["is_required"] is not False,
        }
    return {k: values[k] for k in ("kind", "name_vi", "role", "unit_kind", "working_days")}


def _child_model(sheet: Sheet, values: dict[str, Any], order: int) -> models.Model:
    if sheet is FILING_METHODS:
        return FilingMethod(**values)
    if sheet is PAPERS:
        return RequiredPaper(sort_order=order, **values)
    return StepTemplate(order=order, **values)


_CHILD_KEY = {FILING_METHODS.key: "channel", PAPERS.key: "order", STEPS.key: "order"}
_CHILD_ATTR = {FILING_METHODS.key: "methods", PAPERS.key: "papers", STEPS.key: "steps"}


def _attach_children(
    sheet: Sheet, rows: _Rows, by_code: dict[str, ProcedureRecord], bad_codes: set[str], report: ImportReport
) -> None:
    for owner in by_code.values():
        setattr(owner, _CHILD_ATTR[sheet.key], [])
    seen: dict[tuple[str, Any], int] = {}
    key_column = _CHILD_KEY[sheet.key]
    collected: dict[str, list[tuple[Any, ChildRow]]] = {}
    for number, values in rows.rows:
        code = values["national_code"]
        record = by_code.get(code)
        if record is None:
            if code not in bad_codes:
                report.add(
                    sheet.key,
                    number,
                    "national_code",
                    _("Mã thủ tục %(code)s không có trên trang “%(sheet)s”.")
                    % {"code": code, "sheet": PROCEDURES.title},
                )
            continue
        if record.version is None:
            report.add(
                sheet.key,
                number,
                "national_code",
                _("Thủ tục %(code)s chưa có số quyết định công bố trên trang “%(sheet)s”.")
                % {"code": code, "sheet": PROCEDURES.title},
            )
            continue
        identity = (code, values[key_column])
        if identity in seen:
            report.add(
                sheet.key,
                number,
                key_column,
                _("Trùng với dòng %(row)s (cùng mã thủ tục).") % {"row": seen[identity]},
            )
            continue
        seen[identity] = number
        child = ChildRow(number, _child_values(sheet, values))
        child.instance = _check_model(
            report,
            sheet,
            number,
            _child_model(sheet, child.values, values.get("order") or 0),
            exclude=["version", "case"],
            rename={"sort_order": "order"},
        )
        if child.instance is None:
            continue
        collected.setdefault(code, []).append((values[key_column], child))
    for code, children in collected.items():
        children.sort(key=lambda pair: pair[0])
        setattr(by_code[code], _CHILD_ATTR[sheet.key], [child for _key, child in children])


def _check_codes(records: list[ProcedureRecord], rows: _Rows, report: ImportReport) -> set[str]:
    """National codes repeated in the file; local codes that are not their national code followed by
    the code of a known unit (so they cannot repeat either)."""
    bad: set[str] = set()
    first_row: dict[str, int] = {}
    for number, values in rows.rows:
        code = values["national_code"]
        if code in first_row:
            report.add(
                PROCEDURES.key,
                number,
                "national_code",
                _("Mã thủ tục %(code)s trùng với dòng %(row)s.") % {"code": code, "row": first_row[code]},
            )
            bad.add(code)
        else:
            first_row[code] = number
    unit_codes = {
        r.procedure["local_code"][len(r.national_code) + 1 :] for r in records if r.procedure["local_code"]
    }
    known_units = set(Unit.objects.filter(code__in=unit_codes).values_list("code", flat=True))
    for record in records:
        local = record.procedure["local_code"]
        if not local:
            continue
        if not local.startswith(record.national_code + "."):
            report.add(
                PROCEDURES.key,
                record.row,
                "local_code",
                _("Mã thủ tục tại địa phương phải bắt đầu bằng mã thủ tục %(code)s.")
                % {"code": record.national_code},
            )
            bad.add(record.national_code)
        elif local[len(record.national_code) + 1 :] not in known_units:
            report.add(
                PROCEDURES.key,
                record.row,
                "local_code",
                _("Mã đơn vị %(unit)s (trong mã thủ tục tại địa phương) không có trong danh sách đơn vị.")
                % {"unit": local[len(record.national_code) + 1 :]},
            )
            bad.add(record.national_code)
    return bad


def _check_fields(rows: _Rows, report: ImportReport) -> dict[str, str]:
    """Field codes must exist, or be given a name in the file; one code, one name."""
    names: dict[str, tuple[str, int]] = {}
    for number, values in rows.rows:
        code, name = values["field_code"], values["field_name"]
        if not name:
            continue
        if code in names and names[code][0] != name:
            report.add(
                PROCEDURES.key,
                number,
                "field_name",
                _("Lĩnh vực %(code)s đã được ghi tên khác ở dòng %(row)s.")
                % {"code": code, "row": names[code][1]},
            )
        else:
            names.setdefault(code, (name, number))
    codes = {values["field_code"] for _number, values in rows.rows}
    known = set(Field.objects.filter(code__in=codes).values_list("code", flat=True))
    for number, values in rows.rows:
        code = values["field_code"]
        if code not in known and code not in names:
            report.add(
                PROCEDURES.key,
                number,
                "field_code",
                _(
                    "Mã lĩnh vực %(code)s chưa có trong danh mục; "
                    "ghi tên lĩnh vực ở cột “%(column)s” để tạo mới."
                )
                % {"code": code, "column": PROCEDURES.column("field_name").header},
            )
    return {code: name for code, (name, _row) in names.items()}


def validate_file(raw: RawFile, report: ImportReport) -> ParsedFile | None:
    """Check ``raw`` completely; returns the parsed file, or None when ``report`` holds errors."""
    found: dict[str, RawSheet] = {}
    for raw_sheet in raw.sheets:
        sheet = sheet_for_title(raw_sheet.title)
        if sheet is None:
            report.notices.append(
                _("Trang “%(title)s” không thuộc mẫu nên được bỏ qua.") % {"title": raw_sheet.title}
            )
        elif sheet.key in found:
            report.add(sheet.key, None, "", _("Tệp có hai trang cùng tên."))
        else:
            found[sheet.key] = raw_sheet
    expected = (PROCEDURES,) if raw.kind == "csv" else (PROCEDURES, *CHILD_SHEETS)
    for sheet in expected:
        if sheet.key not in found:
            report.add(sheet.key, None, "", _("Thiếu trang này (hoặc trang đã bị đổi tên)."))
    report.sheets_in_file = [s.key for s in expected if s.key in found]
    converted = {key: _convert_sheet(sheet, found[key], report) for key, sheet in _layout(found)}
    procedures = converted.get(PROCEDURES.key)
    if procedures is None or (report.errors and not procedures.rows):
        return None
    for key, rows in converted.items():
        if rows is not None:
            report.counts[key].rows = len(found[key].rows)
    records: list[ProcedureRecord] = []
    for number, values in procedures.rows:
        record = _procedure_record(number, values, report)
        if record is not None:
            records.append(record)
    bad_codes = _check_codes(records, procedures, report)
    field_names = _check_fields(procedures, report)
    by_code = {r.national_code: r for r in records if r.national_code not in bad_codes}
    # Rows of the other sheets for a procedure whose own row was refused are not reported twice.
    bad_codes |= procedures.refused_codes | (
        {values["national_code"] for _n, values in procedures.rows} - set(by_code)
    )
    for sheet in CHILD_SHEETS:
        rows = converted.get(sheet.key)
        if rows is not None:
            _attach_children(sheet, rows, by_code, bad_codes, report)
    if report.errors:
        return None
    return ParsedFile(records=records, field_names=field_names, sheets=set(found))


def _layout(found: dict[str, RawSheet]) -> list[tuple[str, Sheet]]:
    return [(s.key, s) for s in (PROCEDURES, *CHILD_SHEETS) if s.key in found]
