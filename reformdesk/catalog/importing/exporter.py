"""Writing the catalog in the import layout.

One row per procedure with the version in force today (or, when none is, the latest one), and
that version's filing methods, papers and steps (those of sub-cases are not part of the layout).
Codes are written as text so spreadsheet programs keep their zeros; dates as dates; choices as the
Vietnamese words the import reads back. ``write_workbook`` is shared with the test and bench helpers
so that every workbook made here has exactly the import's layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import Prefetch
from django.utils import timezone

from reformdesk.catalog.importing.layout import (
    BOOL,
    CHOICE,
    DATE,
    FALSE_WORD,
    FILING_METHODS,
    LIST,
    LIST_SEPARATOR,
    PAPERS,
    PROCEDURES,
    SHEETS,
    STEPS,
    TRUE_WORD,
    Column,
    vocabularies,
)
from reformdesk.catalog.importing.validator import VERSION_KEYS
from reformdesk.catalog.models import FilingMethod, Procedure, ProcedureVersion, RequiredPaper, StepTemplate
from reformdesk.core.downloads import excel_text

DATE_FORMAT = "DD/MM/YYYY"


def cell_value(column: Column, value: Any) -> Any:
    """The value to write in a cell of ``column`` for a Python ``value``."""
    if value is None or value == "" or value == []:
        return None
    if column.kind == BOOL:
        return TRUE_WORD if value else FALSE_WORD
    if column.kind == CHOICE:
        return vocabularies()[column.vocab].word_of(value)
    if column.kind == LIST:
        vocabulary = vocabularies()[column.vocab]
        return LIST_SEPARATOR.join(vocabulary.word_of(v) for v in value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_workbook(target: str | Path | IO[bytes], rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> None:
    """Write a workbook of the layout's four sheets; ``rows[sheet key]`` are dicts by column key."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[_letter(index)].width = column.width
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(worksheet, value=column.header)
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for values in rows.get(sheet.key, ()):
            worksheet.append([_cell(worksheet, c, cell_value(c, values.get(c.key))) for c in sheet.columns])
    workbook.save(target)


def _cell(worksheet: Any, column: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if column.kind == DATE and isinstance(value, dt.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        # Text from the catalog is never a formula in the file (the import refuses formulas anyway).
        return excel_text(WriteOnlyCell(worksheet), value)
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def exported_version(versions: Sequence[ProcedureVersion], today: dt.date) -> ProcedureVersion | None:
    """The version a procedure row carries: the one in force ``today``, else the latest."""
    for version in versions:
        if version.effective_from <= today and (
            version.effective_to is None or version.effective_to >= today
        ):
            return version
    return max(versions, key=lambda v: (v.effective_from, v.pk), default=None)


def catalog_rows(today: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """The whole catalog as layout rows (a handful of queries, whatever its size)."""
    today = today or timezone.localdate()
    versions = ProcedureVersion.objects.order_by("-effective_from", "-id").prefetch_related(
        Prefetch("filing_methods", FilingMethod.objects.filter(case__isnull=True).order_by("channel")),
        Prefetch("papers", RequiredPaper.objects.filter(case__isnull=True).order_by("sort_order", "id")),
        Prefetch("steps", StepTemplate.objects.filter(case__isnull=True).order_by("order")),
    )
    procedures = (
        Procedure.objects.select_related("field")
        .prefetch_related(Prefetch("versions", versions))
        .order_by("national_code")
    )
    rows: dict[str, list[dict[str, Any]]] = {sheet.key: [] for sheet in SHEETS}
    for procedure in procedures:
        code = procedure.national_code
        row: dict[str, Any] = {
            "national_code": code,
            "local_code": procedure.local_code,
            "name_vi": procedure.name_vi,
            "name_en": procedure.name_en,
            "field_code": procedure.field.code,
            "field_name": procedure.field.name_vi,
            "levels": procedure.levels,
            "online_level": procedure.online_level,
            "legacy_online_level": procedure.legacy_online_level,
            "anywhere_in_province": procedure.anywhere_in_province,
            "is_active": procedure.is_active,
        }
        version = exported_version(list(procedure.versions.all()), today)
        rows[PROCEDURES.key].append(row)
        if version is None:
            continue
        row.update({key: getattr(version, key) for key in VERSION_KEYS})
        for method in version.filing_methods.all():
            rows[FILING_METHODS.key].append(
                {"national_code": code, **{k: getattr(method, k) for k in _METHOD_KEYS}}
            )
        for order, paper in enumerate(version.papers.all(), start=1):
            rows[PAPERS.key].append(
                {"national_code": code, "order": order, **{k: getattr(paper, k) for k in _PAPER_KEYS}}
            )
        for step in version.steps.all():
            rows[STEPS.key].append({"national_code": code, **{k: getattr(step, k) for k in _STEP_KEYS}})
    return rows


_METHOD_KEYS = ("channel", "time_limit_days", "time_limit_text", "fee_vnd", "fee_unit", "fee_text")
_PAPER_KEYS = ("name_vi", "form", "quantity", "is_required")
_STEP_KEYS = ("order", "kind", "name_vi", "role", "unit_kind", "working_days")


def catalog_export(*, target: str | Path | IO[bytes], today: dt.date | None = None) -> int:
    """Write the catalog to ``target`` (a path or a binary stream); returns the procedures written."""
    rows = catalog_rows(today)
    write_workbook(target, rows)
    return len(rows[PROCEDURES.key])
