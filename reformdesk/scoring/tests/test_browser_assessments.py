"""Browser tests of the commune reform-index scoring on the demo data, in headless Chromium.

The demo's 2026 assessments are final, so each test first opens a 2027 round on a copy of the demo
framework for Xã Tân Kỳ. (a) Its chair (chutich.tanky) goes from the staff menu to the assessment
and self-assesses one criterion with an evidence file; (b) the provincial reform officer
(cchc.tinh) appraises the submitted self-assessment and changes one score with a comment. Both
pages pass the axe audit. Screenshots land in build/screenshots/assessment-*.png.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from reformdesk.browser_testing import submit
from reformdesk.core.tests.test_browser_layout import _blocking_violations
from reformdesk.org.models import Unit
from reformdesk.scoring import demo_frameworks
from reformdesk.scoring.models_assessments import Assessment, AssessmentEvidence, CriterionScore
from reformdesk.scoring.models_frameworks import Method
from reformdesk.scoring.services.assessments import assessment_open, assessment_self_score, assessment_submit
from reformdesk.scoring.services.frameworks import framework_create, framework_publish, framework_replace_tree

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_2027() -> Assessment:
    council = User.objects.get(username=demo_frameworks.ACTOR)
    province = Unit.objects.get(code="000.00.00.H41")
    framework = framework_create(
        actor=council, issuer=province, year=2027, title="Bộ chỉ số CCHC cấp xã năm 2027"
    )
    framework_replace_tree(actor=council, framework=framework, rows=demo_frameworks.rows())
    framework = framework_publish(actor=council, framework=framework)
    commune = Unit.objects.get(code="000.71.00.H41")
    deadline = timezone.localdate() + dt.timedelta(days=14)
    return assessment_open(actor=council, framework=framework, units=[commune], self_deadline=deadline)[0]


def reach(officer, phone: bool) -> None:
    page = officer.page
    if phone:
        page.locator(".navbar-toggler").first.click()
    page.get_by_role("link", name="Chỉ số CCHC", exact=True).first.click()
    expect(page.locator("main h1")).to_contain_text("Chấm điểm chỉ số CCHC cấp xã")
    row = page.get_by_test_id("assessments").locator("tr", has_text="2027")
    submit(page, row.get_by_role("link", name="Xã Tân Kỳ"), method="GET")
    expect(page.locator("main h1")).to_contain_text("2027")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_commune_chair_self_assesses_a_criterion_with_an_evidence_file(browse, phone):
    width = "390" if phone else "1280"
    assessment = open_2027()
    chair = browse(phone=phone)
    page = chair.page
    chair.log_in("chutich.tanky")
    reach(chair, phone)
    form = page.get_by_test_id("self-form-1.1.1")
    form.get_by_label("Điểm").fill("0,75")
    form.get_by_label("Giải trình").fill("Kế hoạch ban hành ngày 20/12")
    form.get_by_label("Tệp minh chứng (PDF, JPEG, PNG)").set_input_files(
        files=[{"name": "ke-hoach-cchc.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    submit(page, form.get_by_role("button", name="Lưu"))
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu điểm tự chấm tiêu chí 1.1.1")
    criterion = page.get_by_test_id("criterion-1.1.1")
    expect(criterion.get_by_test_id("self-score")).to_contain_text("0,75")
    expect(criterion.get_by_test_id("evidence")).to_contain_text("ke-hoach-cchc.pdf")
    chair.shot(f"assessment-self-{width}")
    assert _blocking_violations(page) == []
    saved = CriterionScore.objects.get(assessment=assessment, node__code="1.1.1")
    assert saved.self_score == Decimal("0.75")
    assert AssessmentEvidence.objects.filter(score=saved).count() == 1
    chair.watch.assert_clean()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_provincial_reform_officer_changes_one_score_with_a_comment(browse, phone):
    width = "390" if phone else "1280"
    assessment = open_2027()
    chair_user = User.objects.get(username="chutich.tanky")
    for score in assessment.scores.select_related("node", "assessment__unit").filter(self_score__isnull=True):
        if score.node.method != Method.SURVEY:
            assessment_self_score(actor=chair_user, score=score, points=score.node.max_points)
    assessment_submit(actor=chair_user, assessment=assessment)
    officer = browse(phone=phone)
    page = officer.page
    officer.log_in("cchc.tinh")
    reach(officer, phone)
    form = page.get_by_test_id("appraise-form-1.4")
    form.get_by_label("Điểm thẩm định").fill("1,5")
    submit(page, form.get_by_role("button", name="Thẩm định"))
    expect(page.get_by_role("alert")).to_contain_text("phải ghi ý kiến thẩm định")
    form = page.get_by_test_id("appraise-form-1.4")
    form.get_by_label("Điểm thẩm định").fill("1,5")
    form.get_by_label("Ý kiến (bắt buộc khi sửa điểm)").fill(
        "Chưa có minh chứng tuyên truyền trên loa truyền thanh"
    )
    submit(page, form.get_by_role("button", name="Thẩm định"))
    expect(page.get_by_role("alert")).to_contain_text("Đã thẩm định tiêu chí 1.4")
    appraised = page.get_by_test_id("criterion-1.4").get_by_test_id("appraised-score")
    expect(appraised).to_contain_text("1,50")
    expect(appraised).to_contain_text("đã sửa")
    expect(appraised).to_contain_text("loa truyền thanh")
    officer.shot(f"assessment-appraise-{width}")
    assert _blocking_violations(page) == []
    score = CriterionScore.objects.get(assessment=assessment, node__code="1.4")
    assert (score.self_score, score.appraised_score) == (Decimal(2), Decimal("1.5"))
    officer.watch.assert_clean()
