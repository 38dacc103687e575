"""The pages: a sudden inspection set up on the phone, an item saved on its own through htmx,
a refused correction answered in place with nothing saved, the record as a PDF, and who may open
which page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reformdesk.core.tests.helpers import sign_in
from reformdesk.inspections import services
from reformdesk.inspections.choices import Status
from reformdesk.inspections.models import Inspection
from reformdesk.inspections.tests.factories import sudden

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_client(personas) -> Client:
    return sign_in(Client(), personas.inspector)


def test_a_sudden_inspection_is_set_up_from_the_list(inspector_client, tree):
    page = inspector_client.get(reverse("inspections:list"))
    assert page.status_code == 200 and reverse("inspections:new") in page.content.decode()
    form = inspector_client.get(reverse("inspections:new"))
    assert "Xã Phú Sơn" in form.content.decode()
    response = inspector_client.post(reverse("inspections:new"), {"target_unit": tree.commune_a.pk})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspections:run", args=[inspection.pk])
    assert inspection.status == Status.IN_PROGRESS
    run = inspector_client.get(response.url).content.decode()
    assert 'capture="environment"' in run and 'accept="image/*"' in run
    assert "Nguyễn Thị Hoa" in run


def test_the_own_unit_is_refused_on_the_form(personas, tree):
    client = sign_in(Client(), personas.district_reform)
    response = client.post(reverse("inspections:new"), {"target_unit": tree.district.pk})
    assert response.status_code == 400
    assert Inspection.objects.count() == 0


def test_an_item_saves_on_its_own_through_htmx(inspector_client, personas, tree, inspector, one_stop_a):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    answer = inspection.answers.get(item__code="name_tag")
    url = reverse("inspections:answer", args=[inspection.pk, answer.pk])
    response = inspector_client.post(
        url, {"result": "fail", "expected": "2", "found": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Đã lưu" in response.content.decode()
    answer.refresh_from_db()
    assert (answer.result, answer.found) == ("fail", 1)

    check = inspection.presence.get(official=one_stop_a)
    url = reverse("inspections:presence", args=[inspection.pk, check.pk])
    refused = inspector_client.post(url, {"confirmed": "present"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "lý do" in refused.content.decode()
    check.refresh_from_db()
    assert check.confirmed == ""


def test_the_record_pdf_and_who_sees_the_page(inspector_client, personas, tree, inspector):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    for answer in inspection.answers.all():
        services.answer_save(actor=personas.inspector, inspection=inspection, answer=answer, result="pass")
    services.presence_confirm_rest(actor=personas.inspector, inspection=inspection)
    services.inspection_complete(actor=personas.inspector, inspection=inspection)
    pdf = inspector_client.get(reverse("inspections:record_pdf", args=[inspection.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    run_url = reverse("inspections:run", args=[inspection.pk])
    assert sign_in(Client(), personas.one_stop_a).get(run_url).status_code == 404
    assert sign_in(Client(), personas.specialist_b).get(run_url).status_code == 404
    assert sign_in(Client(), personas.chair_a).get(run_url).status_code == 200


def test_a_yearly_plan_is_made_on_its_page(inspector_client, tree):
    from reformdesk.inspections.models import InspectionPlan

    url = reverse("inspections:plans")
    refused = inspector_client.post(
        url, {"year": "2026", "title": "", "target_0": tree.commune_a.pk, "month_0": "3"}
    )
    assert refused.status_code == 400 and InspectionPlan.objects.count() == 0
    response = inspector_client.post(
        url,
        {
            "year": "2026",
            "title": "Kế hoạch kiểm tra công vụ năm 2026",
            "target_0": tree.commune_a.pk,
            "month_0": "3",
            "subjects_0": "Kỷ luật, kỷ cương hành chính",
        },
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    assert (plan.unit, plan.year, plan.entries.get().month) == (tree.district, 2026, 3)
    assert "Xã Phú Sơn" in inspector_client.get(url).content.decode()
