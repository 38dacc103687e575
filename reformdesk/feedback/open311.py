"""Open311 GeoReport v2 service requests (https://wiki.open311.org/GeoReport_v2): the feedback
kinds as services beside the procedures (``catalog.open311`` lists both), and

- ``POST /open311/v2/requests.{json,xml}`` (form-encoded, "POST Service Request"): a partner with
  its ``api_key`` files a case; the answer is ``[{service_request_id, service_notice, account_id}]``;
- ``GET /open311/v2/requests.{json,xml}`` ("GET Service Requests") with ``service_request_id``
  (comma-separated codes, which override the other filters, as the spec says), ``service_code``,
  ``start_date``, ``end_date`` (ISO 8601, at most 90 days, the last 90 by default) and ``status``
  (``open``, ``closed`` or both);
- ``GET /open311/v2/requests/{service_request_id}.{json,xml}`` ("GET Service Request").

A request shows no personal data: no name, contact or address of the citizen, and the question
only once it is published (anonymised), as ``description``; ``status_notes`` is the published
answer, ``agency_responsible`` the handling unit, ``expected_datetime`` the answer's due moment.
``status`` is ``closed`` once the case is refused or closed, else ``open``. Errors use the spec's
shape, ``[{"code": 400, "description": "…"}]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from reformdesk.catalog.open311 import FORMATS, Open311Error, _answer, _render
from reformdesk.core.middleware import client_ip
from reformdesk.core.ratelimit import hit
from reformdesk.feedback.choices import CLOSED_STATUSES, Kind
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services.open311 import (
    Open311Request,
    kind_of,
    open311_submit,
    partner_authenticate,
    received_between,
    service_code,
)
from reformdesk.org import selectors as org_selectors
from reformdesk.org.models import Official

# Requests listed at most per GET (the spec lets a server cap it); narrow the dates for more.
MAX_REQUESTS = 1000


# --- services (listed by catalog.open311) --------------------------------------------------------


def feedback_services() -> list[dict[str, Any]]:
    """The feedback kinds as GeoReport v2 services."""
    return [
        {
            "service_code": service_code(kind),
            "service_name": str(label),
            "description": _("Phản ánh, kiến nghị: %(kind)s.") % {"kind": label},
            "metadata": True,
            "type": "realtime",
            "keywords": _("phản ánh, kiến nghị"),
            "group": _("Phản ánh, kiến nghị"),
        }
        for kind, label in Kind.choices
    ]


def _board() -> dict[str, Official]:
    units = list(org_selectors.unit_directory())
    boards = org_selectors.hotline_boards(units=units)
    return {o.employee_code: o for board in boards.values() for o in board}


def feedback_service_definition(code: str) -> dict[str, Any] | None:
    kind = kind_of(code)
    if kind is None:
        return None
    attributes: list[dict[str, Any]] = [
        {
            "variable": True,
            "code": "subject",
            "datatype": "string",
            "required": False,
            "datatype_description": _("Tối đa 200 ký tự; nếu bỏ trống, lấy từ nội dung."),
            "order": 1,
            "description": _("Tiêu đề phản ánh"),
        }
    ]
    if kind == Kind.DOSSIER:
        attributes.append(
            {
                "variable": True,
                "code": "dossier_code",
                "datatype": "string",
                "required": True,
                "datatype_description": _("Mã hồ sơ in trên giấy hẹn."),
                "order": 2,
                "description": _("Mã hồ sơ liên quan"),
            }
        )
    if kind == Kind.OFFICIAL:
        attributes.append(
            {
                "variable": True,
                "code": "official",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "",
                "order": 2,
                "description": _("Cán bộ bị phản ánh"),
                "values": [{"key": key, "name": o.full_name} for key, o in sorted(_board().items())],
            }
        )
    return {"service_code": code, "attributes": attributes}


# --- requests --------------------------------------------------------------------------------------


def _moment(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value is not None else None


def _request(case: FeedbackCase) -> dict[str, Any]:
    published = case.published_at is not None
    return {
        "service_request_id": case.code,
        "status": "closed" if case.status in CLOSED_STATUSES else "open",
        "status_notes": case.answer if published else "",
        "service_name": case.get_kind_display(),
        "service_code": service_code(case.kind),
        "description": case.published_question if published else "",
        "agency_responsible": case.unit.name,
        "service_notice": "",
        "requested_datetime": _moment(case.received_at),
        "updated_datetime": _moment(case.updated_at),
        "expected_datetime": _moment(case.answer_due_at),
        "address": "",
        "address_id": "",
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
    }


REQUEST_FIELDS = (
    "code",
    "status",
    "kind",
    "answer",
    "published_at",
    "published_question",
    "unit__name_vi",
    "unit__name_en",
    "received_at",
    "updated_at",
    "answer_due_at",
)


def _guard(request: HttpRequest, fmt: str) -> None:
    if fmt not in FORMATS:
        raise Open311Error(404, _("Định dạng không được hỗ trợ; dùng .json hoặc .xml."))
    limit = settings.PUBLIC_RATE_LIMIT_PER_MINUTE
    if not hit(key=f"open311:{client_ip(request) or 'unknown'}", limit=limit, window=60):
        raise Open311Error(429, _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau một phút."))


def _errors(fmt: str, status: int, messages: list[str]) -> HttpResponse:
    return _render(
        fmt if fmt in FORMATS else "json",
        "errors",
        "error",
        [{"code": status, "description": message} for message in messages],
        status,
    )


def _date(request: HttpRequest, name: str) -> dt.datetime | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or timezone.is_naive(parsed):
        raise Open311Error(
            400,
            _("%(name)s phải là thời điểm ISO 8601 có múi giờ, ví dụ 2026-01-05T08:00:00+07:00.")
            % {"name": name},
        )
    return parsed


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = FeedbackCase.objects.select_related("unit").only(*REQUEST_FIELDS).order_by("-received_at", "-id")
    ids = [code.strip() for code in request.GET.get("service_request_id", "").split(",") if code.strip()]
    if ids:
        rows = rows.filter(code__in=[code[:40] for code in ids[:MAX_REQUESTS]])
    else:
        code = request.GET.get("service_code", "").strip()
        if code:
            kind = kind_of(code)
            if kind is None:
                raise Open311Error(404, _("Không có dịch vụ mã «%(code)s».") % {"code": code[:30]})
            rows = rows.filter(kind=kind)
        try:
            start, end = received_between(start=_date(request, "start_date"), end=_date(request, "end_date"))
        except ValidationError as error:
            raise Open311Error(400, error.messages[0]) from None
        rows = rows.filter(received_at__gte=start, received_at__lte=end)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status chỉ nhận open, closed hoặc cả hai."))
        if statuses == {"open"}:
            rows = rows.exclude(status__in=CLOSED_STATUSES)
        elif statuses == {"closed"}:
            rows = rows.filter(status__in=CLOSED_STATUSES)
    return _render(fmt, "service_requests", "request", [_request(case) for case in rows[:MAX_REQUESTS]])


def _field_errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]
    return list(error.messages)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    partner = partner_authenticate(api_key=data.get("api_key", ""))
    if partner is None:
        raise Open311Error(403, _("api_key không hợp lệ hoặc đã bị thu hồi."))
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("Cần ghi service_code."))
    if kind_of(code) is None:
        raise Open311Error(404, _("Không có dịch vụ mã «%(code)s».") % {"code": code[:30]})
    attributes = {
        key[len("attribute[") : -1]: value
        for key, value in data.items()
        if key.startswith("attribute[") and key.endswith("]")
    }
    submitted = Open311Request(
        service_code=code,
        description=data.get("description", ""),
        address_string=data.get("address_string", ""),
        lat=data.get("lat", "").strip(),
        long=data.get("long", "").strip(),
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        attributes=attributes,
    )
    try:
        case = open311_submit(partner=partner, request=submitted, officials=_board())
    except ValidationError as error:
        return _errors(fmt, 400, _field_errors(error))
    notice = _("Đã tiếp nhận. Hạn trả lời: %(moment)s.") % {
        "moment": timezone.localtime(case.answer_due_at).strftime("%H:%M %d/%m/%Y")
    }
    return _render(
        fmt,
        "service_requests",
        "request",
        [{"service_request_id": case.code, "service_notice": notice, "account_id": ""}],
        201,
    )


@csrf_exempt  # a partner's server posts with its api_key, never a browser with a session
@require_http_methods(["GET", "HEAD", "POST"])
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET Service Requests, or POST Service Request."""
    try:
        _guard(request, fmt)
        if request.method == "POST":
            return _create(request, fmt)
        return _list(request, fmt)
    except Open311Error as error:
        return _answer(fmt, error)


@require_safe
def request_detail(request: HttpRequest, service_request_id: str, fmt: str) -> HttpResponse:
    """GET Service Request: one case, as a list of one (the spec's shape)."""
    try:
        _guard(request, fmt)
        case = (
            FeedbackCase.objects.select_related("unit")
            .only(*REQUEST_FIELDS)
            .filter(code=service_request_id[:40])
            .first()
        )
        if case is None:
            raise Open311Error(404, _("Không có yêu cầu mã «%(code)s».") % {"code": service_request_id[:40]})
    except Open311Error as error:
        return _answer(fmt, error)
    return _render(fmt, "service_requests", "request", [_request(case)])
