"""Writing a checked file into the catalog, inside the caller's transaction.

Each procedure of the file is compared with the database first, so unchanged data is not written
(and a round trip writes nothing). Procedures already in the catalog change through
``catalog.services`` one by one, each in a savepoint: a refusal there (versions that overlap, steps
over the legal time limit) becomes a row error and the import goes on checking the rest. New
procedures, the bulk of a first import, are inserted in bulk by ``services.procedures_bulk_create``:
the model validation already ran in the validator, and the service applies the legal-time-limit
rule and writes the audit rows the one-by-one services write (same actions, same changes), so a
bulk-created procedure cannot be told from one created through ``services.procedure_create``.

A new version of a procedure closes the procedure's open-ended version that started before it: a
publishing decision replaces the previous one, and the national database's export carries only the
decision in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from reformdesk.catalog import services
from reformdesk.catalog.importing.layout import FILING_METHODS, PAPERS, PROCEDURES, STEPS, Sheet
from reformdesk.catalog.importing.report import ImportReport
from reformdesk.catalog.importing.validator import ChildRow, ParsedFile, ProcedureRecord, _model_errors
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.services.audit import Actor

BATCH = 500
_PROCEDURE_RENAME = {
    "at_province": "levels",
    "at_district": "levels",
    "at_commune": "levels",
    "field": "field_code",
}
_CHILD_RENAME = {"sort_order": "order"}


class _Refused(Exception):
    pass


# --- comparing with the database ---------------------------------------------------------------


def _method_key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[k] for k in ("time_limit_days", "time_limit_text", "fee_vnd", "fee_unit", "fee_text"))


def _methods_of(rows: Iterable[Any]) -> dict[int, tuple[Any, ...]]:
    return {int(m.channel): _method_key(vars(m)) for m in rows}


def _methods_in(children: Sequence[ChildRow]) -> dict[int, tuple[Any, ...]]:
    return {int(c.values["channel"]): _method_key(c.values) for c in children}


def _paper_key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[k] for k in ("name_vi", "form", "quantity", "is_required"))


def _step_key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[k] for k in ("kind", "name_vi", "role", "unit_kind", "working_days"))


def _load_existing(codes: list[str]) -> dict[str, Procedure]:
    """The procedures of the file already in the catalog, with their versions and case-less rows.

    The rows go to ``import_*`` attributes, never into the related managers' caches: the services
    read ``version.filing_methods`` afresh after changing it.
    """
    versions = ProcedureVersion.objects.prefetch_related(
        Prefetch("filing_methods", FilingMethod.objects.filter(case__isnull=True), to_attr="import_methods"),
        Prefetch("papers", RequiredPaper.objects.filter(case__isnull=True), to_attr="import_papers"),
        Prefetch("steps", StepTemplate.objects.filter(case__isnull=True), to_attr="import_steps"),
    )
    found: dict[str, Procedure] = {}
    for start in range(0, len(codes), BATCH):
        chunk = codes[start : start + BATCH]
        queryset = (
            Procedure.objects.filter(national_code__in=chunk)
            .select_related("field")
            .prefetch_related(Prefetch("versions", versions, to_attr="import_versions"))
        )
        found.update((p.national_code, p) for p in queryset)
    return found


def _match_version(versions: list[ProcedureVersion], data: dict[str, Any]) -> ProcedureVersion | None:
    """The version a row describes: the one with its decision number (and start date, if several)."""
    same = [v for v in versions if v.decision_number == data["decision_number"]]
    if len(same) == 1:
        return same[0]
    return next((v for v in same if v.effective_from == data["effective_from"]), None)


# --- fields ------------------------------------------------------------------------------------


def _apply_fields(parsed: ParsedFile, actor: Actor, report: ImportReport) -> dict[str, Field]:
    codes = sorted({r.field_code for r in parsed.records})
    fields = {f.code: f for f in Field.objects.filter(code__in=codes)}
    for code, name in sorted(parsed.field_names.items()):
        field = fields.get(code)
        if field is not None and field.name_vi == name:
            continue
        if field is None:
            report.fields_created += 1
        else:
            report.fields_updated += 1
        # The layout has no English name or order for fields: keep the ones the catalog has.
        fields[code] = services.field_upsert(
            actor=actor,
            code=code,
            name_vi=name,
            name_en=field.name_en if field else "",
            sort_order=field.sort_order if field else 0,
        )
    return fields


# --- procedures already in the catalog: through the services -----------------------------------


def _call(
    report: ImportReport,
    sheet: Sheet,
    row: int,
    rename: dict[str, str],
    service: Callable[..., Any],
    **kwargs: Any,
) -> Any:
    try:
        return service(**kwargs)
    except ValidationError as exc:
        _model_errors(report, sheet, row, exc, rename)
        raise _Refused from exc


def _first_row(children: Sequence[ChildRow] | None, fallback: int) -> int:
    return children[0].row if children else fallback


def _papers_keeping_files(
    children: Sequence[ChildRow], current: Sequence[RequiredPaper]
) -> list[dict[str, Any]]:
    """The file's papers, keeping the English name and form file of a paper of the same name."""
    unused = list(current)
    papers = []
    for child in children:
        values = dict(child.values)
        twin = next((p for p in unused if p.name_vi == values["name_vi"]), None)
        if twin is not None:
            unused.remove(twin)
            values.update(name_en=twin.name_en, form_file=twin.form_file.name or "")
        papers.append(values)
    return papers


def _update_existing(
    record: ProcedureRecord, procedure: Procedure, field: Field, *, actor: Actor, report: ImportReport
) -> None:
    row = record.row
    wanted = {**record.procedure, "field": field}
    changes = {name: value for name, value in wanted.items() if getattr(procedure, name) != value}
    changed = bool(changes)
    if changes:
        _call(
            report,
            PROCEDURES,
            row,
            _PROCEDURE_RENAME,
            services.procedure_update,
            actor=actor,
            procedure=procedure,
            **changes,
        )
    if record.version is None:
        report.counts[PROCEDURES.key].update += changed
        report.counts[PROCEDURES.key].unchanged += not changed
        return
    versions: list[ProcedureVersion] = procedure.import_versions  # type: ignore[attr-defined]
    version = _match_version(versions, record.version)
    new_version = version is None
    if version is None:
        start = record.version["effective_from"]
        for previous in versions:
            if previous.effective_to is None and previous.effective_from < start:
                _call(
                    report,
                    PROCEDURES,
                    row,
                    {},
                    services.version_update,
                    actor=actor,
                    version=previous,
                    effective_to=start - dt.timedelta(days=1),
                )
                report.versions_closed += 1
        version = _call(
            report,
            PROCEDURES,
            row,
            {},
            services.version_create,
            actor=actor,
            procedure=procedure,
            **record.version,
        )
        current_methods: list[FilingMethod] = []
        current_papers: list[RequiredPaper] = []
        current_steps: list[StepTemplate] = []
        changed = True
    else:
        version_changes = {k: v for k, v in record.version.items() if getattr(version, k) != v}
        if version_changes:
            _call(
                report,
                PROCEDURES,
                row,
                {},
                services.version_update,
                actor=actor,
                version=version,
                **version_changes,
            )
            changed = True
        current_methods = version.import_methods  # type: ignore[attr-defined]
        current_papers = version.import_papers  # type: ignore[attr-defined]
        current_steps = version.import_steps  # type: ignore[attr-defined]
    report.counts[PROCEDURES.key].update += changed
    report.counts[PROCEDURES.key].unchanged += not changed

    methods_changed = False
    if record.methods is not None:
        methods_changed = _methods_in(record.methods) != _methods_of(current_methods)
        _count(report, FILING_METHODS, new_version, methods_changed, record.methods)
        if methods_changed:
            _call(
                report,
                FILING_METHODS,
                _first_row(record.methods, row),
                {},
                services.filing_methods_set,
                actor=actor,
                version=version,
                methods=[c.values for c in record.methods],
            )
    if record.papers is not None:
        papers_changed = [_paper_key(c.values) for c in record.papers] != [
            _paper_key(vars(p)) for p in current_papers
        ]
        _count(report, PAPERS, new_version, papers_changed, record.papers)
        if papers_changed:
            _call(
                report,
                PAPERS,
                _first_row(record.papers, row),
                _CHILD_RENAME,
                services.papers_set,
                actor=actor,
                version=version,
                papers=_papers_keeping_files(record.papers, current_papers),
            )
    steps = record.steps
    if steps is not None:
        steps_changed = [_step_key(c.values) for c in steps] != [_step_key(vars(s)) for s in current_steps]
        _count(report, STEPS, new_version, steps_changed, steps)
        if steps_changed:
            _call(
                report,
                STEPS,
                _first_row(steps, row),
                _CHILD_RENAME,
                services.steps_set,
                actor=actor,
                version=version,
                steps=[c.values for c in steps],
            )
        elif methods_changed and steps:
            # The steps stay, but the time limit they must fit in has just changed.
            _check_step_total(report, version, steps)


def _count(
    report: ImportReport, sheet: Sheet, new_version: bool, changed: bool, rows: Sequence[ChildRow]
) -> None:
    counts = report.counts[sheet.key]
    if new_version:
        counts.create += bool(rows)
    elif changed:
        counts.update += 1
    else:
        counts.unchanged += 1


def _check_step_total(report: ImportReport, version: ProcedureVersion, steps: Sequence[ChildRow]) -> bool:
    total = sum((Decimal(c.values["working_days"]) for c in steps), Decimal(0))
    limit = services.legal_time_limit(version)
    if limit is not None and total > limit:
        report.add(
            STEPS.key,
            steps[0].row,
            "working_days",
            _(
                "Tổng thời gian các bước (%(total)s ngày làm việc) vượt thời hạn giải quyết "
                "theo quy định (%(limit)s ngày làm việc)."
            )
            % {"total": f"{total.normalize():f}", "limit": f"{limit.normalize():f}"},
        )
        return False
    return True


# --- new procedures: in bulk, through the services ------------------------------------------------


def _create_new(
    records: list[ProcedureRecord], fields: dict[str, Field], *, actor: Actor, report: ImportReport
) -> None:
    if not records:
        return
    items = []
    for record in records:
        # The instances the validator checked, now given their field; the service links the rest.
        procedure = record.procedure_instance
        procedure.field = fields[record.field_code]
        item = services.NewProcedure(procedure=procedure)
        if record.version is not None:
            item.version = record.version_instance
            item.methods = [c.instance for c in record.methods or []]
            item.papers = [c.instance for c in record.papers or []]
            item.steps = [c.instance for c in record.steps or []]
        items.append(item)
    try:
        services.procedures_bulk_create(actor=actor, items=items)
    except ValidationError as refusal:
        # The steps of these procedures exceed the time limit their channels set; nothing was written.
        for error in refusal.error_list:
            record = records[error.params["index"]]
            report.add(
                STEPS.key, _first_row(record.steps, record.row), "working_days", error.message % error.params
            )
        return
    report.counts[PROCEDURES.key].create += len(items)
    for sheet, children in ((FILING_METHODS, "methods"), (PAPERS, "papers"), (STEPS, "steps")):
        report.counts[sheet.key].create += sum(1 for item in items if getattr(item, children))


def apply_import(parsed: ParsedFile, *, actor: Actor, report: ImportReport) -> None:
    """Write ``parsed``; every refusal goes to ``report``. The caller owns the transaction and
    rolls it back when ``report`` has errors."""
    fields = _apply_fields(parsed, actor, report)
    existing = _load_existing([r.national_code for r in parsed.records])
    new_records = []
    for record in parsed.records:
        procedure = existing.get(record.national_code)
        if procedure is None:
            new_records.append(record)
            continue
        try:
            with transaction.atomic():
                _update_existing(record, procedure, fields[record.field_code], actor=actor, report=report)
        except _Refused:
            continue
    _create_new(new_records, fields, actor=actor, report=report)
