"""The plan and reports pages: who may read and act, refusals with nothing saved, the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reformdesk.documents.choices import DocumentType
from reformdesk.documents.tests.factories import pdf_upload, register_outgoing
from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official
from reformdesk.scoring.models_plans import ReformPlan, ReportKind, ReportObligation, ReportSubmission
from reformdesk.scoring.services.plans import report_obligations_open


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def schedule(tree, personas) -> dict[str, ReportObligation]:
    rows = report_obligations_open(actor=personas.district_reform, unit=tree.commune_a, year=2026)
    return {row.kind: row for row in rows}


def test_page_reachable_from_the_menu_and_unit_scoped(client, tree, personas, schedule):
    client.force_login(personas.chair_a)
    home = client.get("/staff/")
    assert reverse("scoring:plans").encode() in home.content
    page = client.get(reverse("scoring:plans"), {"unit": tree.commune_a.pk, "year": 2026})
    assert page.status_code == 200
    assert "Báo cáo CCHC quý I" in page.content.decode()
    assert client.get(reverse("scoring:plans"), {"unit": tree.commune_b.pk}).status_code == 403
    assert client.get(reverse("scoring:plans"), {"unit": "99999999999999999999999"}).status_code == 404
    client.force_login(personas.outsider)
    assert client.get(reverse("scoring:plans")).status_code == 403


def test_create_plan_and_duplicate_refused(client, tree, personas):
    client.force_login(personas.chair_a)
    data = {
        "unit": tree.commune_a.pk,
        "year": 2026,
        "plan-title": "Kế hoạch CCHC năm 2026",
        "plan-reference": "",
    }
    response = client.post(reverse("scoring:plan_create"), data)
    assert response.status_code == 302
    again = client.post(reverse("scoring:plan_create"), data)
    assert again.status_code == 422
    assert "đã có kế hoạch CCHC năm 2026" in again.content.decode()
    assert ReformPlan.objects.count() == 1
    bad_year = client.post(reverse("scoring:plan_create"), {**data, "year": "99999999999999999999"})
    assert bad_year.status_code == 422
    assert ReformPlan.objects.count() == 1


def test_submit_page_pick_and_refusals(client, tree, personas, schedule):
    chair = Official.objects.get(user=personas.chair_a)
    own = register_outgoing(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        signer=chair,
        doc_type=DocumentType.REPORT,
        summary="Báo cáo",
    )
    chair_b = make_official(
        unit=tree.commune_b, role=Role.LEADER, username="chutich_b", full_name="Hà Văn Bình"
    )
    other = register_outgoing(
        actor=chair_b.user,
        unit=tree.commune_b,
        signer=chair_b,
        doc_type=DocumentType.REPORT,
        summary="Báo cáo",
    )
    url = reverse("scoring:report_submit", args=[schedule[ReportKind.Q1].pk])
    client.force_login(personas.one_stop_a)
    assert client.get(url).status_code == 200
    refused = client.post(url, {"document": other.pk})
    assert refused.status_code == 422
    huge = client.post(url, {"document": "99999999999999999999999"})
    assert huge.status_code == 422
    nothing = client.post(url, {})
    assert nothing.status_code == 422
    assert ReportSubmission.objects.count() == 0
    done = client.post(url, {"document": own.pk})
    assert done.status_code == 302
    assert ReportSubmission.objects.get().document == own
    # commune B's officer may not submit commune A's report
    client.force_login(personas.specialist_b)
    assert client.get(reverse("scoring:report_submit", args=[schedule[ReportKind.H1].pk])).status_code == 403


def test_submit_by_upload(client, tree, personas, schedule):
    chair = Official.objects.get(user=personas.chair_a)
    client.force_login(personas.one_stop_a)
    url = reverse("scoring:report_submit", args=[schedule[ReportKind.H1].pk])
    response = client.post(url, {"file": pdf_upload(), "signer": chair.pk})
    assert response.status_code == 302
    submission = ReportSubmission.objects.get()
    assert submission.document.doc_type == DocumentType.REPORT


def test_open_schedule_button(client, tree, personas):
    client.force_login(personas.district_reform)
    response = client.post(reverse("scoring:obligations_open"), {"unit": tree.commune_a.pk, "year": 2027})
    assert response.status_code == 302
    assert sorted(ReportObligation.objects.values_list("due_on", flat=True))[0] == dt.date(2027, 1, 15)
    client.force_login(personas.one_stop_a)
    client.post(reverse("scoring:obligations_open"), {"unit": tree.commune_a.pk, "year": 2028})
    assert ReportObligation.objects.filter(year=2028).count() == 0


def test_demo_plans_for_the_seven_communes_loaded_once(db, client):
    from reformdesk.assignments import demo as assignments_demo
    from reformdesk.org import demo as org_demo
    from reformdesk.scoring import demo_plans
    from reformdesk.scoring.models_plans import PlanEvent, PlanItem
    from reformdesk.scoring.plans_rules import Outcome
    from reformdesk.scoring.selectors_plans import obligations, plan_items

    org_demo.seed()
    assignments_demo.seed_chair_logins()
    assert demo_plans.seed() != []
    counts = (ReformPlan.objects.count(), PlanItem.objects.count(), ReportSubmission.objects.count())
    assert counts[:2] == (7, 42)
    assert demo_plans.seed() == []
    assert (ReformPlan.objects.count(), PlanItem.objects.count(), ReportSubmission.objects.count()) == counts
    assert PlanEvent.objects.filter(kind="report_submitted").count() == counts[2]
    outcomes = set()
    for plan in ReformPlan.objects.select_related("unit"):
        end = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        outcomes |= {row.outcome for row in plan_items(unit=plan.unit, year=2026, now=end)}
        outcomes |= {
            row.outcome for row in obligations(unit=plan.unit, year=2026, today=dt.date(2026, 12, 31))
        }
        assert all(item.task.unit_id == plan.unit_id for item in plan.items.select_related("task"))
    assert {Outcome.ON_TIME, Outcome.LATE, Outcome.MISSING} <= outcomes
    plan = ReformPlan.objects.select_related("created_by").first()
    client.force_login(plan.created_by)
    page = client.get(reverse("scoring:plans"), {"unit": plan.unit_id, "year": 2026})
    assert page.status_code == 200
    assert "05/KH-UBND" in page.content.decode()


def test_page_query_count_does_not_grow_with_rows(client, tree, personas, schedule):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reformdesk.documents.tests.factories import vn
    from reformdesk.scoring.services.plans import plan_add_item, plan_create, report_submit

    specialist = make_official(
        unit=tree.commune_a, role=Role.SPECIALIST, username="tuphap_a", full_name="Lê Văn Tư"
    )
    chair = Official.objects.get(user=personas.chair_a)
    plan = plan_create(actor=personas.chair_a, unit=tree.commune_a, year=2026, title="Kế hoạch CCHC năm 2026")

    def add(day: int) -> None:
        plan_add_item(
            actor=personas.chair_a,
            plan=plan,
            title=f"Việc số {day}",
            due_on=dt.date(2026, 12, day),
            assignee=specialist,
            at=vn(2026, 12, 1, 9),
        )

    def submit(kind: str) -> None:
        document = register_outgoing(
            actor=personas.one_stop_a, unit=tree.commune_a, signer=chair, doc_type=DocumentType.REPORT
        )
        report_submit(actor=personas.one_stop_a, obligation=schedule[kind], document=document)

    add(2)
    submit(ReportKind.Q1)
    client.force_login(personas.chair_a)
    url = f"{reverse('scoring:plans')}?unit={tree.commune_a.pk}&year=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for day in (3, 4, 7):
        add(day)
    submit(ReportKind.H1)
    submit(ReportKind.Q3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("Việc số ") == 4
    assert len(many) == len(few)


def test_item_and_report_labels_differ():
    from reformdesk.scoring.plans_rules import Outcome
    from reformdesk.scoring.selectors_plans import ItemRow, ObligationRow

    assert ItemRow(None, Outcome.MISSING).label == "Chưa hoàn thành, đã quá hạn"  # type: ignore[arg-type]
    assert ObligationRow(None, Outcome.MISSING).label == "Chưa nộp, đã quá hạn"  # type: ignore[arg-type]
