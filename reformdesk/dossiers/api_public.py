"""The citizen's dossier lookup at /api/v1/public/dossiers/{code}?secret=…, without login.

The secret is the one printed in the receipt's QR code, or the last four digits of the
applicant's phone. An unknown code and a wrong secret get the same 404, and every client is
rate-limited, so codes cannot be probed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from reformdesk.core.api import ApiError, ErrorOut, local_time
from reformdesk.core.ratelimit import public_rate_limit
from reformdesk.dossiers import selectors

router = Router()

# Lookups are cheap to make and codes are guessable: a tighter limit than the catalog's.
LOOKUP_PER_MINUTE = 20


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


@router.get(
    "/{code}",
    response={200: PublicDossierOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Look a dossier up with its receipt (public)",
)
@public_rate_limit("api.dossier_lookup", per_minute=LOOKUP_PER_MINUTE)
def lookup(request: HttpRequest, code: str, secret: str = "") -> dict[str, Any]:
    found = selectors.dossier_lookup(code=code, secret=secret[:32])
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
