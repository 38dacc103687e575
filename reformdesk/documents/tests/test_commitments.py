"""Yearly commitments: templates per year and kind, signing (each official their own, a leader
the unit's), the status per unit, and breaches; each refusal leaves nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.core.models import AuditEvent
from reformdesk.documents.choices_regulations import CommitmentEventKind, CommitmentKind
from reformdesk.documents.models import Commitment, CommitmentBreach, CommitmentEvent, CommitmentTemplate
from reformdesk.documents.selectors_regulations import commitment_status, commitments_of
from reformdesk.documents.services.commitments import applicable_template, commitment_sign, record_breach
from reformdesk.documents.services.common import ActionNotAllowed
from reformdesk.documents.tests.factories_regulations import make_template

pytestmark = pytest.mark.django_db


def test_a_template_has_numbered_items_and_one_event(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district, items=["Một", "", "  Hai "])
    assert [(i.number, i.text) for i in template.items.all()] == [(1, "Một"), (2, "Hai")]
    assert list(CommitmentEvent.objects.values_list("kind", flat=True)) == [
        CommitmentEventKind.TEMPLATE_CREATED
    ]
    assert AuditEvent.objects.filter(action="documents.commitment_template_created").count() == 1


def test_a_second_template_of_the_same_year_and_kind_is_refused(tree, personas):
    make_template(actor=personas.district_reform, unit=tree.district)
    with pytest.raises(ValidationError) as caught:
        make_template(actor=personas.district_reform, unit=tree.district)
    assert caught.value.message_dict["year"] == [
        "Huyện Tân Kỳ đã ban hành mẫu cam kết loại này cho năm 2026."
    ]
    with pytest.raises(ValidationError) as empty:
        make_template(actor=personas.district_reform, unit=tree.district, year=2027, items=["", " "])
    assert empty.value.message_dict["items"] == ["Cần ghi ít nhất một nội dung cam kết."]
    assert CommitmentTemplate.objects.count() == 1


def test_an_official_cannot_issue_a_template(tree, personas):
    with pytest.raises(PermissionDenied):
        make_template(actor=personas.one_stop_a, unit=tree.commune_a)
    assert CommitmentTemplate.objects.count() == 0


def test_the_nearest_template_applies(tree, personas):
    district = make_template(actor=personas.district_reform, unit=tree.district)
    own = make_template(actor=personas.chair_a, unit=tree.commune_a, title="Cam kết riêng của xã")
    assert applicable_template(unit=tree.commune_a, year=2026, kind=CommitmentKind.OFFICIAL) == own
    assert applicable_template(unit=tree.commune_b, year=2026, kind=CommitmentKind.OFFICIAL) == district
    assert applicable_template(unit=tree.commune_b, year=2025, kind=CommitmentKind.OFFICIAL) is None


def test_an_official_signs_once(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    commitment = commitment_sign(actor=personas.one_stop_a, template=template)
    assert (commitment.unit, commitment.official.full_name) == (tree.commune_a, "Nguyễn Thị Hoa")
    assert commitment.signed_by == commitment.official
    with pytest.raises(ActionNotAllowed) as caught:
        commitment_sign(actor=personas.one_stop_a, template=template)
    assert caught.value.message == (
        "Nguyễn Thị Hoa đã ký Bản cam kết thực hiện kỷ luật, kỷ cương hành chính năm 2026; "
        "không ký lại lần thứ hai."
    )
    assert Commitment.objects.count() == 1
    assert CommitmentEvent.objects.filter(kind=CommitmentEventKind.SIGNED).count() == 1


def test_a_template_that_does_not_apply_is_refused(tree, personas):
    """Commune A's own template does not apply to commune B's specialist; a login without an
    official signs nothing."""
    template = make_template(actor=personas.chair_a, unit=tree.commune_a)
    for user in (personas.specialist_b, personas.outsider):
        with pytest.raises(ActionNotAllowed):
            commitment_sign(actor=user, template=template)
    assert Commitment.objects.count() == 0


def test_only_the_units_leader_signs_the_units_commitment(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district, kind=CommitmentKind.UNIT)
    with pytest.raises(ActionNotAllowed) as caught:
        commitment_sign(actor=personas.one_stop_a, template=template, unit=tree.commune_a)
    assert caught.value.message == "Chỉ lãnh đạo của Xã Phú Sơn ký cam kết của đơn vị."
    assert Commitment.objects.count() == 0
    signed = commitment_sign(actor=personas.chair_a, template=template, unit=tree.commune_a)
    assert (signed.unit, signed.official, signed.signed_by.full_name) == (
        tree.commune_a,
        None,
        "Đinh Xuân Công",
    )
    with pytest.raises(ActionNotAllowed):
        commitment_sign(actor=personas.chair_a, template=template, unit=tree.commune_a)
    assert Commitment.objects.count() == 1


def test_the_status_page_lists_signed_and_missing(tree, personas):
    make_template(actor=personas.district_reform, unit=tree.district)
    unit_template = make_template(
        actor=personas.district_reform, unit=tree.district, kind=CommitmentKind.UNIT
    )
    template = applicable_template(unit=tree.commune_a, year=2026, kind=CommitmentKind.OFFICIAL)
    commitment_sign(actor=personas.chair_a, template=template)
    status = commitment_status(user=personas.chair_a, unit=tree.commune_a, year=2026)
    assert [(r.official.full_name, r.commitment is not None) for r in status.rows] == [
        ("Nguyễn Thị Hoa", False),
        ("Đinh Xuân Công", True),
    ]
    assert (status.signed_count, status.missing_count, status.unit_commitment) == (1, 1, None)
    assert status.unit_template == unit_template
    assert [t.template.kind for t in commitments_of(user=personas.chair_a, year=2026)] == ["official", "unit"]


def test_the_status_is_not_shown_to_an_official_nor_another_commune(tree, personas, chair_b):
    from django.http import Http404

    for user in (personas.one_stop_a, chair_b.user):
        with pytest.raises(Http404):
            commitment_status(user=user, unit=tree.commune_a, year=2026)


def test_a_breach_is_recorded_against_an_item_with_its_source(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    commitment = commitment_sign(actor=personas.one_stop_a, template=template)
    item = template.items.get(number=2)
    breach = record_breach(
        actor=personas.inspector,
        commitment=commitment,
        item=item,
        occurred_on=dt.date(2026, 3, 10),
        description="Không đeo thẻ công chức khi kiểm tra đột xuất.",
        source="Biên bản kiểm tra 12/BB-TTr, phát hiện số 3",
    )
    assert (breach.item.number, breach.source) == (2, "Biên bản kiểm tra 12/BB-TTr, phát hiện số 3")
    event = CommitmentEvent.objects.get(kind=CommitmentEventKind.BREACH_RECORDED)
    assert event.data == {"breach": breach.pk, "item": 2}


def test_a_breach_of_an_item_not_in_the_commitment_is_refused(tree, personas):
    template = make_template(actor=personas.district_reform, unit=tree.district)
    other = make_template(actor=personas.district_reform, unit=tree.district, year=2025)
    commitment = commitment_sign(actor=personas.one_stop_a, template=template)
    with pytest.raises(ValidationError) as caught:
        record_breach(
            actor=personas.inspector,
            commitment=commitment,
            item=other.items.first(),
            occurred_on=dt.date(2026, 3, 10),
            description="",
        )
    assert caught.value.message_dict == {
        "description": ["Cần ghi nội dung vi phạm."],
        "item": ["Nội dung này không thuộc bản cam kết đã ký."],
    }
    with pytest.raises(PermissionDenied):
        record_breach(
            actor=personas.one_stop_a,
            commitment=commitment,
            item=template.items.first(),
            occurred_on=dt.date(2026, 3, 10),
            description="Tự ghi",
        )
    assert CommitmentBreach.objects.count() == 0
    assert CommitmentEvent.objects.filter(kind=CommitmentEventKind.BREACH_RECORDED).count() == 0
