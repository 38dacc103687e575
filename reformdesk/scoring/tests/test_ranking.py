"""The yearly ranking: index and rounding, rank groups at their boundaries, both tie-break rules,
non-final units left out, the query count, the public page, the Excel sheet and the API."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reformdesk.core.models import AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.org.choices import Role, Scope
from reformdesk.org.tests.factories import make_official, make_unit
from reformdesk.scoring.models_assessments import Stage
from reformdesk.scoring.models_frameworks import RankGroup, TieBreak
from reformdesk.scoring.selectors_ranking import framework_ranking, rank_group_label, ranking_index
from reformdesk.scoring.tests.factories_ranking import make_assessment, make_framework

pytestmark = pytest.mark.django_db

RANKING = "/xep-hang-cchc/"
API = "/api/v1/indices/ranking"

# code → leaf final scores (1.1, 1.2 computed, 2.1 survey); the maximum is 100.
SCORES = {
    "001": ("30", "30", "30"),  # 90.00: exactly Tốt
    "002": ("30", "20", "30"),  # 80.00: Khá; survey 30, computed 20
    "003": ("30", "15", "35"),  # 80.00: Khá; survey 35, computed 15
    "004": ("20", "20", "29.99"),  # 69.99: below every group
    "005": ("20", "20", "30"),  # 70.00: exactly Trung bình
    "006": ("20", "20", "30"),  # 70.00, same survey and computed points as 005
}


@pytest.fixture
def communes(tree):
    return {
        key: make_unit(name=f"Xã Thử {key}", parent=tree.district, code=f"000.40.{key[1:]}.H41")
        for key in [*SCORES, "007"]
    }


def _scored(tree, communes, tie_break=TieBreak.SURVEY_THEN_CODE):
    framework = make_framework(issuer=tree.province, tie_break=tie_break)
    for key, (plan, tasks, survey) in SCORES.items():
        make_assessment(
            framework=framework, unit=communes[key], final={"1.1": plan, "1.2": tasks, "2.1": survey}
        )
    make_assessment(
        framework=framework, unit=communes["007"], self_scores={"1.1": "30"}, stage=Stage.APPRAISAL
    )
    return framework


@pytest.fixture
def framework(tree, communes):
    return _scored(tree, communes)


@pytest.fixture
def province_reform(tree):
    return make_official(
        unit=tree.province, role=Role.REFORM, scope=Scope.SUBTREE, username="cchc_tinh_xephang"
    ).user


def _order(ranking) -> list[str]:
    return [row.unit.code[7:9] for row in ranking.rows]


def test_the_index_is_rounded_half_up_to_two_places():
    assert ranking_index(Decimal("66.665"), Decimal(100)) == Decimal("66.67")  # half-even gives 66.66
    assert ranking_index(Decimal(2), Decimal(3)) == Decimal("66.67")
    assert ranking_index(Decimal("7.5"), Decimal(0)) == Decimal("0.00")


def test_a_group_is_reached_at_exactly_its_threshold_and_below_all_is_ungrouped():
    groups = [
        RankGroup(label="Tốt", min_percent=Decimal(90)),
        RankGroup(label="Khá", min_percent=Decimal(80)),
    ]
    assert rank_group_label(Decimal("90.00"), groups) == "Tốt"
    assert rank_group_label(Decimal("89.99"), groups) == "Khá"
    assert rank_group_label(Decimal("80.00"), groups) == "Khá"
    assert rank_group_label(Decimal("79.99"), groups) == "Chưa xếp loại"
    assert rank_group_label(Decimal("100"), []) == "Chưa xếp loại"


def test_the_survey_rule_breaks_ties_then_the_code(framework):
    ranking = framework_ranking(framework=framework)
    assert _order(ranking) == ["01", "03", "02", "05", "06", "04"]
    assert [row.rank for row in ranking.rows] == [1, 2, 3, 4, 5, 6]
    assert [row.index for row in ranking.rows] == [
        Decimal(x) for x in ("90", "80", "80", "70", "70", "69.99")
    ]
    assert [row.group for row in ranking.rows] == [
        "Tốt",
        "Khá",
        "Khá",
        "Trung bình",
        "Trung bình",
        "Chưa xếp loại",
    ]
    assert [row.tied for row in ranking.rows] == [False, True, True, True, True, False]
    assert ranking.tie_rule.startswith("Cùng chỉ số: đơn vị có điểm khảo sát cao hơn")


def test_the_computed_rule_breaks_ties_then_the_code(tree, communes):
    ranking = framework_ranking(framework=_scored(tree, communes, TieBreak.COMPUTED_THEN_CODE))
    assert _order(ranking) == ["01", "02", "03", "05", "06", "04"]
    assert ranking.tie_rule.startswith("Cùng chỉ số: đơn vị có tổng điểm các tiêu chí tính từ dữ liệu")


def test_units_without_a_final_result_are_listed_apart_not_ranked(framework, communes):
    ranking = framework_ranking(framework=framework)
    assert communes["007"].pk not in {row.unit.pk for row in ranking.rows}
    assert [(a.unit.code, a.stage) for a in ranking.pending] == [(communes["007"].code, Stage.APPRAISAL)]


def test_each_unit_has_its_points_per_area(framework):
    row = framework_ranking(framework=framework).rows[1]  # 003
    assert [(a.node.code, a.points, a.max_points) for a in row.areas] == [
        ("1", Decimal(45), Decimal(60)),
        ("2", Decimal(35), Decimal(40)),
    ]
    assert (row.total, row.max_total) == (Decimal(80), Decimal(100))


def test_the_ranking_takes_five_queries_whatever_the_number_of_units(framework, tree):
    with CaptureQueriesContext(connection) as few:
        framework_ranking(framework=framework, with_nodes=True)
    for n in range(4):
        unit = make_unit(name=f"Xã Thêm {n}", parent=tree.district, code=f"000.41.{n:02d}.H41")
        make_assessment(framework=framework, unit=unit, final={"1.1": "10", "1.2": "10", "2.1": "10"})
    with CaptureQueriesContext(connection) as more:
        ranking = framework_ranking(framework=framework, with_nodes=True)
    assert len(ranking.rows) == 10
    assert len(few) == len(more) == 4  # rank groups, nodes, assessments with units, scores


def test_the_public_page_shows_the_table_chart_areas_and_rules(
    framework, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get(RANKING, {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    ranking = response.context["ranking"]
    assert _order(ranking) == ["01", "03", "02", "05", "06", "04"]
    assert 'data-testid="ranking-chart"' in html
    values = [bar["percent"] for bar in response.context["chart"]["rows"]]
    assert values == [row.index for row in ranking.rows]
    assert 'data-testid="areas-000.40.03.H41"' in html
    assert "Chưa xếp loại" in html
    assert "Cùng chỉ số: đơn vị có điểm khảo sát cao hơn xếp trên" in html
    assert 'data-testid="ranking-pending"' in html and "Xã Thử 007" in html


def test_the_public_page_is_empty_clearly(tree, client):
    response = client.get(RANKING)
    assert response.status_code == 200
    assert "Chưa có bộ chỉ số cải cách hành chính cấp xã nào được ban hành" in response.content.decode()
    make_framework(issuer=tree.province)
    response = client.get(RANKING, {"year": "2026"})
    assert "Chưa có đơn vị nào có kết quả chính thức" in response.content.decode()


@pytest.mark.parametrize("year", ["20x6", "1999", "99999", "2101"])
def test_a_bad_year_is_explained(framework, client, year):
    response = client.get(RANKING, {"year": year})
    assert response.status_code == 400
    assert "Năm phải là số có 4 chữ số, từ 2000 đến 2100." in response.content.decode()


def test_an_unknown_issuer_is_explained(framework, client):
    response = client.get(RANKING, {"year": "2026", "issuer": "không có"})
    assert response.status_code == 400
    assert "Không có bộ chỉ số đã ban hành của đơn vị này trong năm 2026." in response.content.decode()


def test_a_draft_framework_is_not_public(tree, client):
    make_framework(issuer=tree.province, published=False)
    response = client.get(RANKING, {"year": "2026"})
    assert response.context["framework"] is None


def test_the_public_menu_links_to_the_ranking(client):
    assert f'href="{RANKING}"' in client.get("/").content.decode()


def test_the_scoring_sheet_reads_back(framework, province_reform):
    client = sign_in(Client(), province_reform)
    page = client.get(f"/staff/indices/frameworks/{framework.pk}/").content.decode()
    assert 'data-testid="ranking-xlsx"' in page and 'data-testid="ranking-link"' in page
    response = client.get(f"/staff/indices/frameworks/{framework.pk}/ranking.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["Xếp hạng"].iter_rows(values_only=True))
    assert summary[0] == (
        "Hạng",
        "Mã đơn vị",
        "Đơn vị",
        "1. Chỉ đạo, điều hành",
        "2. Tác động",
        "Tổng điểm",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp loại",
    )
    assert summary[2] == (2, "000.40.03.H41", "Xã Thử 003", 45, 35, 80, 100, 80, "Khá")
    assert len(summary) == 7
    detail = list(book["Bảng điểm"].iter_rows(values_only=True))
    assert len(detail) == 1 + 6 * (5 + 1)  # every unit × every node, and a total row each
    third = [r for r in detail[1:] if r[1] == "000.40.03.H41"]
    assert [(r[3], r[6], r[7], r[9]) for r in third] == [
        ("1", 60, 45, 45),
        ("1.1", 30, 30, 30),
        ("1.2", 30, 15, 15),
        ("2", 40, 35, 35),
        ("2.1", 40, 35, 35),
        (None, 100, None, 80),
    ]
    assert (
        AuditEvent.objects.filter(action="framework.ranking_export", object_id=str(framework.pk)).count() == 1
    )


def test_the_scoring_sheet_is_for_the_issuers_reform_officers(framework, personas):
    path = f"/staff/indices/frameworks/{framework.pk}/ranking.xlsx"
    assert Client().get(path).status_code == 302
    for user in (personas.district_reform, personas.chair_a, personas.outsider):
        assert sign_in(Client(), user).get(path).status_code == 403
    assert AuditEvent.objects.filter(action="framework.ranking_export").count() == 0


def test_the_scoring_sheet_of_a_draft_is_a_404(tree, province_reform):
    draft = make_framework(issuer=tree.province, published=False)
    client = sign_in(Client(), province_reform)
    assert client.get(f"/staff/indices/frameworks/{draft.pk}/ranking.xlsx").status_code == 404


def test_the_api_answers_the_ranking_without_login(framework, client):
    response = client.get(API, {"year": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    [answer] = body["frameworks"]
    assert answer["tie_break"] == "survey_then_code"
    assert [(r["rank"], r["unit"][7:9], r["index"], r["group"], r["tied"]) for r in answer["rows"]] == [
        (1, "01", 90.0, "Tốt", False),
        (2, "03", 80.0, "Khá", True),
        (3, "02", 80.0, "Khá", True),
        (4, "05", 70.0, "Trung bình", True),
        (5, "06", 70.0, "Trung bình", True),
        (6, "04", 69.99, "Chưa xếp loại", False),
    ]
    assert answer["rows"][1]["areas"] == [
        {"code": "1", "title": "Chỉ đạo, điều hành", "points": 45.0, "max": 60.0},
        {"code": "2", "title": "Tác động", "points": 35.0, "max": 40.0},
    ]
    assert answer["pending"] == [{"unit": "000.40.07.H41", "name": "Xã Thử 007", "stage": "appraisal"}]
    assert client.get(API).json() == body  # the newest year by default


def test_the_api_refuses_a_bad_year_or_issuer(framework, client):
    for year in ("1999", "2101", "abc"):
        response = client.get(API, {"year": year})
        assert response.status_code == 422, year
        assert response.json()["errors"][0]["field"] == "year"
    response = client.get(API, {"year": 2026, "issuer": "000.00.99.H41"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_framework" or response.json()["errors"][0]["code"] == (
        "unknown_framework"
    )
    assert client.get(API, {"year": 2025}).json() == {"year": 2025, "frameworks": []}
