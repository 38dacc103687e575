"""Handling an accepted case to its end: one request for more information, the answer drafted,
signed by the unit's leader, sent, published without personal data, rated, closed.

Each action locks the case row, checks the status it applies to (else ``ActionNotAllowed``, HTTP
409) and the actor's right on the case's unit (else ``PermissionDenied``), changes the case and
writes one event row — or changes nothing at all.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.text import clean_text, fold
from reformdesk.core.validators import validate_text
from reformdesk.feedback.anonymise import anonymise
from reformdesk.feedback.choices import EventKind, Satisfaction, Status
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.models.case import CONTENT_MAX_CHARS
from reformdesk.feedback.services.deadlines import (
    answer_deadline,
    moved_by_pause,
    publish_deadline,
    received_day,
    rules_on,
)
from reformdesk.feedback.services.events import ActionNotAllowed
from reformdesk.feedback.services.guards import check_handler, check_staff, expect, locked, moment, transition
from reformdesk.feedback.services.intake import _note
from reformdesk.feedback.services.routing import unit_leader
from reformdesk.org.permissions import AnyUser, Perm, has_perm

ANSWER_MAX_CHARS = CONTENT_MAX_CHARS


@transaction.atomic
def feedback_ask_clarification(
    *, actor: AnyUser, case: FeedbackCase, question: str, at: dt.datetime | None = None
) -> FeedbackCase:
    """Ask the citizen for more information, once in the case's life: the clock stops until the
    answer comes (``feedback_clarification_received``). An anonymous citizen cannot be asked."""
    case = locked(case)
    check_handler(actor, case)
    expect(case, (Status.ASSIGNED,), _("Chỉ đề nghị bổ sung thông tin được khi phản ánh đang xử lý."))
    if case.clarification_count >= 1:
        raise ActionNotAllowed(_("Chỉ được đề nghị công dân bổ sung thông tin một lần."))
    if case.is_anonymous:
        raise ActionNotAllowed(_("Phản ánh ẩn danh: không có địa chỉ để đề nghị bổ sung thông tin."))
    question = _note(question, required=_("Cần ghi rõ thông tin công dân cần bổ sung."), name="question")
    at = moment(at)
    return transition(
        case,
        kind=EventKind.CLARIFICATION_ASKED,
        actor=actor,
        at=at,
        status=Status.CLARIFYING,
        fields={"paused_at": at, "clarification_count": case.clarification_count + 1},
        note=question,
        data={"late": at > case.clarify_due_at},
    )


@transaction.atomic
def feedback_clarification_received(
    *, actor: AnyUser, case: FeedbackCase, note: str, at: dt.datetime | None = None
) -> FeedbackCase:
    """The citizen's additional information came (``note`` says what): the clock runs again and
    the answer's due moment moves by the working time the case waited (``services.deadlines``)."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    expect(case, (Status.CLARIFYING,), _("Phản ánh không ở trạng thái chờ công dân bổ sung thông tin."))
    note = _note(note, required=_("Cần ghi nội dung công dân đã bổ sung."))
    at = moment(at)
    assert case.paused_at is not None
    if at < case.paused_at:
        raise ValidationError({"at": _("Thời điểm nhận thông tin bổ sung không được trước lúc đề nghị.")})
    due_before = case.answer_due_at
    due_after = moved_by_pause(unit=case.unit, due=due_before, paused_at=case.paused_at, resumed_at=at)
    paused_from = case.paused_at
    return transition(
        case,
        kind=EventKind.CLARIFICATION_RECEIVED,
        actor=actor,
        at=at,
        status=Status.ASSIGNED,
        fields={"paused_at": None, "answer_due_at": due_after},
        note=note,
        data={
            "paused_from": timezone.localtime(paused_from).isoformat(),
            "due_before": timezone.localtime(due_before).isoformat(),
            "due_after": timezone.localtime(due_after).isoformat(),
        },
    )


@transaction.atomic
def feedback_draft_answer(
    *,
    actor: AnyUser,
    case: FeedbackCase,
    answer: str,
    template_id: int | None = None,
    at: dt.datetime | None = None,
) -> FeedbackCase:
    """The handler (or a leader) writes the answer, or rewrites it before it is signed;
    ``template_id`` names the answer template it started from (one offered for the case), which
    the drafted event keeps."""
    case = locked(case)
    check_handler(actor, case)
    expect(case, (Status.ASSIGNED, Status.DRAFTED), _("Chỉ dự thảo trả lời được khi phản ánh đang xử lý."))
    answer = clean_text(answer).strip()
    if not answer:
        raise ValidationError({"answer": _("Cần ghi nội dung trả lời.")})
    if len(answer) > ANSWER_MAX_CHARS:
        raise ValidationError(
            {"answer": _("Nội dung trả lời dài quá %(limit)d ký tự.") % {"limit": ANSWER_MAX_CHARS}}
        )
    try:
        validate_text(answer, multiline=True)
    except ValidationError as exc:
        raise ValidationError({"answer": exc.messages}) from exc
    data: dict[str, object] = {"chars": len(answer)}
    if template_id is not None:
        # The selectors read the services' deadlines: imported here, not at the top.
        from reformdesk.feedback.selectors import answer_templates_for

        if not answer_templates_for(case=case).filter(pk=template_id).exists():
            raise ValidationError({"template": _("Mẫu trả lời không dùng được cho phản ánh này.")})
        data["template"] = template_id
    return transition(
        case,
        kind=EventKind.DRAFTED,
        actor=actor,
        at=moment(at),
        status=Status.DRAFTED,
        fields={"answer": answer},
        data=data,
    )


@transaction.atomic
def feedback_approve_answer(
    *, actor: AnyUser, case: FeedbackCase, note: str = "", at: dt.datetime | None = None
) -> FeedbackCase:
    """A leader of the case's unit signs the drafted answer (never the official it is about)."""
    case = locked(case)
    me = check_staff(actor, Perm.DECIDE_FEEDBACK, case)
    expect(case, (Status.DRAFTED,), _("Chỉ ký duyệt được phản ánh đã có dự thảo trả lời."))
    note = _note(note)
    at = moment(at)
    return transition(
        case,
        kind=EventKind.APPROVED,
        actor=actor,
        at=at,
        status=Status.APPROVED,
        fields={"approved_by": me, "approved_at": at},
        note=note,
    )


def _answered(case: FeedbackCase, at: dt.datetime) -> None:
    """The answer is given at ``at``: on time or not, and the publication's due moment."""
    case.answered_at = at
    case.answered_on_time = at <= case.answer_due_at
    case.publish_due_at = publish_deadline(
        unit=case.unit, answered_at=at, rules=rules_on(day=received_day(case))
    )


@transaction.atomic
def feedback_send(*, actor: AnyUser, case: FeedbackCase, at: dt.datetime | None = None) -> FeedbackCase:
    """Send the signed answer to the citizen (the outbox notifies them); the publication's clock
    starts. An anonymous case has nobody to send to: its answer is published instead."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    expect(case, (Status.APPROVED,), _("Chỉ gửi được câu trả lời đã được lãnh đạo ký duyệt."))
    if case.is_anonymous:
        raise ActionNotAllowed(
            _("Phản ánh ẩn danh không có địa chỉ nhận trả lời: hãy công khai câu trả lời.")
        )
    at = moment(at)
    return transition(
        case,
        kind=EventKind.SENT,
        actor=actor,
        at=at,
        status=Status.SENT,
        before=lambda c: _answered(c, at),
        data={"answered_on_time": at <= case.answer_due_at},
    )


@transaction.atomic
def feedback_publish(*, actor: AnyUser, case: FeedbackCase, at: dt.datetime | None = None) -> FeedbackCase:
    """Publish the answer with the question stripped of personal data (``anonymise``): the
    names, the citizen's address, e-mail addresses, ID numbers and phone numbers. The answer is
    published as signed. An anonymous case is published once signed: that is its answer."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    publishable = {Status.SENT, Status.RATED} | ({Status.APPROVED} if case.is_anonymous else set())
    expect(case, publishable, _("Chỉ công khai được câu trả lời đã gửi (phản ánh ẩn danh: đã ký duyệt)."))
    if case.published_at is not None and case.status == Status.RATED:
        raise ActionNotAllowed(_("Câu trả lời đã được công khai."))
    at = moment(at)
    names = [case.citizen_name]
    if case.related_official is not None:
        names.append(case.related_official.full_name)
    question = anonymise(f"{case.subject}\n\n{case.content}", names=names, addresses=[case.citizen_address])
    status = Status.RATED if case.status == Status.RATED else Status.PUBLISHED

    def publish(c: FeedbackCase) -> None:
        if c.answered_at is None:  # an anonymous case: publishing is answering
            _answered(c, at)
        c.published_at = at
        c.published_question = question
        c.published_search = fold(f"{question}\n{c.answer}")

    return transition(
        case,
        kind=EventKind.PUBLISHED,
        actor=actor,
        at=at,
        status=status,
        before=publish,
        data={"on_time": case.publish_due_at is None or at <= case.publish_due_at},
    )


def _secret_matches(case: FeedbackCase, secret: str) -> bool:
    secret = secret.strip().upper()
    return bool(secret) and hmac.compare_digest(secret.encode(), case.secret.upper().encode())


@transaction.atomic
def feedback_rate(
    *,
    actor: AnyUser,
    case: FeedbackCase,
    satisfaction: str,
    comment: str = "",
    secret: str = "",
    at: dt.datetime | None = None,
) -> FeedbackCase:
    """The citizen rates the answer (through staff who record it, or themselves with the case's
    secret). "Không hài lòng" reopens the case once: it goes to the leader of its unit with a new
    answering time; a second rating is final."""
    case = locked(case)
    if not (has_perm(actor, Perm.RECEIVE_FEEDBACK, case.unit) or _secret_matches(case, secret)):
        raise PermissionDenied(_("Bạn không có quyền ghi đánh giá cho phản ánh này."))
    expect(
        case,
        (Status.SENT, Status.PUBLISHED),
        _("Chỉ đánh giá được phản ánh đã có câu trả lời và chưa được đánh giá."),
    )
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Cần chọn hài lòng hoặc không hài lòng.")})
    comment = _note(comment, name="comment")
    at = moment(at)
    data = {"satisfaction": satisfaction, "comment": comment}
    fields = {"rating": satisfaction, "rated_at": at}
    if satisfaction == Satisfaction.SATISFIED or case.reopened_at is not None:
        return transition(
            case,
            kind=EventKind.RATED,
            actor=actor,
            at=at,
            status=Status.RATED,
            fields=fields,
            note=comment,
            data=data,
        )
    day = timezone.localtime(at).date()
    leader = unit_leader(unit=case.unit, on=day, besides=case.related_official)
    rules = rules_on(day=received_day(case))
    previous = case.handler
    fields |= {
        "reopened_at": at,
        "handler": leader,
        "answer_due_at": answer_deadline(unit=case.unit, start=at, rules=rules),
        "publish_due_at": None,
        "published_at": None,
        "published_question": "",
        "published_search": "",
        "approved_by": None,
        "approved_at": None,
    }
    return transition(
        case,
        kind=EventKind.REOPENED,
        actor=actor,
        at=at,
        status=Status.ASSIGNED if leader is not None else Status.ACCEPTED,
        fields=fields,
        note=comment,
        data=data,
        from_official=previous,
        to_official=leader,
    )


@transaction.atomic
def feedback_close(
    *, actor: AnyUser, case: FeedbackCase, note: str = "", at: dt.datetime | None = None
) -> FeedbackCase:
    """Close a case whose answer is published (rated or not: a citizen need not rate)."""
    case = locked(case)
    check_staff(actor, Perm.HANDLE_FEEDBACK, case)
    expect(case, (Status.PUBLISHED, Status.RATED), _("Chỉ kết thúc được phản ánh đã trả lời."))
    if case.published_at is None:
        raise ActionNotAllowed(_("Cần công khai câu trả lời trước khi kết thúc."))
    note = _note(note)
    at = moment(at)
    return transition(
        case,
        kind=EventKind.CLOSED,
        actor=actor,
        at=at,
        status=Status.CLOSED,
        fields={"closed_at": at},
        note=note,
    )
