"""A finding about an official recorded as a breach of the official's signed 2025 commitment
(issue 14), by the service, the run page and the API; the refusals of the brief (no signed
commitment, an item of another commitment, the same finding twice) leave nothing saved; the
figures count the breaches per official."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.documents.choices_regulations import CommitmentEventKind
from reformdesk.documents.models import CommitmentBreach, CommitmentEvent
from reformdesk.documents.services.commitments import commitment_sign, record_breach
from reformdesk.documents.tests.factories_regulations import make_template
from reformdesk.inspections import services
from reformdesk.inspections.choices import EventKind
from reformdesk.inspections.models import Finding, InspectionEvent
from reformdesk.inspections.selectors import inspection_figures
from reformdesk.inspections.services import ActionNotAllowed
from reformdesk.inspections.tests.factories import AT, sudden, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(personas, tree):
    """The district's 2025 commitment for officials, signed by the one-stop officer of commune A."""
    template = make_template(actor=personas.district_reform, unit=tree.district, year=2025)
    return commitment_sign(actor=personas.one_stop_a, template=template)


def _finished_with_findings(personas, tree, inspector, *officials):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    findings = [
        services.finding_add(
            actor=personas.inspector,
            inspection=inspection,
            severity="minor",
            kind="name_tag",
            description="Không đeo thẻ công chức trong giờ làm việc",
            official=official,
            at=AT,
        )
        for official in officials
    ]
    for answer in inspection.answers.all():
        services.answer_save(
            actor=personas.inspector, inspection=inspection, answer=answer, result="pass", at=AT
        )
    services.presence_confirm_rest(actor=personas.inspector, inspection=inspection, at=AT)
    services.inspection_complete(actor=personas.inspector, inspection=inspection, at=vn(2025, 12, 2, 11))
    return inspection, findings


def _nothing_recorded():
    assert CommitmentBreach.objects.count() == 0
    assert not CommitmentEvent.objects.filter(kind=CommitmentEventKind.BREACH_RECORDED).exists()
    assert not InspectionEvent.objects.filter(kind=EventKind.BREACH_RECORDED).exists()
    assert not Finding.objects.filter(commitment_breach__isnull=False).exists()


def test_a_finding_is_recorded_against_the_commitment_item(personas, tree, inspector, one_stop_a, commitment):
    """GIVEN a finished inspection with a finding about the one-stop officer, who signed the 2025
    commitment, WHEN the inspector records it against item 2 (name tags), THEN the breach is
    dated the inspected day, cites the record and links back to the finding, once."""
    inspection, (finding,) = _finished_with_findings(personas, tree, inspector, one_stop_a)
    item = commitment.template.items.get(number=2)

    services.finding_record_breach(actor=personas.inspector, finding=finding, item=item)

    finding.refresh_from_db()
    breach = CommitmentBreach.objects.get()
    assert finding.commitment_breach == breach
    assert (breach.commitment, breach.item, breach.occurred_on) == (commitment, item, dt.date(2025, 12, 2))
    assert breach.description == "Không đeo thẻ công chức trong giờ làm việc"
    assert (
        breach.source
        == f"Biên bản kiểm tra #{inspection.pk} ngày 02/12/2025 tại Xã Phú Sơn, vi phạm #{finding.pk}"
    )
    assert breach.source_url == f"/staff/inspections/{inspection.pk}/#finding-{finding.pk}"
    event = InspectionEvent.objects.get(kind=EventKind.BREACH_RECORDED)
    assert (event.finding, event.data) == (
        finding,
        {"breach": breach.pk, "commitment": commitment.pk, "item": 2},
    )
    assert CommitmentEvent.objects.filter(kind=CommitmentEventKind.BREACH_RECORDED).count() == 1
    assert AuditEvent.objects.filter(action="inspection.breach_recorded").count() == 1
    assert AuditEvent.objects.filter(action="documents.commitment_breach_recorded").count() == 1

    # The same finding a second time: refused, still one breach.
    with pytest.raises(ActionNotAllowed):
        services.finding_record_breach(actor=personas.inspector, finding=finding, item=item)
    assert CommitmentBreach.objects.count() == 1
    assert InspectionEvent.objects.filter(kind=EventKind.BREACH_RECORDED).count() == 1

    figures = inspection_figures(unit=tree.district, start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))
    assert [(row.full_name, row.findings, row.breaches) for row in figures.by_official] == [
        (one_stop_a.full_name, 1, 1)
    ]


def test_an_official_without_a_signed_commitment_is_refused(personas, tree, inspector, chair_a, commitment):
    """The chair has not signed the 2025 commitment: nothing to record the finding against."""
    _, (finding,) = _finished_with_findings(personas, tree, inspector, chair_a)
    with pytest.raises(ValidationError) as caught:
        services.finding_record_breach(
            actor=personas.inspector, finding=finding, item=commitment.template.items.get(number=2)
        )
    assert caught.value.message_dict["item"] == [
        f"{chair_a.full_name} chưa ký cam kết năm 2025: không có nội dung cam kết để ghi nhận vi phạm."
    ]
    _nothing_recorded()


def test_an_item_of_another_commitment_is_refused(personas, tree, inspector, one_stop_a, commitment):
    """An item of the 2026 template is not in the commitment the official signed for 2025."""
    other = make_template(actor=personas.district_reform, unit=tree.district, year=2026)
    _, (finding,) = _finished_with_findings(personas, tree, inspector, one_stop_a)
    with pytest.raises(ValidationError) as caught:
        services.finding_record_breach(
            actor=personas.inspector, finding=finding, item=other.items.get(number=2)
        )
    assert caught.value.message_dict["item"] == [
        f"Nội dung này không thuộc bản cam kết năm 2025 mà {one_stop_a.full_name} đã ký."
    ]
    _nothing_recorded()


def test_who_and_when_a_breach_may_be_recorded(personas, tree, inspector, one_stop_a, commitment):
    item = commitment.template.items.get(number=2)
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    about_unit = services.finding_add(
        actor=personas.inspector,
        inspection=inspection,
        severity="minor",
        kind="posting",
        description="Thiếu",
        at=AT,
    )
    early = services.finding_add(
        actor=personas.inspector,
        inspection=inspection,
        severity="minor",
        kind="name_tag",
        description="Không đeo thẻ",
        official=one_stop_a,
        at=AT,
    )
    with pytest.raises(ActionNotAllowed):  # the team has not finished on site
        services.finding_record_breach(actor=personas.inspector, finding=early, item=item)
    for answer in inspection.answers.all():
        services.answer_save(
            actor=personas.inspector, inspection=inspection, answer=answer, result="pass", at=AT
        )
    services.presence_confirm_rest(actor=personas.inspector, inspection=inspection, at=AT)
    services.inspection_complete(actor=personas.inspector, inspection=inspection, at=vn(2025, 12, 2, 11))
    with pytest.raises(ActionNotAllowed):  # a finding about the unit, no official's commitment
        services.finding_record_breach(actor=personas.inspector, finding=about_unit, item=item)
    with pytest.raises(PermissionDenied):  # the inspected unit's chair is not the inspecting side
        services.finding_record_breach(actor=personas.chair_a, finding=early, item=item)
    _nothing_recorded()


def test_the_run_page_records_a_breach_and_the_commitment_page_links_back(
    personas, tree, inspector, one_stop_a, chair_a, commitment
):
    inspection, (finding, _chair_finding) = _finished_with_findings(
        personas, tree, inspector, one_stop_a, chair_a
    )
    client = sign_in(Client(), personas.inspector)
    run_url = reverse("inspections:run", args=[inspection.pk])
    page = client.get(run_url).content.decode()
    assert page.count('data-testid="breach-form"') == 1  # the chair signed nothing
    assert "chưa ký cam kết năm 2025" in page
    assert "Đeo thẻ công chức trong giờ làm việc." in page

    action = reverse("inspections:finding_action", args=[finding.pk, "breach"])
    missing = client.post(action, {"item": ""})
    assert missing.status_code == 302
    _nothing_recorded()
    item = commitment.template.items.get(number=2)
    done = client.post(action, {"item": item.pk})
    assert done.status_code == 302 and done.url == run_url
    assert CommitmentBreach.objects.get().item == item
    again = client.post(action, {"item": item.pk}, follow=True).content.decode()
    assert "không ghi nhận lần thứ hai" in again and CommitmentBreach.objects.count() == 1
    assert 'data-testid="breach-recorded"' in again

    detail = sign_in(Client(), personas.inspector).get(
        reverse("documents:commitment_detail", args=[commitment.pk])
    )
    assert detail.status_code == 200
    assert f'href="{run_url}#finding-{finding.pk}"' in detail.content.decode()


def test_the_api_lists_the_items_and_records_the_breach(personas, tree, inspector, one_stop_a, commitment):
    _, (finding,) = _finished_with_findings(personas, tree, inspector, one_stop_a)
    client = sign_in(Client(), personas.inspector)
    base = f"/api/v1/inspections/findings/{finding.pk}"
    listed = client.get(f"{base}/commitment-items")
    assert listed.status_code == 200
    (signed,) = listed.json()
    assert (signed["id"], signed["year"], [i["number"] for i in signed["items"]]) == (
        commitment.pk,
        2025,
        [1, 2, 3],
    )

    chair = sign_in(Client(), personas.chair_a)
    item_id = signed["items"][1]["id"]
    denied = chair.post(
        f"{base}/commitment-breach", json.dumps({"item": item_id}), content_type="application/json"
    )
    assert denied.status_code == 403
    unknown = client.post(
        f"{base}/commitment-breach", json.dumps({"item": 999999}), content_type="application/json"
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_item"
    _nothing_recorded()

    created = client.post(
        f"{base}/commitment-breach", json.dumps({"item": item_id}), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["commitment_breach"] == CommitmentBreach.objects.get().pk
    twice = client.post(
        f"{base}/commitment-breach", json.dumps({"item": item_id}), content_type="application/json"
    )
    assert twice.status_code == 409 and CommitmentBreach.objects.count() == 1
    assert client.get(f"{base}/commitment-items").json() == []


@pytest.mark.parametrize("url", ["https://example.com/x", "//example.com/x", "javascript:alert(1)", "/a b"])
def test_the_breach_link_is_a_path_on_this_site(personas, commitment, url):
    """The commitment page renders ``source_url`` as a link: anything but a local path is refused."""
    with pytest.raises(ValidationError) as caught:
        record_breach(
            actor=personas.inspector,
            commitment=commitment,
            item=commitment.template.items.get(number=1),
            occurred_on=dt.date(2025, 12, 2),
            description="Không đeo thẻ",
            source_url=url,
        )
    assert caught.value.message_dict["source_url"] == ["Liên kết nguồn ghi nhận không hợp lệ."]
    _nothing_recorded()
