"""Writes on the procedure catalog. Each checks permissions, validates, saves and audits at once.

Only reform officers and administrators edit the catalog (``Perm.MANAGE_CATALOG``); the catalog is
provincial reference data, so the permission is checked on the acting unit given by the caller
(None means "anywhere": a grant over a whole subtree is needed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from reformdesk.catalog.cache import catalog_changed
from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import (
    Field,
    FilingMethod,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    Publication,
    RequiredPaper,
    StepTemplate,
)
from reformdesk.core.context import current_origin
from reformdesk.core.models import AuditEvent
from reformdesk.core.services.audit import Actor, audit_created, audit_record, diff, snapshot
from reformdesk.core.text import fold
from reformdesk.org.models import Unit
from reformdesk.org.permissions import Perm, require

PROCEDURE_FIELDS = (
    "name_vi",
    "name_en",
    "local_code",
    "field",
    "at_province",
    "at_district",
    "at_commune",
    "online_level",
    "legacy_online_level",
    "anywhere_in_province",
    "is_active",
)
VERSION_FIELDS = (
    "decision_number",
    "decision_date",
    "effective_from",
    "effective_to",
    "implementing_agency",
    "deciding_agency",
    "applicant_types",
    "steps_text",
    "conditions",
    "result",
    "legal_basis",
)
CASE_FIELDS = ("name_vi", "name_en", "time_limit_days")
BULK_BATCH = 500


def _check(actor: Actor, unit: Unit | None = None) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_CATALOG, unit)


def procedure_search_text(procedure: Procedure) -> str:
    """What public search matches for a procedure: its names, codes and field, folded."""
    parts = [
        procedure.name_vi,
        procedure.name_en,
        procedure.national_code,
        procedure.local_code,
        procedure.field.name_vi,
    ]
    return fold(" ".join(p for p in parts if p))


@transaction.atomic
def field_upsert(*, actor: Actor, code: str, name_vi: str, name_en: str = "", sort_order: int = 0) -> Field:
    _check(actor)
    field = Field.objects.filter(code=code).first() or Field(code=code)
    before = snapshot(field, ["name_vi", "name_en", "sort_order"]) if field.pk else None
    field.name_vi, field.name_en, field.sort_order = name_vi, name_en, sort_order
    field.full_clean()
    field.save()
    if before is None:
        audit_created(actor=actor, obj=field, fields=("code", "name_vi"), action="field.create")
    elif changes := diff(before, field):
        audit_record(actor=actor, action="field.update", obj=field, changes=changes)
    return field


@transaction.atomic
def procedure_create(*, actor: Actor, national_code: str, **fields: Any) -> Procedure:
    unknown = set(fields) - set(PROCEDURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown procedure fields: {sorted(unknown)}")
    _check(actor)
    procedure = Procedure(national_code=national_code, **fields)
    procedure.full_clean(exclude=["search_text"])
    procedure.search_text = procedure_search_text(procedure)
    procedure.save()
    audit_created(
        actor=actor, obj=procedure, fields=("national_code", "name_vi", "field"), action="procedure.create"
    )
    return procedure


@transaction.atomic
def procedure_update(*, actor: Actor, procedure: Procedure, **fields: Any) -> Procedure:
    unknown = set(fields) - set(PROCEDURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown procedure fields: {sorted(unknown)}")
    _check(actor)
    before = snapshot(procedure, fields)
    for name, value in fields.items():
        setattr(procedure, name, value)
    procedure.full_clean(exclude=["search_text"])
    changes = diff(before, procedure)
    if changes:
        procedure.search_text = procedure_search_text(procedure)
        procedure.save(update_fields=[*fields, "search_text"])
        audit_record(actor=actor, action="procedure.update", obj=procedure, changes=changes)
    return procedure


def _refuse_overlap(version: ProcedureVersion) -> None:
    others = ProcedureVersion.objects.filter(procedure_id=version.procedure_id).exclude(pk=version.pk)
    for other in others:
        if version.overlaps(other):
            raise ValidationError(
                {
                    "effective_from": _("Thời gian hiệu lực trùng với phiên bản theo quyết định %(number)s.")
                    % {"number": other.decision_number}
                }
            )


@transaction.atomic
def version_create(*, actor: Actor, procedure: Procedure, **fields: Any) -> ProcedureVersion:
    """Add a version. Its validity may not overlap another version of the same procedure."""
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown version fields: {sorted(unknown)}")
    _check(actor)
    version = ProcedureVersion(procedure=procedure, **fields)
    version.full_clean()
    _refuse_overlap(version)
    version.save()
    audit_created(
        actor=actor,
        obj=version,
        fields=("procedure", "decision_number", "effective_from", "effective_to"),
        action="procedure_version.create",
    )
    return version


@transaction.atomic
def version_update(*, actor: Actor, version: ProcedureVersion, **fields: Any) -> ProcedureVersion:
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown version fields: {sorted(unknown)}")
    _check(actor)
    before = snapshot(version, fields)
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    _refuse_overlap(version)
    changes = diff(before, version)
    if changes:
        version.save(update_fields=list(fields))
        audit_record(actor=actor, action="procedure_version.update", obj=version, changes=changes)
    return version


def legal_time_limit(version: ProcedureVersion, case: ProcedureCase | None = None) -> Decimal | None:
    """The time limit steps must fit in: the sub-case's own, else the in-person channel's."""
    if case is not None and case.time_limit_days is not None:
        return case.time_limit_days
    return _limit_of_channels(m for m in version.filing_methods.all() if m.case_id is None)


def _limit_of_channels(methods: Iterable[FilingMethod]) -> Decimal | None:
    """The in-person channel's time limit, else the first channel's that has one."""
    limits = {m.channel: m.time_limit_days for m in methods}
    return limits.get(Channel.IN_PERSON) or next((v for v in limits.values() if v is not None), None)


def _steps_over_limit(
    steps: Iterable[StepTemplate], limit: Decimal | None, **params: Any
) -> ValidationError | None:
    """The refusal of steps whose working time exceeds ``limit``, or None when they fit."""
    total = sum((Decimal(step.working_days) for step in steps), Decimal(0))
    if limit is None or total <= limit:
        return None
    return ValidationError(
        _(
            "Tổng thời gian các bước (%(total)s ngày làm việc) vượt thời hạn giải quyết "
            "theo quy định (%(limit)s ngày làm việc)."
        ),
        code="steps_over_limit",
        params={"total": f"{total.normalize():f}", "limit": f"{limit.normalize():f}", **params},
    )


def _refuse_steps_over_limit(
    version: ProcedureVersion, case: ProcedureCase | None, steps: Iterable[StepTemplate], *, field: str
) -> None:
    """Refuse (on ``field``) when the steps' working time exceeds the legal time limit."""
    refusal = _steps_over_limit(steps, legal_time_limit(version, case))
    if refusal is not None:
        raise ValidationError({field: [refusal]})


# How each kind of version row reads in the audit trail (the import's bulk path uses the same).
_ROW_SUMMARY: dict[str, Callable[[Any], str]] = {
    "filing_methods": str,
    "papers": lambda row: row.name_vi,
    "steps": lambda row: f"{row.order}:{row.name_vi}:{row.working_days}",
}
_ROW_MODEL: dict[str, type[models.Model]] = {
    "filing_methods": FilingMethod,
    "papers": RequiredPaper,
    "steps": StepTemplate,
}


def version_rows_changes(related: str, before: Iterable[Any], after: Iterable[Any]) -> dict[str, Any]:
    """The audit ``changes`` of replacing a version's channels, papers or steps: ``[old, new]``."""
    summary = _ROW_SUMMARY[related]
    return {related: [[summary(row) for row in before], [summary(row) for row in after]]}


def _replace_version_rows(
    *, actor: Actor, version: ProcedureVersion, case: ProcedureCase | None, related: str, rows: list[Any]
) -> list[Any]:
    """Swap the version's (or sub-case's) rows of one kind for ``rows`` and audit old and new."""
    current = getattr(version, related).filter(case=case)
    before = list(current)
    current.delete()
    created = _ROW_MODEL[related]._default_manager.bulk_create(rows)
    catalog_changed()  # bulk_create sends no post_save signal: public pages must still notice
    audit_record(
        actor=actor,
        action=f"procedure_version.{related}",
        obj=version,
        changes=version_rows_changes(related, before, created),
    )
    return created


@transaction.atomic
def filing_methods_set(
    *,
    actor: Actor,
    version: ProcedureVersion,
    methods: Iterable[Mapping[str, Any]],
    case: ProcedureCase | None = None,
) -> list[FilingMethod]:
    """Replace the channels (time limit, fee) of a version or of one of its sub-cases."""
    _check(actor)
    rows = [FilingMethod(version=version, case=case, **m) for m in methods]
    channels = [r.channel for r in rows]
    if len(channels) != len(set(channels)):
        raise ValidationError({"channel": _("Mỗi cách thức nộp chỉ được khai một lần.")})
    for row in rows:
        row.full_clean(exclude=["version", "case"], validate_constraints=False)
    return _replace_version_rows(actor=actor, version=version, case=case, related="filing_methods", rows=rows)


@transaction.atomic
def papers_set(
    *,
    actor: Actor,
    version: ProcedureVersion,
    papers: Iterable[Mapping[str, Any]],
    case: ProcedureCase | None = None,
) -> list[RequiredPaper]:
    """Replace the required papers of a version (or of one sub-case), in the given order."""
    _check(actor)
    rows = [RequiredPaper(version=version, case=case, sort_order=i, **p) for i, p in enumerate(papers, 1)]
    for row in rows:
        row.full_clean(exclude=["version", "case"])
    return _replace_version_rows(actor=actor, version=version, case=case, related="papers", rows=rows)


@transaction.atomic
def steps_set(
    *,
    actor: Actor,
    version: ProcedureVersion,
    steps: Iterable[Mapping[str, Any]],
    case: ProcedureCase | None = None,
) -> list[StepTemplate]:
    """Replace the step template. The steps' working time may not exceed the legal time limit."""
    _check(actor)
    rows = [StepTemplate(version=version, case=case, order=i, **s) for i, s in enumerate(steps, 1)]
    for row in rows:
        row.full_clean(exclude=["version", "case"], validate_constraints=False)
    _refuse_steps_over_limit(version, case, rows, field="working_days")
    return _replace_version_rows(actor=actor, version=version, case=case, related="steps", rows=rows)


@transaction.atomic
def case_create(
    *,
    actor: Actor,
    version: ProcedureVersion,
    name_vi: str,
    name_en: str = "",
    time_limit_days: Decimal | None = None,
) -> ProcedureCase:
    """Add a sub-case (trường hợp) after the version's other sub-cases."""
    _check(actor)
    last = version.cases.aggregate(last=models.Max("sort_order"))["last"] or 0
    case = ProcedureCase(
        version=version,
        name_vi=name_vi,
        name_en=name_en,
        time_limit_days=time_limit_days,
        sort_order=last + 1,
    )
    case.full_clean()
    case.save()
    audit_created(actor=actor, obj=case, fields=("version", *CASE_FIELDS), action="procedure_case.create")
    return case


@transaction.atomic
def case_update(*, actor: Actor, case: ProcedureCase, **fields: Any) -> ProcedureCase:
    """Rename a sub-case or change its time limit. The sub-case's steps must still fit in the
    time limit that then applies (its own, or the version's when it is cleared)."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown sub-case fields: {sorted(unknown)}")
    _check(actor)
    before = snapshot(case, fields)
    for name, value in fields.items():
        setattr(case, name, value)
    case.full_clean()
    _refuse_steps_over_limit(case.version, case, case.steps.all(), field="time_limit_days")
    changes = diff(before, case)
    if changes:
        case.save(update_fields=list(fields))
        audit_record(actor=actor, action="procedure_case.update", obj=case, changes=changes)
    return case


@transaction.atomic
def case_delete(*, actor: Actor, case: ProcedureCase) -> None:
    """Remove a sub-case with its own channels, papers and steps (all in the audit row).

    Refused once something else points at it (a dossier filed under the sub-case)."""
    _check(actor)
    changes: dict[str, Any] = {name: [value, None] for name, value in snapshot(case, CASE_FIELDS).items()}
    for related, summary in _ROW_SUMMARY.items():
        rows = list(getattr(case, related).all())
        if rows:
            changes[related] = [[summary(row) for row in rows], None]
    audit_record(actor=actor, action="procedure_case.delete", obj=case, changes=changes)
    try:
        case.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Đã có hồ sơ nộp theo trường hợp này nên không thể xóa trường hợp.")
        ) from None


@transaction.atomic
def publication_add(
    *, actor: Actor, procedure: Procedure, unit: Unit, place: str, published_on: dt.date
) -> Publication:
    """Post ``procedure`` at ``unit`` (its desk or the portal) from ``published_on``."""
    _check(actor, unit)
    if Publication.objects.filter(
        procedure=procedure, unit=unit, place=place, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(_("Thủ tục này đang được công khai theo hình thức đã chọn tại đơn vị."))
    publication = Publication(procedure=procedure, unit=unit, place=place, published_on=published_on)
    publication.full_clean()
    publication.save()
    audit_created(
        actor=actor,
        obj=publication,
        fields=("procedure", "unit", "place", "published_on"),
        action="publication.create",
    )
    return publication


@transaction.atomic
def publication_withdraw(*, actor: Actor, publication: Publication, on: dt.date) -> Publication:
    _check(actor, publication.unit)
    before = snapshot(publication, ["withdrawn_on"])
    publication.withdrawn_on = on
    publication.full_clean()
    publication.save(update_fields=["withdrawn_on"])
    audit_record(
        actor=actor, action="publication.withdraw", obj=publication, changes=diff(before, publication)
    )
    return publication


# --- Bulk creation (the import of a whole catalog) --------------------------------------------------


@dataclasses.dataclass
class NewProcedure:
    """A procedure to create with its first version and the version's channels, papers and steps.

    The instances have passed ``full_clean`` (the importer's validator runs it on every row);
    :func:`procedures_bulk_create` links them, numbers the papers and steps and saves them."""

    procedure: Procedure
    version: ProcedureVersion | None = None
    methods: list[FilingMethod] = dataclasses.field(default_factory=list)
    papers: list[RequiredPaper] = dataclasses.field(default_factory=list)
    steps: list[StepTemplate] = dataclasses.field(default_factory=list)


def _audit_event(actor: Actor, action: str, obj: models.Model, changes: dict[str, Any]) -> AuditEvent:
    """The row :func:`audit_record` writes, unsaved, for one bulk insert of many."""
    origin = current_origin()
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    return AuditEvent(
        actor=user,
        actor_label=user.get_username() if user else ("" if actor is None else "anonymous"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes,
        ip=origin.ip,
        channel=origin.channel,
    )


def _created_event(actor: Actor, action: str, obj: models.Model, fields: Iterable[str]) -> AuditEvent:
    return _audit_event(actor, action, obj, {k: [None, v] for k, v in snapshot(obj, fields).items()})


@transaction.atomic
def procedures_bulk_create(*, actor: Actor, items: list[NewProcedure]) -> list[Procedure]:
    """Create many new procedures at once, with the audit rows :func:`procedure_create`,
    :func:`version_create`, :func:`filing_methods_set`, :func:`papers_set` and :func:`steps_set`
    would write, in a few queries per table.

    Refused as a whole, before anything is written, when the steps of an item exceed the legal
    time limit its channels set: the ``ValidationError`` lists one error per such item, each with
    the item's position in ``items`` as its ``index`` parameter.
    """
    _check(actor)
    refusals = [
        refusal
        for index, item in enumerate(items)
        if item.version is not None
        and (refusal := _steps_over_limit(item.steps, _limit_of_channels(item.methods), index=index))
    ]
    if refusals:
        raise ValidationError(refusals)
    procedures = [item.procedure for item in items]
    for procedure in procedures:
        procedure.search_text = procedure_search_text(procedure)
    Procedure.objects.bulk_create(procedures, batch_size=BULK_BATCH)
    audits = [
        _created_event(actor, "procedure.create", p, ("national_code", "name_vi", "field"))
        for p in procedures
    ]
    with_version = [item for item in items if item.version is not None]
    for item in with_version:
        item.version.procedure = item.procedure  # type: ignore[union-attr]
    versions = [item.version for item in with_version if item.version is not None]
    ProcedureVersion.objects.bulk_create(versions, batch_size=BULK_BATCH)
    audits += [
        _created_event(
            actor,
            "procedure_version.create",
            version,
            ("procedure", "decision_number", "effective_from", "effective_to"),
        )
        for version in versions
    ]
    rows: dict[str, list[Any]] = {related: [] for related in _ROW_MODEL}
    for item, version in zip(with_version, versions, strict=True):
        lists: list[tuple[str, str, list[Any]]] = [
            ("filing_methods", "", item.methods),
            ("papers", "sort_order", item.papers),
            ("steps", "order", item.steps),
        ]
        for related, numbering, children in lists:
            if not children:
                continue
            for number, child in enumerate(children, 1):
                child.version = version
                if numbering:
                    setattr(child, numbering, number)
            rows[related] += children
            audits.append(
                _audit_event(
                    actor,
                    f"procedure_version.{related}",
                    version,
                    version_rows_changes(related, [], children),
                )
            )
    for related, model in _ROW_MODEL.items():
        model._default_manager.bulk_create(rows[related], batch_size=BULK_BATCH)
    AuditEvent.objects.bulk_create(audits, batch_size=BULK_BATCH)
    catalog_changed()  # no signals from bulk_create
    return procedures
