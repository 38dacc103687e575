"""Intake at the one-stop desk and online: a dossier is received with a receipt, or given one
written supplement request listing every missing paper, or refused with written reasons.

No dossier is ever received without its code, its appointment and its planned steps: they are
written in the same transaction as the dossier row and its first event. A dossier brought to the
counter is decided first (code, outcome of the check, appointment, steps, assignee) and its row
inserted once; see :func:`write_receipt` for the one column written after it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import Procedure, ProcedureCase, RequiredPaper
from reformdesk.catalog.selectors import is_posted_at_desk
from reformdesk.core.services.audit import Actor
from reformdesk.core.text import fold
from reformdesk.core.uploads import CheckedFile
from reformdesk.dossiers.choices import ApplicantKind, EventKind, PaperState, Status, paper_state
from reformdesk.dossiers.models import Dossier, DossierFile, DossierPaper, DossierStep
from reformdesk.dossiers.services.client_tokens import once_per_client_token
from reformdesk.dossiers.services.clock import receipt_due_moments, time_limit
from reformdesk.dossiers.services.codes import new_code, new_secret
from reformdesk.dossiers.services.digitisation import Digitisation, apply_at_intake
from reformdesk.dossiers.services.events import ActionNotAllowed, official_of, record
from reformdesk.dossiers.services.planning import pick_assignee, plan_steps, step_plan
from reformdesk.dossiers.services.supplements import missing_papers_not_brought
from reformdesk.dossiers.services.tracking import tracking_entry_allocate
from reformdesk.dossiers.validators import normalize_phone, validate_id_number, validate_vn_phone
from reformdesk.org.choices import UnitKind
from reformdesk.org.models import Unit
from reformdesk.org.permissions import AnyUser, Perm, require


@dataclass(frozen=True)
class Applicant:
    """Who files the dossier. ``id_number`` is the 12-digit personal identification number of a
    person, or an organisation's tax code."""

    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def validated(self) -> Applicant:
        """A copy with normalised values; raises ``ValidationError`` keyed by field on bad input."""
        errors: dict[str, list[str]] = {}

        def check(name: str, validator, value: str) -> None:  # type: ignore[no-untyped-def]
            try:
                validator(value)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)

        name = " ".join(self.name.split())
        if not name:
            errors["name"] = [_("Cần nhập họ tên người nộp hồ sơ.")]
        elif len(name) > 200:
            errors["name"] = [_("Họ tên dài quá 200 ký tự.")]
        if self.kind not in ApplicantKind.values:
            errors["kind"] = [_("Loại người nộp không hợp lệ.")]
        id_number = self.id_number.strip()
        if self.kind == ApplicantKind.PERSON:
            if not id_number:
                errors["id_number"] = [_("Cần nhập số định danh cá nhân (12 chữ số).")]
            else:
                check("id_number", validate_id_number, id_number)
        elif id_number and not (id_number.isdigit() and len(id_number) in (10, 13)):
            errors["id_number"] = [_("Mã số thuế của tổ chức gồm 10 hoặc 13 chữ số.")]
        phone = self.phone.strip()
        check("phone", validate_vn_phone, phone)
        email = self.email.strip()
        if email:
            check("email", validate_email, email)
        check("representative_id_number", validate_id_number, self.representative_id_number.strip())
        if self.representative_id_number.strip() and not self.representative_name.strip():
            errors["representative_name"] = [_("Cần nhập họ tên người được ủy quyền.")]
        if len(self.address) > 300:
            errors["address"] = [_("Địa chỉ dài quá 300 ký tự.")]
        if errors:
            raise ValidationError({k: [ValidationError(m) for m in v] for k, v in errors.items()})
        return Applicant(
            name=name,
            kind=self.kind,
            id_number=id_number,
            phone=normalize_phone(phone) if phone else "",
            email=email,
            address=" ".join(self.address.split()),
            representative_name=" ".join(self.representative_name.split()),
            representative_id_number=self.representative_id_number.strip(),
        )


def required_papers(*, version_id: int, case: ProcedureCase | None) -> list[RequiredPaper]:
    """The papers the officer checks: the version's common papers, then the sub-case's."""
    rows = RequiredPaper.objects.filter(version_id=version_id, case__isnull=True)
    papers = list(rows)
    if case is not None:
        papers += list(RequiredPaper.objects.filter(version_id=version_id, case=case))
    return papers


def _province_id(unit: Unit) -> int:
    """The province a unit belongs to: its province-level ancestor (or itself), else its root."""
    lineage = [*unit.ancestor_ids(), unit.pk]
    province = (
        Unit.objects.filter(pk__in=lineage, kind=UnitKind.PROVINCE).values_list("pk", flat=True).first()
    )
    return province if province is not None else lineage[0]


def _check_competence(*, procedure: Procedure, receiving: Unit, processing: Unit, on: dt.date) -> None:
    if not is_posted_at_desk(procedure=procedure, unit=processing, on=on):
        raise ValidationError(
            {
                "procedure": _(
                    "Thủ tục %(code)s không thuộc thẩm quyền của %(unit)s"
                    " (chưa niêm yết tại Bộ phận Một cửa)."
                )
                % {"code": procedure.national_code, "unit": processing.name}
            }
        )
    if processing.pk != receiving.pk:
        same_province = _province_id(processing) == _province_id(receiving)
        if not (procedure.anywhere_in_province and same_province):
            raise ValidationError(
                {
                    "processing_unit": _(
                        "Thủ tục này không được tiếp nhận không phụ thuộc địa giới hành chính: "
                        "hãy hướng dẫn người dân đến %(unit)s."
                    )
                    % {"unit": processing.name}
                }
            )


def _search_text(dossier: Dossier) -> str:
    return fold(f"{dossier.code} {dossier.applicant_name} {dossier.applicant_id_number}")[:400]


def _missing(papers: list[RequiredPaper], submitted: Collection[int]) -> list[str]:
    """The names of the required papers not among ``submitted``."""
    return [p.name_vi for p in papers if p.is_required and p.pk not in submitted]


def _set_papers(dossier: Dossier, papers: list[RequiredPaper], submitted: Collection[int]) -> None:
    """Record each paper as brought, missing or (optional) not brought."""
    DossierPaper.objects.bulk_create(
        [
            DossierPaper(
                dossier=dossier,
                required_paper=p,
                name=p.name_vi,
                form=p.form,
                quantity=p.quantity,
                is_required=p.is_required,
                state=paper_state(brought=p.pk in submitted, required=p.is_required),
                sort_order=i,
            )
            for i, p in enumerate(papers)
        ]
    )


def _mark_papers(dossier: Dossier, papers: list[RequiredPaper], submitted: Collection[int]) -> list[str]:
    """The officer's check of an online dossier: each paper's state set from the ticks (the rows
    and their files made at submission are kept); return the names of the missing required ones."""
    rows = {p.required_paper_id: p for p in dossier.papers.all()}
    for paper in papers:
        row = rows.get(paper.pk)
        state = paper_state(brought=paper.pk in submitted, required=paper.is_required)
        if row is not None and row.state != state:
            row.state = state
            row.save(update_fields=["state"])
    return _missing(papers, submitted)


def plan_receipt(
    *, dossier: Dossier, actor: Actor, at: dt.datetime
) -> tuple[list[DossierStep], DossierStep | None]:
    """Receive at ``at``: the appointment, the planned steps (unsaved) and the first assignee,
    set on ``dossier`` (saved or not) before anything is written. The appointment and the steps'
    due moments come from one reading of the processing unit's calendar, each sum once. Returns
    the steps and the current one; :func:`write_receipt` writes them."""
    assert dossier.time_limit_days is not None
    plan = step_plan(dossier=dossier)
    due, dues = receipt_due_moments(
        unit=dossier.processing_unit,
        received_at=at,
        days=dossier.time_limit_days,
        steps=[days for _kind, _role, days, _name in plan],
    )
    dossier.received_at = at
    dossier.due_at = due
    dossier.status = Status.RECEIVED
    steps = plan_steps(dossier=dossier, plan=plan, dues=dues, received_by=official_of(actor))
    current = next((s for s in steps if s.finished_at is None), None)
    if current is not None:
        current.started_at = at
        current.assignee = pick_assignee(unit=current.unit, role=current.role, on=at.date())
        dossier.assignee = current.assignee
    return steps, current


def write_receipt(*, dossier: Dossier, steps: list[DossierStep], current: DossierStep | None) -> None:
    """Write a receipt planned by :func:`plan_receipt`: the dossier row (inserted now for a
    dossier decided at the counter, else updated once), its steps and its tracking book entry."""
    if dossier.pk is None:
        dossier.save(force_insert=True)
        DossierStep.objects.bulk_create(steps)
        if current is not None:
            # The one write after the insert: the row and its steps point at each other (a step
            # needs the dossier's id, the current-step pointer the step's id, and neither id
            # exists before its row is inserted), so the pointer alone follows the steps.
            Dossier.objects.filter(pk=dossier.pk).update(current_step=current)
            dossier.current_step = current
    else:
        DossierStep.objects.bulk_create(steps)
        dossier.current_step = current
        dossier.save()
    tracking_entry_allocate(dossier=dossier)


def start_clock(*, dossier: Dossier, actor: Actor, at: dt.datetime) -> None:
    """Receive a dossier already recorded (filed online, or given a supplement request at
    intake): its appointment, steps, assignee and tracking book entry, the row updated once."""
    steps, current = plan_receipt(dossier=dossier, actor=actor, at=at)
    write_receipt(dossier=dossier, steps=steps, current=current)


def _record_intake_supplement(
    *,
    dossier: Dossier,
    missing: list[str],
    actor: AnyUser,
    at: dt.datetime,
    from_status: int | None,
    note: str,
    extra: dict[str, Any] | None = None,
) -> None:
    record(
        dossier=dossier,
        kind=EventKind.INTAKE_SUPPLEMENT,
        actor=actor,
        at=at,
        from_status=from_status,
        to_unit=dossier.receiving_unit,
        note=note,
        data={
            "missing": missing,
            "missing_papers": [
                paper.as_data()
                for paper in missing_papers_not_brought(dossier.papers.filter(state=PaperState.MISSING))
            ],
            **(extra or {}),
        },
    )


def _record_received(
    *,
    dossier: Dossier,
    actor: AnyUser,
    at: dt.datetime,
    from_status: int | None,
    note: str,
    extra: dict[str, Any] | None = None,
) -> None:
    record(
        dossier=dossier,
        kind=EventKind.RECEIVED,
        actor=actor,
        at=at,
        from_status=from_status,
        step=dossier.steps.order_by("order").first(),
        to_official=dossier.assignee,
        to_unit=dossier.processing_unit,
        note=note,
        data=extra,
    )


def _ask_supplement(dossier: Dossier, at: dt.datetime) -> None:
    """One supplement request at intake: the clock waits for the papers."""
    dossier.status = Status.SUPPLEMENT
    dossier.supplement_count = 1
    dossier.paused_at = at


@once_per_client_token
@transaction.atomic
def dossier_receive(
    *,
    actor: AnyUser,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    submitted_papers: Collection[int],
    channel: int = Channel.IN_PERSON,
    case: ProcedureCase | None = None,
    processing_unit: Unit | None = None,
    at: dt.datetime | None = None,
    client_token: uuid.UUID | None = None,
    note: str = "",
    refuse_reasons: str = "",
    digitisation: Digitisation | None = None,
) -> Dossier:
    """Record a dossier brought to ``unit``'s desk (or by post): received with a receipt and an
    appointment when every required paper is there, else given one supplement request (status 5)
    listing every missing paper. ``submitted_papers`` are ids of the version's required papers.

    With ``refuse_reasons`` the desk refuses it at once (status 3, form 03): e.g. a procedure
    outside the unit's competence whose applicant wants the refusal in writing. A repeated
    ``client_token`` (a double-submitted form) returns the dossier already recorded.
    ``digitisation`` is what the desk recorded about papers digitised, data reused from an
    earlier dossier of the applicant and population data used (refused: see
    ``digitisation.previous_dossier``).
    """
    require(actor, Perm.RECEIVE_DOSSIERS, unit)
    if client_token is not None:
        existing = Dossier.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing
    if channel not in (Channel.IN_PERSON, Channel.POST):
        raise ValidationError(
            {"channel": _("Tại Bộ phận Một cửa chỉ tiếp nhận hồ sơ nộp trực tiếp hoặc qua bưu chính.")}
        )
    at = at or timezone.now()
    refuse_reasons = refuse_reasons.strip()
    dossier = _new_dossier(
        unit=unit,
        procedure=procedure,
        applicant=applicant,
        channel=channel,
        case=case,
        processing_unit=processing_unit,
        at=at,
        actor=actor,
        client_token=client_token,
        refusing=bool(refuse_reasons),
    )
    if refuse_reasons:
        dossier.status = Status.REFUSED
        dossier.closed_at = at
        dossier.save(force_insert=True)
        record(
            dossier=dossier,
            kind=EventKind.REFUSED,
            actor=actor,
            at=at,
            from_status=None,
            to_unit=unit,
            note=refuse_reasons,
            data={"reasons": refuse_reasons},
        )
        return dossier
    papers = required_papers(version_id=dossier.version_id, case=case)
    submitted = set(submitted_papers)
    if submitted - {p.pk for p in papers}:
        raise ValidationError({"papers": _("Có giấy tờ không thuộc thành phần hồ sơ của thủ tục này.")})
    missing = _missing(papers, submitted)
    apply_at_intake(dossier, digitisation)
    extra = digitisation.as_data(dossier) if digitisation else {}
    # Everything is decided before the row is written: it is inserted once, with the outcome.
    if missing:
        _ask_supplement(dossier, at)
        dossier.save(force_insert=True)
        _set_papers(dossier, papers, submitted)
        _record_intake_supplement(
            dossier=dossier, missing=missing, actor=actor, at=at, from_status=None, note=note, extra=extra
        )
        return dossier
    steps, current = plan_receipt(dossier=dossier, actor=actor, at=at)
    write_receipt(dossier=dossier, steps=steps, current=current)
    _set_papers(dossier, papers, submitted)
    _record_received(dossier=dossier, actor=actor, at=at, from_status=None, note=note, extra=extra)
    return dossier


def _new_dossier(
    *,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: int,
    case: ProcedureCase | None,
    processing_unit: Unit | None,
    at: dt.datetime,
    actor: Actor,
    client_token: uuid.UUID | None,
    refusing: bool = False,
) -> Dossier:
    """Validate and build the dossier with its code, unsaved (status set and row written by the
    caller). A dossier refused at intake needs no competence and no time limit: it will not be
    processed."""
    applicant = applicant.validated()
    day = timezone.localtime(at).date()
    version = procedure.version_on(day)
    if version is None or not procedure.is_active:
        raise ValidationError(
            {"procedure": _("Thủ tục không có phiên bản đang có hiệu lực vào ngày tiếp nhận.")}
        )
    if case is not None and case.version_id != version.pk:
        raise ValidationError({"case": _("Trường hợp không thuộc phiên bản thủ tục đang áp dụng.")})
    processing = processing_unit or unit
    days = None
    if not refusing:
        _check_competence(procedure=procedure, receiving=unit, processing=processing, on=day)
        days = time_limit(version=version, case=case, channel=channel)
    dossier = Dossier(
        code=new_code(unit=unit, day=day),
        secret=new_secret(),
        procedure=procedure,
        version=version,
        case=case,
        receiving_unit=unit,
        processing_unit=processing,
        channel=channel,
        status=Status.SUBMITTED,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        representative_name=applicant.representative_name,
        representative_id_number=applicant.representative_id_number,
        submitted_at=at,
        time_limit_days=days,
        client_token=client_token,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    dossier.search_text = _search_text(dossier)
    return dossier


@once_per_client_token
@transaction.atomic
def dossier_submit_online(
    *,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    case: ProcedureCase | None = None,
    files: Sequence[tuple[int, CheckedFile]] = (),
    at: dt.datetime | None = None,
    client_token: uuid.UUID | None = None,
    files_required: bool = True,
) -> Dossier:
    """A citizen files online at ``unit`` (status 1): it waits for an officer to check the papers.

    ``files`` are ``(required paper id, checked upload)`` pairs (see ``core.uploads``); every
    required paper needs at least one, else nothing is saved and the error names each missing
    paper. Optional papers without a file are recorded as not brought. ``files_required=False``
    is for an officer who records an online dossier and checks its papers in the same call.
    A dossier filed with files has its papers digitised: every paper it brings is a file."""
    if client_token is not None:
        existing = Dossier.objects.filter(client_token=client_token).first()
        if existing is not None:
            return existing
    at = at or timezone.now()
    dossier = _new_dossier(
        unit=unit,
        procedure=procedure,
        applicant=applicant,
        channel=Channel.ONLINE,
        case=case,
        processing_unit=None,
        at=at,
        actor=None,
        client_token=client_token,
    )
    papers = required_papers(version_id=dossier.version_id, case=case)
    by_id = {p.pk: p for p in papers}
    if any(paper_id not in by_id for paper_id, _file in files):
        raise ValidationError({"files": _("Có tệp gắn với giấy tờ không thuộc thủ tục này.")})
    brought = {paper_id for paper_id, _file in files}
    missing = _missing(papers, brought)
    if missing and files_required:
        raise ValidationError(
            {"files": [_("Chưa đính kèm giấy tờ bắt buộc: %(name)s.") % {"name": name} for name in missing]}
        )
    dossier.papers_digitised = bool(files)
    dossier.save(force_insert=True)
    _set_papers(dossier, papers, brought)
    rows = {p.required_paper_id: p for p in dossier.papers.all()}
    for paper_id, checked in files:
        stored = DossierFile(
            dossier=dossier,
            paper=rows[paper_id],
            original_name=(checked.upload.name or "")[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        stored.file.save(checked.upload.name or "file", checked.upload, save=False)
        stored.save()
    record(
        dossier=dossier,
        kind=EventKind.SUBMITTED,
        actor=None,
        at=at,
        from_status=None,
        to_unit=unit,
        data={"files": len(files)},
    )
    return dossier


@transaction.atomic
def dossier_accept(
    *,
    actor: AnyUser,
    dossier: Dossier,
    submitted_papers: Collection[int],
    at: dt.datetime | None = None,
    note: str = "",
    digitisation: Digitisation | None = None,
) -> Dossier:
    """An officer checks an online dossier's papers: received, or one supplement request.
    ``digitisation``, when given, replaces the intake flags (as in :func:`dossier_receive`)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    if dossier.status != Status.SUBMITTED:
        raise ActionNotAllowed(_("Chỉ tiếp nhận được hồ sơ đang chờ tiếp nhận."))
    at = at or timezone.now()
    papers = required_papers(version_id=dossier.version_id, case=dossier.case)
    if set(submitted_papers) - {p.pk for p in papers}:
        raise ValidationError({"papers": _("Có giấy tờ không thuộc thành phần hồ sơ của thủ tục này.")})
    apply_at_intake(dossier, digitisation)
    extra = digitisation.as_data(dossier) if digitisation else {}
    missing = _mark_papers(dossier, papers, set(submitted_papers))
    if missing:
        _ask_supplement(dossier, at)
        dossier.save()
        _record_intake_supplement(
            dossier=dossier,
            missing=missing,
            actor=actor,
            at=at,
            from_status=Status.SUBMITTED,
            note=note,
            extra=extra,
        )
        return dossier
    start_clock(dossier=dossier, actor=actor, at=at)
    _record_received(
        dossier=dossier, actor=actor, at=at, from_status=Status.SUBMITTED, note=note, extra=extra
    )
    return dossier


@transaction.atomic
def dossier_refuse(
    *, actor: AnyUser, dossier: Dossier, reasons: str, at: dt.datetime | None = None
) -> Dossier:
    """Refuse to receive (status 3) with written reasons (form 03): a dossier not yet received."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    require(actor, Perm.RECEIVE_DOSSIERS, dossier.receiving_unit)
    if dossier.received_at is not None or dossier.status not in (Status.SUBMITTED, Status.SUPPLEMENT):
        raise ActionNotAllowed(_("Chỉ từ chối tiếp nhận được hồ sơ chưa được tiếp nhận."))
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": _("Cần ghi rõ lý do từ chối tiếp nhận.")})
    at = at or timezone.now()
    before = dossier.status
    dossier.status = Status.REFUSED
    dossier.closed_at = at
    dossier.paused_at = None
    dossier.save()
    record(
        dossier=dossier,
        kind=EventKind.REFUSED,
        actor=actor,
        at=at,
        from_status=before,
        note=reasons,
        data={"reasons": reasons},
    )
    return dossier
