"""Open311 GeoReport v2 service discovery built from the procedure catalog.

``GET /open311/v2/services.json`` lists every procedure in force as a service and
``GET /open311/v2/services/<service_code>.json`` gives its definition (``.xml`` too: the
specification makes XML the required format and JSON optional). Submitting requests is not offered
here: citizens file dossiers at the desk or on the national portal.

How the catalog maps onto the standard:

- ``service_code`` is the national procedure code (``1.001193``), ``group`` the field's name,
  ``keywords`` the field, levels and online level, separated by commas.
- ``type`` follows the online level: a fully online procedure gets its dossier code the moment it
  is filed (``realtime``); a partly online one is checked at the desk before it is received and
  coded (``batch``); one filed only at the desk returns nothing to track through an API
  (``blackbox``).
- ``metadata`` is true when the version in force declares filing channels, sub-cases or papers.
  The definition then has a required ``channel`` list (in person, online, post, each with its time
  limit and fee), a required ``case`` list when the procedure has sub-cases, and one informational
  attribute (``variable: false``) per required paper. A service with ``metadata: false`` still has
  a definition, with an empty ``attributes`` list, so a client calling it anyway gets a valid
  answer; only an unknown code is a 404.
- ``jurisdiction_id`` is optional. When given it must be a unit code (QCVN 102, e.g.
  ``000.71.00.H41``): the list is then the procedures posted at that unit's one-stop desk. An
  unknown jurisdiction is a 404.
- Errors use the standard's shape: ``[{"code": 404, "description": "…"}]``; too many requests from
  one address answer 429 in the same shape.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # builds documents only; never parses input
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from reformdesk.catalog import selectors
from reformdesk.catalog.choices import Level, OnlineLevel
from reformdesk.catalog.models import FilingMethod, Procedure, ProcedureVersion
from reformdesk.core.middleware import client_ip
from reformdesk.core.ratelimit import hit
from reformdesk.org.models import Unit

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
SERVICE_TYPE = {OnlineLevel.FULL: "realtime", OnlineLevel.PARTIAL: "batch", OnlineLevel.NONE: "blackbox"}


# Services of other apps (feedback's kinds), registered in their AppConfig.ready: each gives its
# service list entries and a definition by code (None for a code not its own).
ServiceList = Callable[[], list[dict[str, Any]]]
ServiceDefinition = Callable[[str], "dict[str, Any] | None"]
_other_services: list[tuple[ServiceList, ServiceDefinition]] = []


def register_services(*, listing: ServiceList, definition: ServiceDefinition) -> None:
    if (listing, definition) not in _other_services:
        _other_services.append((listing, definition))


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def working_days_text(days: Decimal | None) -> str:
    """``Decimal("0.5")`` → "0,5 ngày làm việc" / "0.5 working days" (the active language's decimal mark)."""
    if days is None:
        return ""
    # Only exactly one takes the singular in English ("1 working day", "0.5 working days").
    count = 1 if days == 1 else 2
    # normalize() keeps every significant decimal (a step may take 0.25 day) and drops the rest.
    number = number_format(Decimal(format(Decimal(days).normalize(), "f")))
    return ngettext("%(days)s ngày làm việc", "%(days)s ngày làm việc", count) % {"days": number}


def grouped(amount: int) -> str:
    """8000 → "8.000" in Vietnamese, "8,000" in English (Django's formats do not group by default)."""
    return f"{amount:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def _levels_text(procedure: Procedure) -> list[str]:
    labels = dict(Level.choices)
    return [str(labels[level]) for level in procedure.levels]


def _service(procedure: Procedure) -> dict[str, Any]:
    time_limit = working_days_text(getattr(procedure, "time_limit_days", None))
    description = _("%(field)s; %(levels)s.") % {
        "field": procedure.field.name,
        "levels": ", ".join(_levels_text(procedure)),
    }
    if time_limit:
        description += " " + _("Thời hạn giải quyết: %(time)s.") % {"time": time_limit}
    keywords = [procedure.field.name, *_levels_text(procedure), procedure.get_online_level_display()]
    return {
        "service_code": procedure.national_code,
        "service_name": procedure.name,
        "description": description,
        "metadata": bool(getattr(procedure, "has_metadata", False)),
        "type": SERVICE_TYPE[OnlineLevel(procedure.online_level)],
        "keywords": ", ".join(keywords),
        "group": procedure.field.name,
    }


def _has_metadata(day: Any) -> Exists:
    in_force = Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))
    return Exists(
        ProcedureVersion.objects.filter(in_force, procedure=OuterRef("pk")).filter(
            Q(filing_methods__isnull=False) | Q(cases__isnull=False) | Q(papers__isnull=False)
        )
    )


def services_queryset(*, jurisdiction: Unit | None) -> QuerySet[Procedure]:
    """Procedures in force (posted at ``jurisdiction``'s desk when given), grouped by field."""
    day = timezone.localdate()
    return (
        selectors.procedure_search(unit=jurisdiction, on=day)
        .annotate(has_metadata=_has_metadata(day))
        .order_by("field__sort_order", "field__name_vi", "national_code")
    )


def _method_label(method: FilingMethod) -> str:
    parts = [method.get_channel_display()]
    if method.time_limit_days is not None or method.time_limit_text:
        parts.append(working_days_text(method.time_limit_days) or method.time_limit_text)
    if method.fee_vnd == 0:
        parts.append(_("không thu phí"))
    elif method.fee_vnd:
        parts.append(_("%(amount)s đồng") % {"amount": grouped(method.fee_vnd)})
    elif method.fee_text:
        parts.append(method.fee_text)
    return " — ".join(parts)


def service_definition(detail: selectors.ProcedureDetail) -> dict[str, Any]:
    """The GeoReport v2 service definition of one procedure's version in force."""
    attributes: list[dict[str, Any]] = []

    def add(**attribute: Any) -> None:
        attributes.append({"order": len(attributes) + 1, **attribute})

    methods = [*detail.filing_methods, *(m for c in detail.cases for m in c.filing_methods)]
    channels: dict[int, FilingMethod] = {}
    for method in methods:
        channels.setdefault(method.channel, method)
    if channels:
        add(
            variable=True,
            code="channel",
            datatype="singlevaluelist",
            required=True,
            datatype_description="",
            description=_("Cách thức nộp hồ sơ"),
            values=[{"key": str(ch), "name": _method_label(m)} for ch, m in sorted(channels.items())],
        )
    if detail.cases:
        add(
            variable=True,
            code="case",
            datatype="singlevaluelist",
            required=False,
            datatype_description="",
            description=_("Trường hợp riêng (nếu thuộc một trong các trường hợp này)"),
            values=[{"key": str(c.case.pk), "name": c.case.name_vi} for c in detail.cases],
        )
    papers = [(None, p) for p in detail.papers] + [(c.case, p) for c in detail.cases for p in c.papers]
    for case, paper in papers:
        text = _("%(name)s (%(form)s, %(quantity)s bản)") % {
            "name": paper.name_vi,
            "form": paper.get_form_display().lower(),
            "quantity": paper.quantity,
        }
        if case is not None:
            text += " — " + _("trường hợp: %(case)s") % {"case": case.name_vi}
        if not paper.is_required:
            text += " — " + _("nếu có")
        add(
            variable=False,
            code=f"paper_{paper.pk}",
            datatype="string",
            required=False,
            datatype_description="",
            description=text,
        )
    return {"service_code": detail.procedure.national_code, "attributes": attributes}


# --- rendering -----------------------------------------------------------------------------------


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    child = ET.SubElement(parent, name)
    if isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, list):
        for item in value:
            _xml_dict(ET.SubElement(child, name[:-1]), item)
    elif value is not None:
        child.text = str(value)


def _xml_dict(element: ET.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        _xml_value(element, key, value)


def _render(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            data,
            status=status,
            safe=False,
            content_type=FORMATS["json"],
            json_dumps_params={"ensure_ascii": False},
        )
    element = ET.Element(root)
    if item is None:
        _xml_dict(element, data)
    else:
        for entry in data:
            _xml_dict(ET.SubElement(element, item), entry)
    body = ET.tostring(element, encoding="unicode")
    return HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + body, status=status, content_type=FORMATS["xml"]
    )


def _errors(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(
        fmt if fmt in FORMATS else "json",
        "errors",
        "error",
        [{"code": status, "description": description}],
        status,
    )


def _guard(request: HttpRequest, fmt: str) -> Unit | None:
    """Checks the format, the rate limit and ``jurisdiction_id``; returns the jurisdiction."""
    if fmt not in FORMATS:
        raise Open311Error(404, _("Định dạng không được hỗ trợ; dùng .json hoặc .xml."))
    limit = settings.PUBLIC_RATE_LIMIT_PER_MINUTE
    if not hit(key=f"open311:{client_ip(request) or 'unknown'}", limit=limit, window=60):
        raise Open311Error(429, _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau một phút."))
    code = request.GET.get("jurisdiction_id", "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Open311Error(404, _("Không có đơn vị (jurisdiction_id) mã «%(code)s».") % {"code": code[:20]})
    return unit


def _answer(fmt: str, error: Open311Error) -> HttpResponse:
    response = _errors(fmt, error.status, error.description)
    if error.status == 429:
        response["Retry-After"] = "60"
    return response


@require_safe
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET Service List."""
    try:
        jurisdiction = _guard(request, fmt)
    except Open311Error as error:
        return _answer(fmt, error)
    listed: Iterable[Procedure] = services_queryset(jurisdiction=jurisdiction)
    others = [entry for listing, _definition in _other_services for entry in listing()]
    return _render(fmt, "services", "service", [*(_service(p) for p in listed), *others])


@require_safe
def service(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    """GET Service Definition."""
    try:
        _guard(request, fmt)
        for _listing, definition in _other_services:
            other = definition(service_code)
            if other is not None:
                return _render(fmt, "service_definition", None, other)
        detail = selectors.procedure_detail(code=service_code)
        if detail is None or not detail.procedure.is_active:
            raise Open311Error(404, _("Không có dịch vụ mã «%(code)s».") % {"code": service_code[:20]})
    except Open311Error as error:
        return _answer(fmt, error)
    return _render(fmt, "service_definition", None, service_definition(detail))
