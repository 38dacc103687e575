"""Public API of the procedure catalog at /api/v1/procedures: the search and one full record.

No login: the catalog is public information. Names and texts are the official Vietnamese ones
(``name_en`` beside them where translated); codes are the national portal's.
"""

# Annotations are evaluated where written: ninja would read a decorated view's string annotations
# (``from __future__ import annotations``) in its decorator's module, where ``Text`` is unknown.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from reformdesk.catalog import selectors
from reformdesk.catalog.choices import Level, OnlineLevel
from reformdesk.catalog.models import Field, FilingMethod, Procedure, RequiredPaper, StepTemplate
from reformdesk.core.api import ApiError, ErrorOut, SearchText, Text, ValidationErrorOut
from reformdesk.core.pagination import LimitOffset
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.org.models import Unit

router = Router()

SEARCH_MAX_LENGTH = 200
MAX_LIMIT = 100


def _days(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class FieldOut(Schema):
    code: str
    name: str
    name_en: str


class ProcedureItemOut(Schema):
    code: str
    local_code: str
    name: str
    name_en: str
    field: FieldOut
    levels: list[str]
    online_level: str
    anywhere_in_province: bool
    time_limit_days: float | None
    popularity: int
    url: str


class FilingMethodOut(Schema):
    channel: int
    channel_name: str
    time_limit_days: float | None
    time_limit_text: str
    fee_vnd: int | None
    fee_unit: str
    fee_text: str


class PaperOut(Schema):
    name: str
    form: str
    form_name: str
    quantity: int
    is_required: bool
    form_url: str | None


class ProcedureStepOut(Schema):
    """A step template of a procedure version (the dossiers API has its own StepOut: the control
    slip's steps; one name would make the OpenAPI document describe both with one schema)."""

    order: int
    kind: str
    name: str
    role: str
    unit_kind: str
    working_days: float


class CaseOut(Schema):
    name: str
    name_en: str
    time_limit_days: float | None
    filing_methods: list[FilingMethodOut]
    papers: list[PaperOut]
    steps: list[ProcedureStepOut]


class VersionSummaryOut(Schema):
    decision_number: str
    decision_date: dt.date
    effective_from: dt.date
    effective_to: dt.date | None


class VersionOut(VersionSummaryOut):
    implementing_agency: str
    deciding_agency: str
    applicant_types: list[str]
    steps_text: str
    conditions: str
    result: str
    legal_basis: str
    filing_methods: list[FilingMethodOut]
    papers: list[PaperOut]
    steps: list[ProcedureStepOut]
    cases: list[CaseOut]


class DeskOut(Schema):
    unit_code: str
    unit_name: str
    published_on: dt.date


class ProcedureOut(ProcedureItemOut):
    legacy_online_level: int | None
    is_active: bool
    desks: list[DeskOut]
    on_portal: bool
    version: VersionOut | None
    versions: list[VersionSummaryOut]


def _item(request: HttpRequest, procedure: Procedure, time_limit_days: Decimal | None) -> dict[str, Any]:
    return {
        "code": procedure.national_code,
        "local_code": procedure.local_code,
        "name": procedure.name_vi,
        "name_en": procedure.name_en,
        "field": {
            "code": procedure.field.code,
            "name": procedure.field.name_vi,
            "name_en": procedure.field.name_en,
        },
        "levels": procedure.levels,
        "online_level": procedure.online_level,
        "anywhere_in_province": procedure.anywhere_in_province,
        "time_limit_days": _days(time_limit_days),
        "popularity": procedure.popularity,
        "url": request.build_absolute_uri(reverse("portal:procedure_detail", args=[procedure.national_code])),
    }


def _method(method: FilingMethod) -> dict[str, Any]:
    return {
        "channel": method.channel,
        "channel_name": method.get_channel_display(),
        "time_limit_days": _days(method.time_limit_days),
        "time_limit_text": method.time_limit_text,
        "fee_vnd": method.fee_vnd,
        "fee_unit": method.fee_unit,
        "fee_text": method.fee_text,
    }


def _paper(request: HttpRequest, code: str, paper: RequiredPaper) -> dict[str, Any]:
    form_url = None
    if paper.form_file:
        form_url = request.build_absolute_uri(reverse("portal:procedure_form", args=[code, paper.pk]))
    return {
        "name": paper.name_vi,
        "form": paper.form,
        "form_name": paper.get_form_display(),
        "quantity": paper.quantity,
        "is_required": paper.is_required,
        "form_url": form_url,
    }


def _step(step: StepTemplate) -> dict[str, Any]:
    return {
        "order": step.order,
        "kind": step.kind,
        "name": step.name_vi,
        "role": step.role,
        "unit_kind": step.unit_kind,
        "working_days": float(step.working_days),
    }


def _invalid(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def _search_arguments(search: str, field: str, level: str, unit: str, online: str) -> dict[str, Any]:
    """The search's keyword arguments, or a 422 naming every bad parameter."""
    errors = []
    if len(search) > SEARCH_MAX_LENGTH:
        errors.append(
            _invalid("search", _("Từ khóa tìm kiếm dài quá %(max)s ký tự.") % {"max": SEARCH_MAX_LENGTH})
        )
    if field and not Field.objects.filter(code=field).exists():
        errors.append(_invalid("field", _("Không có lĩnh vực mã «%(code)s».") % {"code": field[:20]}))
    if level and level not in Level.values:
        errors.append(
            _invalid(
                "level",
                _("Cấp thực hiện phải là một trong: %(values)s.") % {"values": ", ".join(Level.values)},
            )
        )
    unit_obj = None
    if unit:
        unit_obj = Unit.objects.filter(code=unit).first()
        if unit_obj is None:
            errors.append(
                _invalid("unit", _("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": unit[:20]})
            )
    if online and online not in OnlineLevel.values:
        errors.append(
            _invalid(
                "online",
                _("Mức độ trực tuyến phải là một trong: %(values)s.")
                % {"values": ", ".join(OnlineLevel.values)},
            )
        )
    if errors:
        raise ApiError(422, errors[0]["message"], "invalid_filter", errors=errors)
    return {
        "query": search,
        "field": field or None,
        "level": level or None,
        "unit": unit_obj,
        "online": online or None,
    }


class _Items:
    """The search queryset as the paginator slices it, each row turned into an API item."""

    def __init__(self, request: HttpRequest, queryset: Any) -> None:
        self.request, self.queryset = request, queryset

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [_item(self.request, p, p.time_limit_days) for p in self.queryset[window]]


@router.get(
    "",
    response=list[ProcedureItemOut],
    auth=None,
    summary="Search procedures (public)",
)
@public_rate_limit("api.procedures")
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_procedures(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    search: SearchText = "",
    field: Text = "",
    level: Text = "",
    unit: Text = "",
    online: Text = "",
):
    """Procedures in force, best match first. ``search`` ignores diacritics and case (every word must
    match the name, code or field); ``field`` is a field code, ``level`` province/district/commune,
    ``unit`` a QCVN 102 unit code (procedures posted at its one-stop desk today), ``online``
    full/partial/none. ``limit`` (at most 100) and ``offset`` page through ``count`` results."""
    arguments = _search_arguments(search.strip(), field.strip(), level.strip(), unit.strip(), online.strip())
    return _Items(request, selectors.procedure_search(**arguments))


@router.get(
    "/{code}",
    response={200: ProcedureOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="One procedure with its version in force (public)",
)
@public_rate_limit("api.procedures")
def get_procedure(request: HttpRequest, code: Text) -> dict[str, Any]:
    """The full record: the version in force today with its channels, papers, steps and
    sub-cases, the desks that post it, and the list of its published versions."""
    detail = selectors.procedure_detail(code=code)
    if detail is None:
        raise ApiError(404, _("Không có thủ tục mã «%(code)s».") % {"code": code[:20]}, "not_found")
    procedure = detail.procedure
    version = detail.version
    version_out = None
    if version is not None:
        version_out = {
            "decision_number": version.decision_number,
            "decision_date": version.decision_date,
            "effective_from": version.effective_from,
            "effective_to": version.effective_to,
            "implementing_agency": version.implementing_agency,
            "deciding_agency": version.deciding_agency,
            "applicant_types": list(version.applicant_types or []),
            "steps_text": version.steps_text,
            "conditions": version.conditions,
            "result": version.result,
            "legal_basis": version.legal_basis,
            "filing_methods": [_method(m) for m in detail.filing_methods],
            "papers": [_paper(request, procedure.national_code, p) for p in detail.papers],
            "steps": [_step(s) for s in detail.steps],
            "cases": [
                {
                    "name": c.case.name_vi,
                    "name_en": c.case.name_en,
                    "time_limit_days": _days(c.case.time_limit_days),
                    "filing_methods": [_method(m) for m in c.filing_methods],
                    "papers": [_paper(request, procedure.national_code, p) for p in c.papers],
                    "steps": [_step(s) for s in c.steps],
                }
                for c in detail.cases
            ],
        }
    return {
        **_item(request, procedure, detail.time_limit_days),
        "legacy_online_level": procedure.legacy_online_level,
        "is_active": procedure.is_active,
        "desks": [
            {"unit_code": d.unit.code, "unit_name": d.unit.name_vi, "published_on": d.published_on}
            for d in detail.desks
        ],
        "on_portal": detail.on_portal,
        "version": version_out,
        "versions": [
            {
                "decision_number": v.decision_number,
                "decision_date": v.decision_date,
                "effective_from": v.effective_from,
                "effective_to": v.effective_to,
            }
            for v in detail.versions
        ],
    }
