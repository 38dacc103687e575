"""Editing a yearly plan's lines: added, changed, removed, each with its event and audit row; a
line an inspection of which has started is frozen, its target kept while an inspection set up
for it waits, a cited line never removed; every refusal leaves the plan as it was. Through the
service, the plans page and the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.inspections import services
from reformdesk.inspections.choices import PlanEventKind
from reformdesk.inspections.models import PlanEntry, PlanEvent
from reformdesk.inspections.services import ActionNotAllowed
from reformdesk.inspections.tests.factories import sudden

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, tree):
    return services.plan_create(
        actor=personas.inspector,
        unit=tree.district,
        year=2025,
        title="Kế hoạch kiểm tra công vụ năm 2025",
        entries=[(tree.commune_a, "Kỷ luật, kỷ cương hành chính", 3), (tree.commune_b, "Văn hóa công sở", 6)],
    )


def _lines(plan):
    return list(plan.entries.order_by("id").values_list("target_unit__code", "subjects", "month"))


def test_a_line_is_added_changed_and_removed_with_its_events(personas, tree, plan):
    assert list(PlanEvent.objects.values_list("kind", flat=True)) == [PlanEventKind.CREATED]
    added = services.plan_entry_add(
        actor=personas.inspector, plan=plan, target=tree.commune_a, subjects="  Niêm yết   TTHC ", month=9
    )
    services.plan_entry_update(
        actor=personas.inspector, entry=added, target=tree.commune_b, subjects="Niêm yết TTHC", month=10
    )
    first = plan.entries.get(month=3)
    services.plan_entry_remove(actor=personas.inspector, entry=first)
    assert _lines(plan) == [("000.30.32.H41", "Văn hóa công sở", 6), ("000.30.32.H41", "Niêm yết TTHC", 10)]
    events = list(PlanEvent.objects.order_by("id").values_list("kind", "data"))
    assert [kind for kind, _ in events] == [
        PlanEventKind.CREATED,
        PlanEventKind.ENTRY_ADDED,
        PlanEventKind.ENTRY_CHANGED,
        PlanEventKind.ENTRY_REMOVED,
    ]
    assert events[2][1] == {
        "entry": added.pk,
        "before": {"target_unit": tree.commune_a.pk, "subjects": "Niêm yết TTHC", "month": 9},
        "after": {"target_unit": tree.commune_b.pk, "subjects": "Niêm yết TTHC", "month": 10},
    }
    assert events[3][1]["entry"] == first.pk
    assert AuditEvent.objects.filter(action__startswith="inspection_plan.entry_").count() == 3
    # Saving a line unchanged writes nothing.
    services.plan_entry_update(
        actor=personas.inspector, entry=added, target=tree.commune_b, subjects="Niêm yết TTHC", month=10
    )
    assert PlanEvent.objects.count() == 4


def test_a_line_inspected_is_frozen(personas, tree, inspector, plan):
    entry = plan.entries.get(month=3)
    waiting = sudden(
        actor=personas.inspector,
        leader=inspector,
        target=tree.commune_a,
        kind="planned",
        plan_entry=entry,
        start=False,
    )
    # Set up but not started: the subjects and month may change, not the target; not removed.
    services.plan_entry_update(
        actor=personas.inspector, entry=entry, target=tree.commune_a, subjects="Kỷ luật hành chính", month=4
    )
    with pytest.raises(ValidationError) as caught:
        services.plan_entry_update(
            actor=personas.inspector,
            entry=entry,
            target=tree.commune_b,
            subjects="Kỷ luật hành chính",
            month=4,
        )
    assert caught.value.message_dict["target_unit"] == [
        "Đã lập cuộc kiểm tra Xã Phú Sơn theo nội dung này: không đổi đơn vị được kiểm tra."
    ]
    with pytest.raises(ActionNotAllowed):
        services.plan_entry_remove(actor=personas.inspector, entry=entry)

    services.inspection_start(actor=personas.inspector, inspection=waiting)
    before, events = _lines(plan), PlanEvent.objects.count()
    with pytest.raises(ActionNotAllowed) as frozen:
        services.plan_entry_update(
            actor=personas.inspector, entry=entry, target=tree.commune_a, subjects="Khác", month=5
        )
    assert frozen.value.message == "Đã kiểm tra theo nội dung này: không sửa được nữa."
    with pytest.raises(ActionNotAllowed):
        services.plan_entry_remove(actor=personas.inspector, entry=entry)
    assert (_lines(plan), PlanEvent.objects.count()) == (before, events)


def test_bad_lines_and_strangers_are_refused(personas, tree, plan):
    before = _lines(plan)
    entry = plan.entries.get(month=3)
    with pytest.raises(ValidationError) as caught:
        services.plan_entry_update(
            actor=personas.inspector, entry=entry, target=tree.district, subjects="", month=13
        )
    assert caught.value.message_dict["entries"] == [
        "Huyện Tân Kỳ không thuộc phạm vi kiểm tra của đơn vị.",
        "Tháng phải từ 1 đến 12.",
        "Cần ghi nội dung kiểm tra (tối đa 500 ký tự).",
    ]
    with pytest.raises(PermissionDenied):
        services.plan_entry_add(
            actor=personas.chair_a, plan=plan, target=tree.commune_a, subjects="X", month=1
        )
    services.plan_entry_remove(actor=personas.inspector, entry=plan.entries.get(month=6))
    with pytest.raises(ActionNotAllowed):  # the plan keeps one line
        services.plan_entry_remove(actor=personas.inspector, entry=entry)
    assert _lines(plan) == before[:1]


def test_the_plans_page_edits_a_line(personas, tree, inspector, plan):
    client = sign_in(Client(), personas.inspector)
    url = reverse("inspections:plans")
    entry = plan.entries.get(month=3)
    page = client.get(url).content.decode()
    assert page.count('data-testid="entry-form"') == 2 and 'data-testid="add-entry-form"' in page
    edit = reverse("inspections:plan_entry_edit", args=[entry.pk])
    response = client.post(edit, {"target": tree.commune_a.pk, "month": "5", "subjects": "Văn hóa công sở"})
    assert response.status_code == 302 and response.url == f"{url}#plan-{plan.pk}"
    entry.refresh_from_db()
    assert (entry.month, entry.subjects) == (5, "Văn hóa công sở")
    refused = client.post(edit, {"target": tree.commune_a.pk, "month": "5", "subjects": ""}, follow=True)
    assert "Cần ghi nội dung kiểm tra (tối đa 500 ký tự)." in refused.content.decode()
    entry.refresh_from_db()
    assert entry.subjects == "Văn hóa công sở"
    added = client.post(
        reverse("inspections:plan_entry_add", args=[plan.pk]),
        {"target": tree.commune_b.pk, "month": "11", "subjects": "Hòm thư góp ý"},
    )
    assert added.status_code == 302 and plan.entries.count() == 3

    sudden(
        actor=personas.inspector, leader=inspector, target=tree.commune_a, kind="planned", plan_entry=entry
    )
    page = client.get(url).content.decode()
    assert page.count('data-testid="entry-frozen"') == 1 and page.count('data-testid="entry-form"') == 2
    frozen = client.post(edit, {"remove": "1"}, follow=True).content.decode()
    assert "Đã kiểm tra theo nội dung này: không bỏ được nữa." in frozen
    assert PlanEntry.objects.filter(pk=entry.pk).exists()
    # A unit's own staff do not reach the plans.
    stranger = sign_in(Client(), personas.one_stop_a)
    assert stranger.post(edit, {"remove": "1"}).status_code in (403, 404)
    assert PlanEntry.objects.filter(pk=entry.pk).exists()


def test_the_api_edits_a_line(personas, tree, inspector, plan):
    client = sign_in(Client(), personas.inspector)
    entry = plan.entries.get(month=3)
    base = "/api/v1/inspections/plans"
    body = {"unit": tree.commune_a.code, "subjects": "Đeo thẻ công chức", "month": 7}
    changed = client.put(f"{base}/entries/{entry.pk}", json.dumps(body), content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert [e["month"] for e in changed.json()["entries"]] == [6, 7]
    added = client.post(
        f"{base}/{plan.pk}/entries",
        json.dumps({"unit": tree.commune_b.code, "subjects": "Hòm thư", "month": 12}),
        content_type="application/json",
    )
    assert added.status_code == 201 and len(added.json()["entries"]) == 3
    bad = client.put(
        f"{base}/entries/{entry.pk}", json.dumps({**body, "month": 13}), content_type="application/json"
    )
    assert bad.status_code == 422
    sudden(
        actor=personas.inspector, leader=inspector, target=tree.commune_a, kind="planned", plan_entry=entry
    )
    frozen = client.delete(f"{base}/entries/{entry.pk}")
    assert frozen.status_code == 409 and PlanEntry.objects.filter(pk=entry.pk).exists()
    chair = sign_in(Client(), personas.chair_a)
    assert chair.delete(f"{base}/entries/{entry.pk}").status_code == 404
    assert plan.entries.count() == 3
