"""Rows as the dossier and feedback services leave them, built directly for exact index tests,
and a small evidence file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from reformdesk.catalog.choices import Channel
from reformdesk.dossiers.choices import EventKind, Status
from reformdesk.dossiers.models import Dossier, DossierEvent
from reformdesk.dossiers.services.clock import outcome_766, supplement_waits
from reformdesk.dossiers.tests.factories import DeskProcedure
from reformdesk.org.models import Unit

_NUMBER = [0]


def make_dossier(
    *,
    unit: Unit,
    desk: DeskProcedure,
    received_at: dt.datetime,
    due_at: dt.datetime,
    status: int = Status.PROCESSING,
    finished_at: dt.datetime | None = None,
    supplements: list[tuple[dt.datetime, dt.datetime | None]] = (),  # type: ignore[assignment]
    moved_due_at: dt.datetime | None = None,
    apology_due_at: dt.datetime | None = None,
    channel: int = Channel.IN_PERSON,
    fee_vnd: int | None = None,
) -> Dossier:
    """A received dossier with its supplement events (each a request and, when given, the
    applicant's answer). ``due_at`` is the receipt's appointment; ``moved_due_at`` the appointment
    as the resume moved it. With ``finished_at`` the outcome is decided as the dossier services
    decide it (``clock.outcome_766`` over ``clock.supplement_waits``)."""
    _NUMBER[0] += 1
    dossier = Dossier.objects.create(
        code=f"{unit.code}-{received_at:%y%m%d}-{_NUMBER[0]:04d}",
        secret="ABCDEFGH",
        procedure=desk.procedure,
        version=desk.version,
        receiving_unit=unit,
        processing_unit=unit,
        channel=channel,
        status=Status.RESULT_READY if finished_at and status == Status.PROCESSING else status,
        applicant_name="Hoàng Văn Bình",
        submitted_at=received_at,
        received_at=received_at,
        time_limit_days=Decimal(3),
        due_at=moved_due_at or due_at,
        apology_due_at=apology_due_at,
        supplement_count=len(supplements),
        paused_at=supplements[-1][0] if supplements and supplements[-1][1] is None else None,
        finished_at=finished_at,
        fee_vnd=fee_vnd,
    )
    events: list[tuple[str, dt.datetime, dict[str, Any]]] = []
    for requested_at, answered_at in supplements:
        events.append((EventKind.SUPPLEMENT_REQUESTED, requested_at, {}))
        if answered_at is not None:
            data = {"paused_from": requested_at.isoformat(), "due_before": due_at.isoformat()}
            events.append((EventKind.SUPPLEMENT_RECEIVED, answered_at, data))
    DossierEvent.objects.bulk_create(
        DossierEvent(
            dossier=dossier,
            kind=kind,
            at=at,
            to_status=Status.SUPPLEMENT if kind == EventKind.SUPPLEMENT_REQUESTED else Status.PROCESSING,
            data=data,
        )
        for kind, at, data in events
    )
    if finished_at is not None:
        appointment, waited, requests = supplement_waits(events, due=dossier.due_at)
        dossier.outcome = outcome_766(
            finished_at=finished_at, appointment=appointment, waited=waited, requests=requests
        )
        dossier.save(update_fields=["outcome"])
    return dossier


def pdf(name: str = "bien-ban-dong-bo.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
