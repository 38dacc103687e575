"""The inspection services: setting up and holding a sudden inspection, the refusals of issue 14
(nothing saved when refused), the record's signatures, and remediation through tasks."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.assignments.choices import SourceKind
from reformdesk.assignments.models import Task
from reformdesk.attendance.choices import ExceptionKind
from reformdesk.core.models import AuditEvent
from reformdesk.inspections import services
from reformdesk.inspections.choices import EventKind, FindingStatus, Presence, Status
from reformdesk.inspections.models import Answer, Finding, Inspection, InspectionEvent, PresenceCheck
from reformdesk.inspections.services import ActionNotAllowed
from reformdesk.inspections.tests.factories import AT, approved_leave, punch, sudden, vn


def _answer_all(inspection, actor):
    for answer in inspection.answers.select_related("item"):
        services.answer_save(actor=actor, inspection=inspection, answer=answer, result="pass", at=AT)
    services.presence_confirm_rest(actor=actor, inspection=inspection, at=AT)


def _finished(personas, inspector, tree):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    _answer_all(inspection, personas.inspector)
    return services.inspection_complete(
        actor=personas.inspector, inspection=inspection, at=vn(2025, 12, 2, 11)
    )


def test_sudden_inspection_starts_with_the_data_of_the_moment(personas, tree, inspector, chair_a, one_stop_a):
    """GIVEN the chair punched in at 07:55 and the one-stop officer is on an approved business trip
    WHEN the district inspector starts a sudden inspection of commune A at 09:30
    THEN every item has its answer row and each official is pre-filled from the records."""
    punch(official=chair_a, unit=tree.commune_a, at=vn(2025, 12, 2, 7, 55))
    approved_leave(official=one_stop_a, unit=tree.commune_a, kind=ExceptionKind.BUSINESS_TRIP)

    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)

    assert inspection.status == Status.IN_PROGRESS
    assert inspection.at == AT
    assert Answer.objects.filter(inspection=inspection).count() == 13
    rows = {
        row.official.full_name: (row.prefilled, row.detail)
        for row in PresenceCheck.objects.filter(inspection=inspection)
    }
    assert rows["Đinh Xuân Công"] == (Presence.PRESENT, "Chấm công vào lúc 07:55")
    assert rows["Nguyễn Thị Hoa"][0] == Presence.BUSINESS_TRIP
    assert list(inspection.events.values_list("kind", flat=True)) == [EventKind.CREATED, EventKind.STARTED]
    assert AuditEvent.objects.filter(action="inspection.started", object_id=str(inspection.pk)).count() == 1


def test_late_and_absent_officials_are_pre_filled_so(personas, tree, inspector, chair_a, one_stop_a):
    punch(official=chair_a, unit=tree.commune_a, at=vn(2025, 12, 2, 8, 40))
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    rows = dict(
        PresenceCheck.objects.filter(inspection=inspection).values_list("official__full_name", "prefilled")
    )
    assert rows == {"Đinh Xuân Công": Presence.LATE, "Nguyễn Thị Hoa": Presence.ABSENT}


def test_an_inspector_may_not_inspect_their_own_unit(personas, tree, inspector):
    """A team member who works at the target unit is refused, and nothing is saved."""
    with pytest.raises(ValidationError) as caught:
        services.inspection_create(
            actor=personas.admin,
            inspecting_unit=tree.province,
            target_unit=tree.district,
            kind="sudden",
            leader=inspector,
            at=AT,
        )
    assert "không được kiểm tra đơn vị của mình" in caught.value.message_dict["team"][0]
    assert Inspection.objects.count() == 0
    assert InspectionEvent.objects.count() == 0


def test_a_commune_official_cannot_hold_an_inspection(personas, tree, chair_a):
    with pytest.raises(PermissionDenied):
        sudden(actor=personas.chair_a, leader=chair_a, target=tree.commune_b)
    assert Inspection.objects.count() == 0


def test_the_inspector_corrects_one_official(personas, tree, inspector, one_stop_a):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    check = inspection.presence.get(official=one_stop_a)
    assert check.prefilled == Presence.ABSENT

    with pytest.raises(ValidationError) as caught:
        services.presence_confirm(
            actor=personas.inspector, inspection=inspection, check=check, confirmed="present"
        )
    assert "lý do" in caught.value.message_dict["note"][0]
    check.refresh_from_db()
    assert check.confirmed == ""

    services.presence_confirm(
        actor=personas.inspector,
        inspection=inspection,
        check=check,
        confirmed=Presence.PRESENT,
        note="Có mặt tại bộ phận một cửa, máy chấm công hỏng",
    )
    check.refresh_from_db()
    assert (check.confirmed, check.corrected) == (Presence.PRESENT, True)
    assert inspection.events.filter(kind=EventKind.PRESENCE_CORRECTED).count() == 1


def test_answers_are_saved_one_at_a_time_and_only_by_the_team(personas, tree, inspector):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    answer = inspection.answers.get(item__code="name_tag")
    services.answer_save(
        actor=personas.inspector,
        inspection=inspection,
        answer=answer,
        result="fail",
        expected=2,
        found=1,
        note="1 người không đeo thẻ",
    )
    answer.refresh_from_db()
    assert (answer.result, answer.expected, answer.found) == ("fail", 2, 1)
    assert inspection.answers.exclude(result="").count() == 1

    with pytest.raises(PermissionDenied):
        services.answer_save(
            actor=personas.district_reform, inspection=inspection, answer=answer, result="pass"
        )
    with pytest.raises(ValidationError):
        services.answer_save(actor=personas.inspector, inspection=inspection, answer=answer, result="maybe")
    answer.refresh_from_db()
    assert answer.result == "fail"


def test_a_finding_about_an_official_outside_the_unit_is_refused(
    personas, tree, inspector, specialist_b, chair_a
):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    with pytest.raises(ValidationError) as caught:
        services.finding_add(
            actor=personas.inspector,
            inspection=inspection,
            severity="minor",
            kind="name_tag",
            description="Không đeo thẻ",
            official=specialist_b,
        )
    assert "không thuộc đơn vị được kiểm tra" in caught.value.message_dict["official"][0]
    assert Finding.objects.count() == 0

    finding = services.finding_add(
        actor=personas.inspector,
        inspection=inspection,
        severity="minor",
        item=inspection.template.items.get(code="name_tag"),
        description="Không đeo thẻ khi tiếp công dân",
        official=chair_a,
    )
    assert (finding.kind, finding.status, finding.unit) == ("name_tag", FindingStatus.OPEN, tree.commune_a)
    assert "129/2007" in finding.rule


def test_completion_needs_every_item_and_every_official(personas, tree, inspector):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    with pytest.raises(ValidationError) as caught:
        services.inspection_complete(actor=personas.inspector, inspection=inspection)
    assert set(caught.value.message_dict) == {"answers", "presence"}
    inspection.refresh_from_db()
    assert inspection.status == Status.IN_PROGRESS


def test_signing_twice_or_changing_a_signed_record_is_refused(personas, tree, inspector, chair_a):
    inspection = _finished(personas, inspector, tree)
    services.inspection_sign_leader(actor=personas.inspector, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.status == Status.LEADER_SIGNED and len(inspection.record_sha256) == 64

    with pytest.raises(ActionNotAllowed):
        services.inspection_sign_leader(actor=personas.inspector, inspection=inspection)
    answer = inspection.answers.first()
    with pytest.raises(ActionNotAllowed):
        services.answer_save(actor=personas.inspector, inspection=inspection, answer=answer, result="fail")
    with pytest.raises(ActionNotAllowed):
        services.finding_add(
            actor=personas.inspector, inspection=inspection, severity="minor", kind="other", description="x"
        )
    answer.refresh_from_db()
    assert answer.result == "pass"

    with pytest.raises(PermissionDenied):
        services.inspection_sign_unit(actor=personas.one_stop_a, inspection=inspection, response="Nhất trí")
    services.inspection_sign_unit(
        actor=personas.chair_a, inspection=inspection, response="Đơn vị nhất trí với biên bản."
    )
    inspection.refresh_from_db()
    assert (inspection.status, inspection.unit_signed_by, inspection.unit_response) == (
        Status.SIGNED,
        chair_a,
        "Đơn vị nhất trí với biên bản.",
    )
    with pytest.raises(ActionNotAllowed):
        services.inspection_sign_unit(actor=personas.chair_a, inspection=inspection, response="Ký lại")
    inspection.refresh_from_db()
    assert inspection.unit_response == "Đơn vị nhất trí với biên bản."
    assert inspection.events.filter(kind__in=[EventKind.LEADER_SIGNED, EventKind.UNIT_SIGNED]).count() == 2


def test_a_finding_becomes_a_task_and_a_follow_up_closes_it(personas, tree, inspector, one_stop_a):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    finding = services.finding_add(
        actor=personas.inspector,
        inspection=inspection,
        severity="moderate",
        item=inspection.template.items.get(code="postings"),
        description="Thiếu 3 thủ tục lĩnh vực hộ tịch tại bảng niêm yết",
        at=AT,
    )
    _answer_all(inspection, personas.inspector)
    services.inspection_complete(actor=personas.inspector, inspection=inspection, at=vn(2025, 12, 2, 11))

    services.finding_to_task(
        actor=personas.chair_a, finding=finding, assignee=one_stop_a, deadline_days=3, at=vn(2025, 12, 2, 14)
    )
    finding.refresh_from_db()
    task = Task.objects.get()
    assert finding.task == task and finding.status == FindingStatus.REMEDIATING
    assert (task.source_kind, task.assignee) == (SourceKind.INSPECTION, one_stop_a)
    assert task.source_reference.startswith(f"Biên bản kiểm tra #{inspection.pk} ngày 02/12/2025")
    with pytest.raises(ActionNotAllowed):
        services.finding_to_task(
            actor=personas.chair_a, finding=finding, assignee=one_stop_a, deadline_days=3
        )
    assert Task.objects.count() == 1

    services.finding_follow_up(
        actor=personas.inspector,
        finding=finding,
        fixed=False,
        note="Mới bổ sung 1 thủ tục",
        at=vn(2025, 12, 4, 9),
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.REOPENED
    services.finding_follow_up(actor=personas.inspector, finding=finding, fixed=True, at=vn(2025, 12, 5, 9))
    finding.refresh_from_db()
    assert (finding.status, finding.closed_on_time) == (FindingStatus.CLOSED, True)
    kinds = list(finding.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.FINDING_ADDED,
        EventKind.TASK_CREATED,
        EventKind.FOLLOW_UP_REOPENED,
        EventKind.FOLLOW_UP_CLOSED,
    ]


def test_the_chair_cannot_follow_up_a_finding(personas, tree, inspector):
    inspection = _finished(personas, inspector, tree)
    finding = Finding.objects.create(
        inspection=inspection,
        unit=tree.commune_a,
        kind="other",
        severity="minor",
        description="x",
        status=FindingStatus.OPEN,
        created_by=personas.inspector,
        created_at=AT,
    )
    with pytest.raises(PermissionDenied):
        services.finding_follow_up(actor=personas.chair_a, finding=finding, fixed=True)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
