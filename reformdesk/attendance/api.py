"""API of attendance at /api/v1/attendance: devices, their approval, punches, days, leave.

Punches say where an official was and when: every read writes access-log rows.
"""

# Annotations are evaluated where written: ninja would read a decorated view's string annotations
# (``from __future__ import annotations``) in its decorator's module, where ``Text`` is unknown.

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from reformdesk.attendance import selectors
from reformdesk.attendance.choices import DeviceLocation, ExceptionStatus
from reformdesk.attendance.models import AttendanceException, DailyRecord, Device, Punch
from reformdesk.attendance.services import devices as device_services
from reformdesk.attendance.services import exceptions as exception_services
from reformdesk.attendance.services.access import days_viewed, exceptions_viewed, punches_viewed
from reformdesk.core.api import ApiError, ErrorOut, Id, LongText, Text, ValidationErrorOut, field_error
from reformdesk.core.pagination import LimitOffset, PageIn
from reformdesk.org.api import unit_param
from reformdesk.org.models import Official
from reformdesk.org.permissions import Perm, has_perm

router = Router()
MAX_LIMIT = 500
PAGE = Query(...)  # limit and offset, read and bounded by the shared PageIn


class DeviceOut(Schema):
    serial: str
    model: str
    firmware: str
    push_version: str
    status: str
    unit_code: str | None
    location: str
    first_seen_at: dt.datetime
    last_contact_at: dt.datetime | None
    offline: bool
    attlog_stamp: str
    operlog_stamp: str
    attphoto_stamp: str
    malformed_lines: int
    rejected_uploads: int

    @staticmethod
    def resolve_model(obj: Device) -> str:
        return obj.model_name

    @staticmethod
    def resolve_unit_code(obj: Device) -> str | None:
        return obj.unit.code if obj.unit_id and obj.unit else None

    @staticmethod
    def resolve_offline(obj: Device) -> bool:
        return obj.is_offline()


class ApproveIn(Schema):
    unit: Text
    location: Text


class PunchOut(Schema):
    id: int
    device: str
    unit_code: str
    pin: str
    official: str | None
    official_name: str | None
    punched_at: dt.datetime
    status: int
    verify: int
    workcode: str
    is_future: bool
    received_at: dt.datetime


class DayOut(Schema):
    official: str
    official_name: str
    unit_code: str
    day: dt.date
    status: str
    first_in: dt.datetime | None
    last_out: dt.datetime | None
    late_minutes: int
    early_minutes: int
    missing_punches: int
    is_closed: bool

    @staticmethod
    def resolve_official(obj: DailyRecord) -> str:
        return obj.official.employee_code

    @staticmethod
    def resolve_official_name(obj: DailyRecord) -> str:
        return obj.official.full_name

    @staticmethod
    def resolve_unit_code(obj: DailyRecord) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_first_in(obj: DailyRecord) -> dt.datetime | None:
        return timezone.localtime(obj.first_in) if obj.first_in else None

    @staticmethod
    def resolve_last_out(obj: DailyRecord) -> dt.datetime | None:
        return timezone.localtime(obj.last_out) if obj.last_out else None


class PunchPage(Schema):
    items: list[PunchOut]
    count: int


def _punch_out(punch: Punch) -> dict[str, object]:
    return {
        "id": punch.pk,
        "device": punch.device.serial,
        "unit_code": punch.unit.code,
        "pin": punch.pin,
        "official": punch.official.employee_code if punch.official else None,
        "official_name": punch.official.full_name if punch.official else None,
        "punched_at": timezone.localtime(punch.punched_at),
        "status": punch.status,
        "verify": punch.verify,
        "workcode": punch.workcode,
        "is_future": punch.is_future,
        "received_at": punch.received_at,
    }


@router.get(
    "/devices", response=list[DeviceOut], summary="Devices of the units you may see (and pending ones)"
)
@paginate(LimitOffset, max_limit=MAX_LIMIT)
def list_devices(request: HttpRequest, status: Text = "", unit: Text = ""):  # type: ignore[no-untyped-def]
    unit_obj = unit_param(unit) if unit else None
    return selectors.device_list(user=request.user, status=status or None, unit=unit_obj)


@router.post(
    "/devices/{serial}/approve",
    response={200: DeviceOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Approve a pending device for a unit and a location (administrators)",
)
def approve_device(request: HttpRequest, serial: Text, payload: ApproveIn) -> Device:
    if not has_perm(request.user, Perm.MANAGE_DEVICES):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được duyệt máy chấm công."))
    device = get_object_or_404(Device, serial=serial)
    unit = unit_param(payload.unit)
    if payload.location not in DeviceLocation.values:
        raise field_error("location", _("Vị trí phải là lối vào hoặc lối ra."), "invalid_location")
    device_services.device_approve(actor=request.user, device=device, unit=unit, location=payload.location)
    return Device.objects.select_related("unit").get(pk=device.pk)


@router.get(
    "/punches",
    response={200: PunchPage, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Punches (access is logged)",
)
def list_punches(
    request: HttpRequest,
    device: Text = "",
    official: Text = "",
    unit: Text = "",
    start: dt.date | None = Query(None, alias="from"),  # noqa: B008 - ninja's parameter declaration
    end: dt.date | None = Query(None, alias="to"),  # noqa: B008
    page: PageIn = PAGE,
) -> dict[str, object]:
    if not has_perm(request.user, Perm.VIEW_ATTENDANCE):
        raise PermissionDenied(_("Bạn không có quyền xem dữ liệu chấm công."))
    if start and end and end < start:
        raise field_error("to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."), "invalid_range")
    unit_obj = unit_param(unit) if unit else None
    if unit_obj is not None and not has_perm(request.user, Perm.VIEW_ATTENDANCE, unit_obj):
        raise PermissionDenied(_("Bạn không có quyền xem dữ liệu chấm công của đơn vị này."))
    qs = selectors.punch_list(
        user=request.user,
        unit=unit_obj,
        device_serial=device.strip(),
        employee_code=official.strip(),
        start=start,
        end=end,
    )
    items = list(qs[page.window(MAX_LIMIT)])
    punches_viewed(actor=request.user, punches=items, purpose="api")
    return {"items": [_punch_out(p) for p in items], "count": qs.count()}


class DayPage(Schema):
    items: list[DayOut]
    count: int


@router.get(
    "/days",
    response={200: DayPage, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Daily attendance records of a unit (access is logged)",
)
def list_days(
    request: HttpRequest,
    unit: Text = "",
    start: dt.date | None = Query(None, alias="from"),  # noqa: B008 - ninja's parameter declaration
    end: dt.date | None = Query(None, alias="to"),  # noqa: B008
    page: PageIn = PAGE,
) -> dict[str, object]:
    unit_obj = unit_param(unit)
    if not has_perm(request.user, Perm.VIEW_ATTENDANCE, unit_obj):
        raise PermissionDenied(_("Bạn không có quyền xem dữ liệu chấm công của đơn vị này."))
    if start and end and end < start:
        raise field_error("to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."), "invalid_range")
    qs = selectors.daily_record_list(unit=unit_obj, start=start, end=end)
    items = list(qs[page.window(MAX_LIMIT)])
    days_viewed(actor=request.user, records=items)
    return {"items": items, "count": qs.count()}


# --- leave and absences --------------------------------------------------------------------------


class ExceptionIn(Schema):
    official: Text
    kind: Text
    start: dt.date
    end: dt.date
    session: Text = ""
    reason: LongText


class DecisionIn(Schema):
    note: LongText = ""


class ExceptionOut(Schema):
    id: int
    official: str
    official_name: str
    unit_code: str
    kind: str
    start: dt.date
    end: dt.date
    session: str
    reason: str
    status: str
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str

    @staticmethod
    def resolve_official(obj: AttendanceException) -> str:
        return obj.official.employee_code

    @staticmethod
    def resolve_official_name(obj: AttendanceException) -> str:
        return obj.official.full_name

    @staticmethod
    def resolve_unit_code(obj: AttendanceException) -> str:
        return obj.unit.code


class ExceptionPage(Schema):
    items: list[ExceptionOut]
    count: int


def _exception(request: HttpRequest, pk: Id) -> AttendanceException:
    row = selectors.exception_visible(user=request.user).filter(pk=pk).first()
    if row is None:
        raise ApiError(404, _("Không tìm thấy đơn."), "not_found")
    return row


@router.get(
    "/exceptions",
    response={200: ExceptionPage, 422: ValidationErrorOut},
    summary="Leave and absences you may read (your own, your units')",
)
def list_exceptions(request: HttpRequest, status: Text = "", page: PageIn = PAGE) -> dict[str, object]:
    if status and status not in ExceptionStatus.values:
        raise field_error("status", _("Trạng thái không hợp lệ."), "invalid_status")
    qs = selectors.exception_visible(user=request.user, status=status or None)
    items = list(qs[page.window(MAX_LIMIT)])
    exceptions_viewed(actor=request.user, exceptions=items, purpose="leave.api")
    return {"items": items, "count": qs.count()}


@router.post(
    "/exceptions",
    response={201: ExceptionOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary="Ask for leave (for yourself, or for an official of a unit where you enter leave)",
)
def create_exception(request: HttpRequest, payload: ExceptionIn) -> HttpStatus[AttendanceException]:
    official = Official.objects.filter(employee_code=payload.official).first()
    if official is None:
        raise field_error(
            "official",
            _("Không tìm thấy cán bộ có mã «%(code)s».") % {"code": payload.official[:20]},
            "unknown_official",
        )
    row = exception_services.exception_request(
        actor=request.user,
        official=official,
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        session=payload.session,
        reason=payload.reason,
    )
    return HttpStatus(201, row)


@router.post(
    "/exceptions/{pk}/approve",
    response={200: ExceptionOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Approve a pending request (leaders of the official's unit)",
)
def approve_exception(request: HttpRequest, pk: Id, payload: DecisionIn) -> AttendanceException:
    return exception_services.exception_approve(
        actor=request.user, exception=_exception(request, pk), note=payload.note
    )


@router.post(
    "/exceptions/{pk}/reject",
    response={200: ExceptionOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Reject a pending request, with a reason (leaders of the official's unit)",
)
def reject_exception(request: HttpRequest, pk: Id, payload: DecisionIn) -> AttendanceException:
    return exception_services.exception_reject(
        actor=request.user, exception=_exception(request, pk), note=payload.note
    )
