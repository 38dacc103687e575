"""The default handling unit of a kind, set per unit tree by its reform officer, and how intake
follows it: the nearest route up the receiving unit's tree wins; a case about an official still
goes to that official's leader."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.feedback.choices import Kind
from reformdesk.feedback.models import KindRoute
from reformdesk.feedback.services.routes import feedback_route_set
from reformdesk.feedback.tests.factories import receive
from reformdesk.org.models import Official

pytestmark = pytest.mark.django_db

ROUTES = "/staff/feedback/settings/routes/"


def test_a_case_goes_to_the_default_unit_of_its_kind_nearest_up_the_tree(personas, tree):
    """GIVEN the district routes public-service feedback to itself and commune B's own route
    sends it to commune A, WHEN cases are received at both communes, THEN each follows the
    nearest route; a regulation case, with no route, stays where it was received."""
    feedback_route_set(
        actor=personas.district_reform,
        unit=tree.district,
        kind=Kind.PUBLIC_SERVICE,
        handling_unit=tree.district,
    )
    feedback_route_set(
        actor=personas.district_reform,
        unit=tree.commune_b,
        kind=Kind.PUBLIC_SERVICE,
        handling_unit=tree.commune_a,
    )
    at_a = receive(actor=personas.one_stop_a, unit=tree.commune_a)
    at_b = receive(actor=personas.specialist_b, unit=tree.commune_b)
    rule = receive(actor=personas.one_stop_a, unit=tree.commune_a, kind=Kind.REGULATION)
    assert (at_a.receiving_unit, at_a.unit) == (tree.commune_a, tree.district)
    assert (at_b.receiving_unit, at_b.unit) == (tree.commune_b, tree.commune_a)
    assert rule.unit == tree.commune_a


def test_a_case_about_an_official_still_goes_to_their_leader(personas, tree):
    feedback_route_set(
        actor=personas.district_reform,
        unit=tree.district,
        kind=Kind.PUBLIC_SERVICE,
        handling_unit=tree.district,
    )
    officer = Official.objects.get(user=personas.one_stop_a)
    case = receive(
        actor=personas.one_stop_a, unit=tree.commune_a, kind=Kind.OFFICIAL, related_official=officer
    )
    assert case.unit == tree.commune_a  # the commune's chair leads the one-stop officer


def test_setting_and_removing_a_route_is_audited(personas, tree):
    route = feedback_route_set(
        actor=personas.district_reform, unit=tree.district, kind=Kind.REGULATION, handling_unit=tree.commune_a
    )
    assert route is not None
    changed = feedback_route_set(
        actor=personas.district_reform, unit=tree.district, kind=Kind.REGULATION, handling_unit=tree.district
    )
    assert changed is not None and changed.pk == route.pk and changed.handling_unit == tree.district
    assert (
        feedback_route_set(
            actor=personas.district_reform, unit=tree.district, kind=Kind.REGULATION, handling_unit=None
        )
        is None
    )
    assert KindRoute.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(action__startswith="feedback_route.")
        .order_by("pk")
        .values_list("action", "changes")
    ) == [
        ("feedback_route.save", {"handling_unit": [None, tree.commune_a.pk]}),
        ("feedback_route.save", {"handling_unit": [tree.commune_a.pk, tree.district.pk]}),
        ("feedback_route.delete", {"handling_unit": [tree.district.pk, None]}),
    ]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (Kind.OFFICIAL, "Phản ánh về cán bộ luôn được chuyển lãnh đạo trực tiếp của cán bộ đó."),
        (Kind.DOSSIER, "Phản ánh về hồ sơ luôn được chuyển cơ quan giải quyết hồ sơ đó."),
        ("weather", "Loại phản ánh không hợp lệ."),
    ],
)
def test_official_and_dossier_kinds_take_no_route(personas, tree, kind, message):
    with pytest.raises(ValidationError) as caught:
        feedback_route_set(
            actor=personas.district_reform, unit=tree.district, kind=kind, handling_unit=tree.district
        )
    assert caught.value.message_dict == {"kind": [message]}
    assert KindRoute.objects.count() == 0


def test_only_who_manages_both_units_sets_a_route(personas, tree):
    for user in (personas.chair_a, personas.one_stop_a, personas.inspector, personas.outsider):
        with pytest.raises(PermissionDenied):
            feedback_route_set(
                actor=user, unit=tree.commune_a, kind=Kind.REGULATION, handling_unit=tree.commune_a
            )
    with pytest.raises(PermissionDenied):  # the province is above the district officer's tree
        feedback_route_set(
            actor=personas.district_reform,
            unit=tree.district,
            kind=Kind.REGULATION,
            handling_unit=tree.province,
        )
    assert KindRoute.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="feedback_route.").exists()


def test_the_page_is_linked_from_the_worklist_and_sets_a_route(personas, tree):
    client = sign_in(Client(), personas.district_reform)
    assert f'href="{ROUTES}"' in client.get("/staff/feedback/").content.decode()
    response = client.post(
        ROUTES, {"unit": tree.commune_a.code, "kind": Kind.REGULATION, "handling_unit": tree.district.code}
    )
    assert response.status_code == 302
    assert list(KindRoute.objects.values_list("unit", "kind", "handling_unit")) == [
        (tree.commune_a.pk, Kind.REGULATION, tree.district.pk)
    ]
    assert "Huyện Tân Kỳ" in client.get(ROUTES).content.decode()
    response = client.post(ROUTES, {"unit": tree.commune_a.code, "kind": Kind.REGULATION, "remove": "1"})
    assert response.status_code == 302
    assert KindRoute.objects.count() == 0


def test_the_page_refuses_bad_input_and_outsiders(personas, tree):
    client = sign_in(Client(), personas.district_reform)
    response = client.post(ROUTES, {"unit": tree.commune_a.code, "kind": Kind.OFFICIAL, "handling_unit": ""})
    assert response.status_code == 400
    assert KindRoute.objects.count() == 0
    response = client.post(
        ROUTES, {"unit": tree.province.code, "kind": Kind.REGULATION, "handling_unit": tree.district.code}
    )
    assert response.status_code == 400  # the province is not among the officer's units
    assert KindRoute.objects.count() == 0
    chair = sign_in(Client(), personas.chair_a)
    assert f'href="{ROUTES}"' not in chair.get("/staff/feedback/").content.decode()
    assert chair.get(ROUTES).status_code == 403
