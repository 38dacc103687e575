"""A dossier's clock: the appointment, the steps' due moments, and pausing for supplements.

All arithmetic is the worktime app's, read through its selectors on the processing unit's
calendar. A pause stops the clock: on resuming, every due moment still ahead when the pause began
is moved so that the same working time remains after the resume as remained before the pause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from reformdesk.catalog.choices import Channel
from reformdesk.catalog.models import FilingMethod, ProcedureCase, ProcedureVersion, StepTemplate
from reformdesk.dossiers.choices import EventKind, Outcome
from reformdesk.org.models import Unit
from reformdesk.worktime import selectors as worktime


def pick_time_limit(
    *,
    methods: Mapping[tuple[int | None, int], Decimal | None],
    case_id: int | None,
    case_days: Decimal | None,
    steps_days: Decimal | None,
    channel: int,
) -> Decimal | None:
    """The time limit in working days for filing on ``channel``, from the version's channel rows
    ``{(case id or None, channel): days}``: the sub-case's own row, else the version's, else (a
    channel without its own row) the in-person one; else the sub-case's limit; else the total of
    the step template, when the decision states its limit only in words ("trong ngày") and the
    catalog's steps carry it in working days. ``None`` when nothing gives a number."""
    keys: list[tuple[int | None, int]] = []
    if case_id is not None:
        keys += [(case_id, channel), (case_id, Channel.IN_PERSON)]
    keys += [(None, channel), (None, Channel.IN_PERSON)]
    for key in keys:
        days = methods.get(key)
        if days is not None:
            return days
    if case_days is not None:
        return case_days
    return steps_days if steps_days else None


def time_limit(*, version: ProcedureVersion, case: ProcedureCase | None, channel: int) -> Decimal:
    """:func:`pick_time_limit` read from the database; a translated error when there is none."""
    methods = {
        (m.case_id, m.channel): m.time_limit_days for m in FilingMethod.objects.filter(version=version)
    }
    steps = StepTemplate.objects.filter(version=version, case=case)
    if case is not None and not steps.exists():
        steps = StepTemplate.objects.filter(version=version, case__isnull=True)
    steps_days = steps.aggregate(total=Sum("working_days"))["total"]
    days = pick_time_limit(
        methods=methods,
        case_id=case.pk if case else None,
        case_days=case.time_limit_days if case else None,
        steps_days=steps_days,
        channel=channel,
    )
    if days is None:
        raise ValidationError(
            _(
                "Thủ tục chưa có thời hạn giải quyết bằng số ngày làm việc;"
                " cần bổ sung danh mục thủ tục trước khi tiếp nhận."
            ),
            code="no_time_limit",
        )
    return days


def appointment(*, unit: Unit, received_at: dt.datetime, days: Decimal) -> dt.datetime:
    """When a dossier received at ``received_at`` with ``days`` working days is due."""
    return worktime.due_at(unit=unit, start=received_at, days=float(days))


def _running_totals(days: list[Decimal]) -> list[float]:
    totals, total = [], Decimal(0)
    for amount in days:
        total += amount
        totals.append(float(total))
    return totals


def step_due_moments(*, unit: Unit, received_at: dt.datetime, days: list[Decimal]) -> list[dt.datetime]:
    """The due moment of each step: the steps' working days added up in order from the receipt."""
    return worktime.due_moments(unit=unit, start=received_at, days=_running_totals(days))


def receipt_due_moments(
    *, unit: Unit, received_at: dt.datetime, days: Decimal, steps: list[Decimal]
) -> tuple[dt.datetime, list[dt.datetime]]:
    """The appointment of a receipt (:func:`appointment`) and its steps' due moments
    (:func:`step_due_moments`) from one reading of the calendar, each sum of working days computed
    once: the last steps usually fall due with the appointment itself."""
    moments = worktime.due_moments(unit=unit, start=received_at, days=[float(days), *_running_totals(steps)])
    return moments[0], moments[1:]


def resumed(*, unit: Unit, due: dt.datetime, paused_at: dt.datetime, resumed_at: dt.datetime) -> dt.datetime:
    """``due`` after a pause from ``paused_at`` to ``resumed_at``: the working time that was left
    at the pause, counted again from the resume. A moment already past at the pause stays."""
    if due <= paused_at:
        return due
    clock = worktime.work_clock(unit=unit)
    left = clock.working_time(start=paused_at, end=due)
    return clock.due_at(start=resumed_at, duration=left, cutoff=False)


# The apology for a late dossier (form 04, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; in the 2025
# set "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"). Decree 61/2018/NĐ-CP Art. 19, as
# reported when it was issued (baovinhlong.com.vn, 08/06/2018, after PLO): "trong thời hạn chậm nhất
# một ngày trước ngày hết hạn, cơ quan có thẩm quyền phải … gửi văn bản xin lỗi tổ chức, cá nhân,
# trong đó ghi rõ lý do quá hạn, thời gian đề nghị gia hạn trả kết quả. Việc hẹn lại ngày trả kết
# quả được thực hiện không quá một lần." Decree 118/2025/NĐ-CP replaced it on 1/7/2025 and keeps an
# apology with a request for more time (Circular 03/2025/TT-VPCP, form 04); UNCONFIRMED: the stored
# copy of 118/2025 could be read only through its first articles, and a later search of the stored
# sources found its article on late dossiers nowhere (only secondary mentions that the apology
# follows 118/2025), so its wording of the time rule was not seen. The conservative reading is
# kept: one *working* day (the unit's daily working time, as every deadline here) before the due
# moment, and the new date set once.
APOLOGY_NOTICE_DAYS = 1


def apology_in_time(*, clock: worktime.WorkClock, at: dt.datetime, due: dt.datetime) -> bool:
    """Whether an apology made at ``at`` comes at least :data:`APOLOGY_NOTICE_DAYS` working days
    before ``due`` (exactly one working day before is in time), on the processing unit's
    ``clock``. The service and the demo both ask this."""
    return clock.due_at(start=at, days=APOLOGY_NOTICE_DAYS, cutoff=False) <= due


def apology_latest_new_date(*, clock: worktime.WorkClock, due: dt.datetime, days: Decimal) -> dt.datetime:
    """The latest new date an apology may promise: the procedure's time limit (``days``, at least
    one working day) again, counted from ``due`` on the processing unit's ``clock``.

    The decree asks for "thời gian đề nghị gia hạn" and allows it once, and names no maximum; an
    extension longer than the whole legal time limit would be a second processing period rather
    than an extension, so the desk's bound is one more time limit (our reading, not the text's)."""
    return clock.due_at(start=due, days=float(max(days, Decimal(1))), cutoff=False)


# Decision 766/QĐ-TTg, "Tiến độ, kết quả giải quyết" (shared/data/index-766.md; the formula is
# reverse-engineered by a third party from published scores and formula documents, the legal annex
# was not seen): on time when "thời điểm kết thúc xử lý − (thời điểm hoàn thành bổ sung − thời điểm
# yêu cầu bổ sung)" is not after the appointment, on the wall clock; more than one supplement
# request is late. Only requests made after the receipt count: the desk's written guidance before
# receipt (form 02 at the counter, event INTAKE_SUPPLEMENT) comes before any appointment exists —
# the time limit runs from the receipt of a complete dossier (e.g. a procedure record quoted on
# dichvucong.binhdinh.gov.vn: "hướng dẫn một lần bằng văn bản … để bổ sung, hoàn thiện hồ sơ. Trong
# thời hạn 01 ngày làm việc kể từ ngày nhận lại hồ sơ theo đúng quy định, … ban hành văn bản tiếp
# nhận và hẹn giải quyết hồ sơ"), so there is no deadline it could delay nor a wait to subtract.


def outcome_766(
    *, finished_at: dt.datetime, appointment: dt.datetime, waited: dt.timedelta, requests: int
) -> str:
    """The outcome the statistics and the 766 index read: ``finished_at`` less the wall-clock
    ``waited`` for the applicant's supplements, against the ``appointment`` of the receipt (before
    any supplement moved it); late after more than one supplement request in processing."""
    return outcome_of(finished_at=finished_at - waited, due=appointment, late=requests > 1)


def supplement_waits(
    events: Iterable[tuple[str, dt.datetime, Mapping[str, Any]]], *, due: dt.datetime
) -> tuple[dt.datetime, dt.timedelta, int]:
    """From a dossier's supplement events ``(kind, at, data)`` in time order: the appointment of
    the receipt, the total wall-clock wait and the number of requests in processing.

    ``due`` is the dossier's current appointment (moved by working time at each resume, see
    :func:`resumed`); the receipt's is the ``due_before`` of the first resume."""
    appointment, waited, requests = None, dt.timedelta(0), 0
    for kind, at, data in events:
        if kind == EventKind.SUPPLEMENT_REQUESTED:
            requests += 1
        elif kind == EventKind.SUPPLEMENT_RECEIVED:
            waited += at - dt.datetime.fromisoformat(data["paused_from"])
            if appointment is None:
                appointment = dt.datetime.fromisoformat(data["due_before"])
    return appointment or due, waited, requests


def outcome_of(*, finished_at: dt.datetime, due: dt.datetime, late: bool = False) -> str:
    """Early when finished on a day before the due day, on time up to the due moment, else late.

    ``late`` forces lateness (a dossier asked for supplements more than once, Decision 766). Used
    as is for the steps of the control slip, whose due moments follow working time."""
    if late or finished_at > due:
        return Outcome.LATE
    if worktime.to_vn(finished_at).date() < worktime.to_vn(due).date():
        return Outcome.EARLY
    return Outcome.ON_TIME
