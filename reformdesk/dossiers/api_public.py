"""The citizen's dossier lookup at /api/v1/public/dossiers/{code}, without login.

The secret is the one printed in the receipt's QR code, or the last four digits of the
applicant's phone. Send it in the ``X-Lookup-Secret`` header: a query parameter (``?secret=``,
still accepted) ends up in proxies' and servers' access logs. An unknown code and a wrong secret
get the same 404; wrong secrets are counted with the lookup page's, per client and per code
(``services.lookup``), and past the limit the answer is 429 except for the receipt's own secret.
"""

# Annotations are evaluated where written: ninja would read a decorated view's string annotations
# (``from __future__ import annotations``) in its decorator's module, where ``Text`` is unknown.

import datetime as dt
import math
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Header, Query, Router, Schema

from reformdesk.core.api import ApiError, ErrorOut, Text, local_time
from reformdesk.core.middleware import client_ip
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.dossiers.services.lookup import LOOKUP_PER_MINUTE, LOOKUP_SCOPE, dossier_lookup_attempt

router = Router()


class PublicStepOut(Schema):
    at: dt.datetime
    kind: str
    label: str
    unit: str


class PublicDossierOut(Schema):
    code: str
    status: int
    status_label: str
    procedure: str
    procedure_name: str
    receiving_unit: str
    processing_unit: str
    collect_at: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    apology_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    delivered_at: dt.datetime | None
    missing_papers: list[str]
    timeline: list[PublicStepOut]


def lookup_not_found() -> ApiError:
    return ApiError(
        404,
        _("Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Hãy kiểm tra lại giấy hẹn."),
        "not_found",
    )


def lookup_try_later(retry_after: int) -> HttpResponse:
    minutes = max(1, math.ceil(retry_after / 60))
    message = ngettext(
        "Đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút, hoặc dùng mã tra cứu"
        " in trên giấy hẹn.",
        "Đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút, hoặc dùng mã tra cứu"
        " in trên giấy hẹn.",
        minutes,
    ) % {"minutes": minutes}
    response = JsonResponse({"detail": message, "code": "try_later"}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@router.get(
    "/{code}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Look a dossier up with its receipt (public)",
    description="Prefer the `X-Lookup-Secret` header to the `secret` query parameter, which servers"
    " and proxies write to their logs. After too many wrong secrets for a code or from a client,"
    " 429 (with `Retry-After`) answers every secret but the receipt's own.",
)
@public_rate_limit(LOOKUP_SCOPE, per_minute=LOOKUP_PER_MINUTE)
def lookup(
    request: HttpRequest,
    code: Text,
    secret: Text = Query(  # noqa: B008 - ninja's parameter declaration
        "", max_length=64, description="deprecated: use the X-Lookup-Secret header"
    ),
    x_lookup_secret: Text = Header("", alias="X-Lookup-Secret", max_length=64),  # noqa: B008
) -> Any:
    outcome = dossier_lookup_attempt(
        code=code, secret=(x_lookup_secret or secret)[:32], client=client_ip(request)
    )
    if outcome.retry_after:
        return lookup_try_later(outcome.retry_after)
    found = outcome.found
    if found is None:
        raise lookup_not_found()
    return {
        "code": found.code,
        "status": found.status,
        "status_label": found.status_label,
        "procedure": found.procedure_code,
        "procedure_name": found.procedure_name,
        "receiving_unit": found.receiving_unit,
        "processing_unit": found.processing_unit,
        "collect_at": found.collect_at,
        "submitted_at": local_time(found.submitted_at),
        "received_at": local_time(found.received_at),
        "due_at": local_time(found.due_at),
        "apology_due_at": local_time(found.apology_due_at),
        "finished_at": local_time(found.finished_at),
        "delivered_at": local_time(found.delivered_at),
        "missing_papers": found.missing_papers,
        "timeline": [{**vars(step), "at": local_time(step.at)} for step in found.timeline],
    }
