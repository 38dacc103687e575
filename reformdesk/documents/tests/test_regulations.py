"""Internal regulations: versions, what they replace, publication, acknowledgements and reminders;
each refusal leaves nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from reformdesk.core.models import AuditEvent
from reformdesk.core.uploads import check_upload
from reformdesk.documents.choices_regulations import RegulationEventKind, RegulationStatus
from reformdesk.documents.models import RegulationAcknowledgement, RegulationEvent, RegulationVersion
from reformdesk.documents.selectors_regulations import (
    acknowledgement_status,
    public_regulations,
    regulations_to_acknowledge,
)
from reformdesk.documents.services.common import ActionNotAllowed
from reformdesk.documents.services.regulations import (
    regulation_acknowledge,
    regulation_publish,
    regulation_reminders_send,
)
from reformdesk.documents.tests.factories import pdf_upload, register_outgoing
from reformdesk.documents.tests.factories_regulations import make_version
from reformdesk.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_a_version_is_entered_as_a_draft_with_its_event_and_audit_rows(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a, publish=False)
    assert version.status == RegulationStatus.DRAFT
    assert version.decision == "05/QĐ-UBND"
    assert "quy che lam viec" in version.search_text
    assert list(RegulationEvent.objects.values_list("kind", flat=True)) == [RegulationEventKind.CREATED]
    assert AuditEvent.objects.filter(action="documents.regulation_created").count() == 1


def test_the_issuing_decision_comes_from_the_outgoing_register(tree, personas, chair_a):
    decision = register_outgoing(actor=personas.chair_a, unit=tree.commune_a, signer=chair_a)
    version = make_version(
        actor=personas.chair_a, unit=tree.commune_a, issuing_document=decision, decision_symbol="ignored"
    )
    assert version.issuing_document == decision
    assert version.decision_symbol == ""
    assert version.decision == "01/QĐ-UBND"


def test_a_decision_of_another_unit_is_refused(tree, personas, chair_a, chair_b):
    decision = register_outgoing(actor=chair_b.user, unit=tree.commune_b, signer=chair_b)
    with pytest.raises(ValidationError) as caught:
        make_version(actor=personas.chair_a, unit=tree.commune_a, issuing_document=decision)
    assert caught.value.message_dict["issuing_document"] == [
        "Quyết định ban hành phải là văn bản đi của chính đơn vị."
    ]
    assert RegulationVersion.objects.count() == 0


def test_the_pdf_is_a_checked_upload(tree, personas):
    version = make_version(
        actor=personas.chair_a, unit=tree.commune_a, pdf=check_upload(pdf_upload("qc.pdf"))
    )
    assert version.pdf_name == "qc.pdf"
    assert len(version.pdf_sha256) == 64
    assert "qc.pdf" not in version.pdf.name


def test_a_version_replaces_an_earlier_one_taking_effect_on_or_after_it(tree, personas):
    old = make_version(actor=personas.chair_a, unit=tree.commune_a, effective_on=dt.date(2025, 7, 1))
    new = make_version(
        actor=personas.chair_a, unit=tree.commune_a, effective_on=dt.date(2026, 1, 1), replaces=old
    )
    assert new.replaces == old
    old.refresh_from_db()
    assert old.replaced_by == new


def test_a_version_effective_before_the_one_it_replaces_is_refused(tree, personas):
    """GIVEN working rules in force from 1/1/2026 WHEN a version replacing them takes effect on
    31/12/2025 THEN it is refused with the date of the replaced version, and nothing is saved."""
    old = make_version(actor=personas.chair_a, unit=tree.commune_a)
    events, audits = RegulationEvent.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_version(
            actor=personas.chair_a, unit=tree.commune_a, effective_on=dt.date(2025, 12, 31), replaces=old
        )
    assert caught.value.message_dict["effective_on"] == [
        "Phiên bản mới không thể có hiệu lực trước phiên bản nó thay thế (có hiệu lực từ 01/01/2026)."
    ]
    assert RegulationVersion.objects.count() == 1
    assert (RegulationEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_version_cannot_be_replaced_twice_nor_across_units(tree, personas, chair_b):
    old = make_version(actor=personas.chair_a, unit=tree.commune_a)
    make_version(actor=personas.chair_a, unit=tree.commune_a, replaces=old, effective_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as twice:
        make_version(
            actor=personas.chair_a, unit=tree.commune_a, replaces=old, effective_on=dt.date(2026, 3, 1)
        )
    assert twice.value.message_dict["replaces"] == ["Phiên bản này đã được một phiên bản khác thay thế."]
    with pytest.raises(ValidationError) as other_unit:
        make_version(actor=chair_b.user, unit=tree.commune_b, replaces=old)
    assert other_unit.value.message_dict["replaces"] == ["Chỉ thay thế được quy chế của chính đơn vị."]
    assert RegulationVersion.objects.count() == 2


def test_only_leaders_and_reform_officers_issue_regulations(tree, personas):
    with pytest.raises(PermissionDenied):
        make_version(actor=personas.one_stop_a, unit=tree.commune_a)
    with pytest.raises(PermissionDenied):
        make_version(actor=personas.inspector, unit=tree.commune_a)
    assert make_version(actor=personas.district_reform, unit=tree.commune_a).unit == tree.commune_a
    assert RegulationVersion.objects.count() == 1


def test_publishing_twice_is_refused(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    with pytest.raises(ActionNotAllowed):
        regulation_publish(actor=personas.chair_a, version=version)
    assert RegulationEvent.objects.filter(kind=RegulationEventKind.PUBLISHED).count() == 1


def test_an_official_of_the_unit_acknowledges_once(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    assert [v.pk for v in regulations_to_acknowledge(user=personas.one_stop_a)] == [version.pk]
    row = regulation_acknowledge(actor=personas.one_stop_a, version=version)
    assert row.official.full_name == "Nguyễn Thị Hoa"
    assert regulations_to_acknowledge(user=personas.one_stop_a) == []
    with pytest.raises(ActionNotAllowed) as caught:
        regulation_acknowledge(actor=personas.one_stop_a, version=version)
    assert caught.value.message == "Bạn đã xác nhận đã đọc phiên bản này."
    assert RegulationAcknowledgement.objects.count() == 1
    assert RegulationEvent.objects.filter(kind=RegulationEventKind.ACKNOWLEDGED).count() == 1


def test_acknowledging_a_version_one_is_not_subject_to_is_refused(tree, personas):
    """An official of commune B, the district's inspector and a login without an official are not
    subject to commune A's rules: refused, nothing saved."""
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    for user in (personas.specialist_b, personas.inspector, personas.outsider):
        with pytest.raises(ActionNotAllowed) as caught:
            regulation_acknowledge(actor=user, version=version)
        assert (
            caught.value.message
            == "Quy chế này không áp dụng với bạn: chỉ cán bộ, công chức của Xã Phú Sơn xác nhận."
        )
    assert RegulationAcknowledgement.objects.count() == 0
    assert RegulationEvent.objects.filter(kind=RegulationEventKind.ACKNOWLEDGED).count() == 0


def test_a_draft_cannot_be_acknowledged(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a, publish=False)
    with pytest.raises(ActionNotAllowed):
        regulation_acknowledge(actor=personas.one_stop_a, version=version)
    assert RegulationAcknowledgement.objects.count() == 0


def test_leaders_see_who_is_missing(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    regulation_acknowledge(actor=personas.chair_a, version=version)
    rows = acknowledgement_status(version=version, on=timezone.localdate())
    assert [(r.official.full_name, r.acknowledged_at is not None) for r in rows] == [
        ("Nguyễn Thị Hoa", False),
        ("Đinh Xuân Công", True),
    ]


def test_reminders_go_once_to_those_who_have_not_acknowledged(tree, personas):
    version = make_version(actor=personas.chair_a, unit=tree.commune_a)
    regulation_acknowledge(actor=personas.chair_a, version=version)
    personas.one_stop_a.official.phone = "0912345678"
    personas.one_stop_a.official.email = "hoa@phuson.gov.vn"
    personas.one_stop_a.official.save(update_fields=["phone", "email"])
    run = regulation_reminders_send()
    assert (run.versions, run.messages) == (1, 2)
    assert sorted(
        Message.objects.filter(key="regulation.acknowledge").values_list("channel", "recipient")
    ) == [
        ("email", "hoa@phuson.gov.vn"),
        ("sms", "0912345678"),
    ]
    assert "Quy chế làm việc của UBND xã" in Message.objects.get(channel="email").body
    again = regulation_reminders_send()
    assert (again.versions, again.messages) == (0, 0)
    assert Message.objects.count() == 2
    assert RegulationEvent.objects.filter(kind=RegulationEventKind.REMINDED).count() == 1


def test_the_reminder_command_reports_its_run(tree, personas, capsys):
    make_version(actor=personas.chair_a, unit=tree.commune_a)
    call_command("send_regulation_reminders")
    assert capsys.readouterr().out.strip().startswith("Regulation reminders queued:")


def test_public_versions_in_force_are_listed_for_the_portal(tree, personas):
    old = make_version(
        actor=personas.chair_a,
        unit=tree.commune_a,
        title="Nội quy tiếp công dân",
        is_public=True,
        effective_on=dt.date(2025, 7, 1),
    )
    make_version(actor=personas.chair_a, unit=tree.commune_a, title="Quy chế chi tiêu nội bộ")
    assert [v.title for v in public_regulations(unit=tree.commune_a, on=dt.date(2026, 1, 5))] == [
        "Nội quy tiếp công dân"
    ]
    new = make_version(
        actor=personas.chair_a,
        unit=tree.commune_a,
        title="Nội quy tiếp công dân (sửa đổi)",
        is_public=True,
        replaces=old,
        effective_on=dt.date(2026, 2, 1),
    )
    assert public_regulations(unit=tree.commune_a, on=dt.date(2026, 1, 31)) == [old]
    assert public_regulations(unit=tree.commune_a, on=dt.date(2026, 2, 1)) == [new]
