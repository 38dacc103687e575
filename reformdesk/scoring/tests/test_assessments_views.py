"""The scoring pages: reached from the staff menu, who may see and do what, bad input refused with
a message and nothing saved, evidence files with their read logged, and the demo run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reformdesk.core.models import AccessLog
from reformdesk.org import demo_data as org_data
from reformdesk.org.choices import Role, Scope, UnitKind
from reformdesk.org.tests.factories import UserFactory, make_official, make_unit
from reformdesk.scoring import demo_assessments, demo_frameworks
from reformdesk.scoring.models_assessments import Assessment, AssessmentEvidence, CriterionScore, Stage
from reformdesk.scoring.services.assessments import assessment_open
from reformdesk.scoring.tests.factories import pdf
from reformdesk.scoring.tests.test_assessments import framework  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
LIST = "/staff/indices/assessments/"


@pytest.fixture
def council(tree):
    return make_official(
        unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username="cchc_tinh_t"
    ).user


@pytest.fixture
def opened(framework, council, tree, personas):  # noqa: F811 - the imported fixture
    deadline = timezone.localdate() + dt.timedelta(days=7)
    return assessment_open(
        actor=council, framework=framework, units=[tree.commune_a], self_deadline=deadline
    )[0]


def url(assessment: Assessment, tail: str = "") -> str:
    return f"{LIST}{assessment.pk}/{tail}"


def leaf(assessment: Assessment, code: str) -> CriterionScore:
    return CriterionScore.objects.get(assessment=assessment, node__code=code)


def test_the_page_is_in_the_staff_menu_and_lists_what_each_may_see(client, personas, opened, council):
    client.force_login(personas.chair_a)
    home = client.get("/staff/")
    assert LIST in home.content.decode()
    page = client.get(LIST)
    assert page.status_code == 200
    assert "Xã Phú Sơn" in page.content.decode()
    assert client.get(url(opened)).status_code == 200
    client.force_login(personas.specialist_b)
    assert client.get(LIST).status_code == 403
    assert client.get(url(opened)).status_code == 404
    client.force_login(council)
    assert "Xã Phú Sơn" in client.get(LIST).content.decode()


def test_the_framework_page_links_to_scoring(client, council, framework):  # noqa: F811
    client.force_login(council)
    page = client.get(f"/staff/indices/frameworks/{framework.pk}/").content.decode()
    assert f"{LIST}?year=2026" in page


def test_the_council_opens_from_the_list_and_a_bad_deadline_is_refused(client, council, framework, tree):  # noqa: F811
    client.force_login(council)
    page = client.get(LIST).content.decode()
    assert "Xã Phú Sơn" in page and "Xã Tân Hương" in page
    form = {"framework": framework.pk, "units": [tree.commune_a.pk], "self_deadline": "ngày mai"}
    response = client.post(f"{LIST}open/", form, follow=True)
    assert "Hạn tự chấm phải là một ngày" in response.content.decode()
    form["self_deadline"] = "2000-01-01"
    response = client.post(f"{LIST}open/", form, follow=True)
    assert "không được trước hôm nay" in response.content.decode()
    assert not Assessment.objects.exists()
    form["self_deadline"] = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    client.post(f"{LIST}open/", form)
    assert list(Assessment.objects.values_list("unit_id", flat=True)) == [tree.commune_a.pk]


def test_the_chair_self_scores_with_a_file_and_bad_input_is_refused(client, personas, opened):
    client.force_login(personas.chair_a)
    target = leaf(opened, "1.1")
    action = url(opened, f"scores/{target.pk}/self/")
    response = client.post(action, {"points": "9"}, follow=True)
    assert "phải từ 0 đến 4" in response.content.decode()
    response = client.post(action, {"points": "ba"}, follow=True)
    assert "Điểm phải là một số" in response.content.decode()
    bad = SimpleUploadedFile("anh.png", b"not an image", "image/png")
    response = client.post(action, {"points": "3", "evidence": bad}, follow=True)
    assert "không phải PDF" in response.content.decode()
    assert leaf(opened, "1.1").self_score is None
    assert not AssessmentEvidence.objects.exists()
    response = client.post(
        action, {"points": "3,5", "note": "Đủ", "evidence": pdf("bang-niem-yet.pdf")}, follow=True
    )
    assert response.status_code == 200
    assert leaf(opened, "1.1").self_score == Decimal("3.5")
    evidence = AssessmentEvidence.objects.get()
    assert "bang-niem-yet.pdf" in response.content.decode()
    download = client.get(url(opened, f"evidence/{evidence.pk}/"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(purpose="assessment_evidence").count() == 1
    client.force_login(personas.specialist_b)
    assert client.get(url(opened, f"evidence/{evidence.pk}/")).status_code == 404
    assert client.post(action, {"points": "1"}).status_code == 404
    assert leaf(opened, "1.1").self_score == Decimal("3.5")


def test_submitting_unscored_is_refused_on_the_page(client, personas, opened):
    client.force_login(personas.chair_a)
    response = client.post(url(opened, "step/submit/"), follow=True)
    # 1.2 counts dossiers and there are none: no data, so the unit scores it by hand
    assert "Còn tiêu chí chưa tự chấm: 1.1, 1.2, 1.3" in response.content.decode()
    opened.refresh_from_db()
    assert opened.stage == Stage.SELF
    assert client.post(url(opened, "step/nothing/")).status_code == 404


def test_the_council_changes_a_score_only_with_a_comment(client, personas, opened, council):
    client.force_login(personas.chair_a)
    for code, points in (("1.1", "4"), ("1.2", "5"), ("1.3", "2")):
        client.post(url(opened, f"scores/{leaf(opened, code).pk}/self/"), {"points": points})
    client.post(url(opened, "step/submit/"))
    client.force_login(council)
    action = url(opened, f"scores/{leaf(opened, '1.1').pk}/appraise/")
    response = client.post(action, {"points": "3"}, follow=True)
    assert "phải ghi ý kiến thẩm định" in response.content.decode()
    assert leaf(opened, "1.1").appraised_score is None
    response = client.post(action, {"points": "3", "comment": "Thiếu minh chứng"}, follow=True)
    page = response.content.decode()
    assert "Thiếu minh chứng" in page and "đã sửa" in page
    assert leaf(opened, "1.1").appraised_score == Decimal(3)
    client.force_login(personas.chair_a)
    assert client.post(action, {"points": "4", "comment": "x"}).status_code == 403


def test_an_outsider_is_sent_to_log_in(client, opened):
    response = client.get(url(opened))
    assert response.status_code == 302
    client.force_login(UserFactory(username="khach"))
    assert client.get(LIST).status_code == 403


def test_the_detail_page_query_count_does_not_grow_with_the_evidence(
    client, personas, opened, django_assert_num_queries
):
    client.force_login(personas.chair_a)
    client.get(url(opened))
    with django_assert_num_queries(count := _count(client, url(opened))):
        client.get(url(opened))
    for _ in range(3):
        client.post(url(opened, f"scores/{leaf(opened, '1.1').pk}/self/"), {"points": "1", "evidence": pdf()})
    client.get(url(opened))  # shows the messages once
    assert AssessmentEvidence.objects.count() == 3
    with django_assert_num_queries(count):
        client.get(url(opened))


def _count(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def test_the_demo_scores_seven_communes_to_the_end(tree):
    for code, name, _english in org_data.NEW_COMMUNES:
        make_unit(name=name, parent=tree.province, kind=UnitKind.COMMUNE, code=code)
    make_official(unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username=demo_frameworks.ACTOR)
    UserFactory(username=demo_assessments.ADMIN, is_superuser=True, is_staff=True)
    assert demo_frameworks.seed()
    assert demo_assessments.seed()
    assert demo_assessments.seed() == []  # idempotent
    finals = Assessment.objects.filter(stage=Stage.FINAL)
    assert finals.count() == 7
    for assessment in finals:
        leaves = assessment.scores.all()
        assert assessment.max_total == Decimal(100)
        assert assessment.total == sum(s.final_score for s in leaves)
        assert not leaves.filter(final_score__isnull=True).exists()
