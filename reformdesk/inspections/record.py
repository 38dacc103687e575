"""The record (biên bản kiểm tra): what it says, its fingerprint at signing, and its PDF."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils import timezone

from reformdesk.core.pdf import render_pdf
from reformdesk.inspections.models import Inspection
from reformdesk.inspections.selectors import InspectionDetail, detail_of


def record_content(detail: InspectionDetail) -> dict[str, Any]:
    """What the record states, in a stable form: its fingerprint is taken when the team leader
    signs, and a later reading proves nothing changed after the signature."""
    inspection = detail.inspection
    return {
        "inspection": inspection.pk,
        "target": inspection.target_unit_id,
        "at": timezone.localtime(inspection.at).isoformat() if inspection.at else None,
        "team": [[m.official_id, m.is_leader] for m in detail.team],
        "answers": [[a.item.code, a.result, a.expected, a.found, a.note] for a in detail.answers],
        "presence": [[p.official_id, p.prefilled, p.confirmed, p.note] for p in detail.presence],
        "findings": [
            [f.pk, f.kind, f.severity, f.official_id, f.description, f.rule] for f in detail.findings
        ],
    }


def record_digest(inspection: Inspection) -> str:
    content = json.dumps(record_content(detail_of(inspection)), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()


def record_pdf(*, detail: InspectionDetail) -> bytes:
    """The record as a PDF (Tinos, with Vietnamese), with both signatures as recorded in-app."""
    inspection = detail.inspection
    failed = [a for a in detail.answers if a.result == "fail"]
    corrected = [p for p in detail.presence if p.corrected]
    absent = [p for p in detail.presence if (p.confirmed or p.prefilled) in ("absent", "late")]
    return render_pdf(
        template_name="inspections/record_pdf.html",
        context={
            "detail": detail,
            "inspection": inspection,
            "failed": failed,
            "corrected": corrected,
            "absent": absent,
            "leader": detail.leader,
        },
    )
