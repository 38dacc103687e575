"""API for the unit tree and officials."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from reformdesk.core.api import ErrorOut, SearchText, Text, field_error
from reformdesk.core.pagination import AccessLogged, LimitOffset
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.core.services.audit import access_record
from reformdesk.org import selectors
from reformdesk.org.models import Official, Unit

router = Router()


def unit_param(code: str | None, field: str = "unit") -> Unit:
    """The unit named by a query parameter, or a translated 422 (missing or unknown code)."""
    code = (code or "").strip()
    if not code:
        raise field_error(field, _("Thiếu mã đơn vị (tham số unit), ví dụ 000.00.00.H41."), "unit_required")
    unit = selectors.unit_get_by_code(code=code)
    if unit is None:
        raise field_error(
            field, _("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": code[:20]}, "unknown_unit"
        )
    return unit


class UnitOut(Schema):
    code: str
    statistical_code: str
    kind: str
    name_vi: str
    name_en: str
    parent_code: str | None
    depth: int
    address: str
    phone: str
    hotline: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @staticmethod
    def resolve_parent_code(obj: Unit) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class MembershipOut(Schema):
    unit_code: str
    role: str
    scope: str
    is_primary: bool
    valid_from: dt.date | None
    valid_to: dt.date | None


class OfficialOut(Schema):
    employee_code: str
    full_name: str
    position: str
    job_title: str
    category: str
    phone: str
    email: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Official) -> list[dict[str, object]]:
        return [
            {
                "unit_code": m.unit.code,
                "role": m.role,
                "scope": m.scope,
                "is_primary": m.is_primary,
                "valid_from": m.valid_from,
                "valid_to": m.valid_to,
            }
            for m in obj.memberships.all()
        ]


@router.get(
    "/units",
    response={200: list[UnitOut], 404: ErrorOut},  # 404: an unknown ``root``
    auth=None,
    summary="Units in force (public directory)",
)
@public_rate_limit("api.units")
@paginate(LimitOffset)
def list_units(request: HttpRequest, q: SearchText = "", root: Text = "", on: dt.date | None = None):  # type: ignore[no-untyped-def]
    root_unit = get_object_or_404(Unit, code=root) if root else None
    return selectors.unit_directory(on=on, search=q, root=root_unit)


@router.get("/units/{code}", response=UnitOut, auth=None, summary="One unit by its QCVN 102 code")
@public_rate_limit("api.units")
def get_unit(request: HttpRequest, code: Text) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), code=code)


@router.get(
    "/officials",
    response={200: list[OfficialOut], 404: ErrorOut},  # 404: an unknown ``unit``
    summary="Officials of the units you may see",
)
@paginate(LimitOffset)
def list_officials(request: HttpRequest, unit: Text = "", q: SearchText = ""):  # type: ignore[no-untyped-def]
    unit_obj = get_object_or_404(Unit, code=unit) if unit else None
    qs = selectors.official_list(user=request.user, unit=unit_obj, search=q).prefetch_related(
        "memberships__unit"
    )
    # The list shows phones and e-mails: one access row per official returned.
    return AccessLogged(qs.order_by("full_name", "employee_code"), actor=request.user, purpose="api.list")


@router.get("/officials/{employee_code}", response=OfficialOut, summary="One official (access is logged)")
def get_official(request: HttpRequest, employee_code: Text) -> Official:
    official = get_object_or_404(
        selectors.official_list(user=request.user).prefetch_related("memberships__unit"),
        employee_code=employee_code,
    )
    access_record(actor=request.user, subject=official, purpose="api.view")
    return official
