"""Explanations: requested when a day closes (or by a leader), answered by the official with an
optional file checked by content, accepted or rejected by a leader; the day shows the outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reformdesk.attendance.choices import DayStatus, ExplanationStatus
from reformdesk.attendance.jpeg import tiny_jpeg
from reformdesk.attendance.models import DailyRecord, Explanation, Punch
from reformdesk.attendance.services.days import daily_records_close, daily_records_compute
from reformdesk.attendance.services.explanations import (
    explanation_accept,
    explanation_answer,
    explanation_reject,
    explanation_request,
)
from reformdesk.attendance.tests.factories import make_device, map_pin, vn
from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 9, 8)


@pytest.fixture
def late_day(tree, personas):
    device = make_device(unit=tree.commune_a, serial="EXP1")
    official = make_official(unit=tree.commune_a, username="canbo_a", full_name="Đặng Văn Hùng")
    map_pin(unit=tree.commune_a, pin="1", official=official)
    for moment in (vn(2025, 9, 8, 8, 25), vn(2025, 9, 8, 17, 1), vn(2025, 9, 9, 7, 55)):
        Punch.objects.create(
            device=device, unit=tree.commune_a, pin="1", official=official, punched_at=moment, raw_line="x"
        )
    daily_records_compute(unit=tree.commune_a, start=MONDAY, end=MONDAY + dt.timedelta(days=1))
    return device, official


def test_closing_asks_for_explanations(late_day, tree) -> None:
    device, official = late_day
    device.last_contact_at = timezone.now()
    device.save(update_fields=["last_contact_at"])
    daily_records_close(unit=tree.commune_a)
    rows = Explanation.objects.filter(official=official).order_by("record__day")
    assert [(r.record.day, r.record.status, r.status, r.requested_by) for r in rows] == [
        (MONDAY, DayStatus.LATE, ExplanationStatus.REQUESTED, None),
        (MONDAY + dt.timedelta(days=1), DayStatus.MISSING_PUNCH, ExplanationStatus.REQUESTED, None),
    ]
    # absences are answered with leave, not explanations; closing again asks nothing more
    absent = DailyRecord.objects.filter(status=DayStatus.ABSENT).count()
    assert absent > 0 and not Explanation.objects.filter(record__status=DayStatus.ABSENT).exists()
    daily_records_close(unit=tree.commune_a)
    assert Explanation.objects.count() == 2
    assert AuditEvent.objects.filter(action="explanation.request").count() == 2


def test_answer_accept_excuses_the_day(late_day, personas) -> None:
    _, official = late_day
    record = DailyRecord.objects.get(official=official, day=MONDAY)
    row = explanation_request(actor=personas.chair_a, record=record)
    with pytest.raises(ValidationError):
        explanation_request(actor=personas.chair_a, record=record)
    with pytest.raises(PermissionDenied):
        explanation_answer(actor=personas.chair_a, explanation=row, answer="Thay lời")
    upload = SimpleUploadedFile("giay.jpg", tiny_jpeg("x"), content_type="image/jpeg")
    explanation_answer(actor=official.user, explanation=row, answer="Đưa con đi viện", attachment=upload)
    row.refresh_from_db()
    assert (row.status, row.attachment_type, row.attachment.read()) == (
        ExplanationStatus.ANSWERED,
        "image/jpeg",
        tiny_jpeg("x"),
    )
    with pytest.raises(PermissionDenied):
        explanation_accept(actor=official.user, explanation=row)
    explanation_accept(actor=personas.chair_a, explanation=row, note="Đồng ý")
    record.refresh_from_db()
    assert (record.excused, record.is_violation, record.status) == (True, False, DayStatus.LATE)
    # recomputing the day keeps the outcome
    daily_records_compute(unit=record.unit, start=MONDAY, end=MONDAY)
    record.refresh_from_db()
    assert record.excused is True
    actions = sorted(
        AuditEvent.objects.filter(object_type="attendance.explanation").values_list("action", flat=True)
    )
    assert actions == ["explanation.accept", "explanation.answer", "explanation.request"]


def test_bad_answers_change_nothing(late_day, personas) -> None:
    _, official = late_day
    record = DailyRecord.objects.get(official=official, day=MONDAY)
    row = explanation_request(actor=personas.chair_a, record=record)
    fake = SimpleUploadedFile("giay.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        explanation_answer(actor=official.user, explanation=row, answer="Có giấy", attachment=fake)
    assert error.value.messages == [
        "Tệp “giay.pdf” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp)."
    ]
    with pytest.raises(ValidationError):
        explanation_answer(actor=official.user, explanation=row, answer="   ")
    row.refresh_from_db()
    assert (row.status, row.answer, row.attachment.name) == (ExplanationStatus.REQUESTED, "", "")
    explanation_answer(actor=official.user, explanation=row, answer="Kẹt xe")
    with pytest.raises(ValidationError) as error:
        explanation_reject(actor=personas.chair_a, explanation=row, note="")
    assert error.value.messages == ["Cần ghi lý do không chấp nhận."]
    explanation_reject(actor=personas.chair_a, explanation=row, note="Không có căn cứ")
    record.refresh_from_db()
    assert (record.excused, record.is_violation) == (False, True)
    absent = DailyRecord.objects.filter(status=DayStatus.ABSENT).first()
    with pytest.raises(ValidationError):
        explanation_request(actor=personas.chair_a, record=absent)


def test_pages(late_day, personas) -> None:
    _, official = late_day
    record = DailyRecord.objects.get(official=official, day=MONDAY)
    leader = sign_in(Client(), personas.chair_a)
    button = f'action="{reverse("attendance:day_explain", args=[record.pk])}"'
    assert button in leader.get(reverse("attendance:day_list")).content.decode()
    assert (
        button
        not in sign_in(Client(), personas.inspector).get(reverse("attendance:day_list")).content.decode()
    )
    response = leader.post(reverse("attendance:day_explain", args=[record.pk]))
    row = Explanation.objects.get()
    assert response["Location"] == reverse("attendance:explanation_detail", args=[row.pk])
    mine = sign_in(Client(), official.user)
    assert "Tôi cần giải trình" in mine.get(reverse("attendance:explanation_list")).content.decode()
    url = reverse("attendance:explanation_detail", args=[row.pk])
    response = mine.post(url, {"action": "answer", "answer": ""})
    row.refresh_from_db()
    assert row.status == ExplanationStatus.REQUESTED
    mine.post(url, {"action": "answer", "answer": "Kẹt xe trên quốc lộ"})
    row.refresh_from_db()
    assert row.status == ExplanationStatus.ANSWERED
    # another official may not decide, nor even see it
    other = make_official(unit=record.unit, username="canbo_khac")
    assert sign_in(Client(), other.user).get(url).status_code == 404
    page = leader.get(url).content.decode()
    assert "Kẹt xe trên quốc lộ" in page and 'value="accept"' in page
    assert AccessLog.objects.filter(purpose="explanation.view", subject_id=str(official.pk)).count() == 1
    leader.post(url, {"action": "accept", "note": ""})
    row.refresh_from_db()
    assert row.status == ExplanationStatus.ACCEPTED
    days = leader.get(reverse("attendance:day_list")).content.decode()
    assert "Giải trình: Chấp nhận" in days and button not in days
