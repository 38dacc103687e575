"""The training and evaluation pages: who sees what, refusals shown with their message and
nothing saved, reads of personal data logged, and the menu that reaches them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reformdesk.core.models import AccessLog
from reformdesk.core.tests.helpers import sign_in
from reformdesk.emulation import services
from reformdesk.emulation.choices import Stage
from reformdesk.emulation.models import Course, CourseAttendance, Evaluation, EvaluationLevel
from reformdesk.emulation.tests.factories import pdf
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db

COURSE_POST = {
    "title": "Ứng dụng công nghệ thông tin tại Bộ phận Một cửa",
    "organiser": "Sở Khoa học và Công nghệ",
    "starts_on": "2026-06-01",
    "ends_on": "2026-06-03",
    "hours": "24",
    "field": "it",
}


@pytest.fixture
def chair_client(personas) -> Client:
    return sign_in(Client(), personas.chair_a)


@pytest.fixture
def hoa_client(personas) -> Client:
    return sign_in(Client(), personas.one_stop_a)


def test_the_staff_menu_reaches_the_pages(chair_client):
    home = chair_client.get("/staff/").content.decode()
    for url in ("/staff/training/", "/staff/training/gaps/", "/staff/evaluations/"):
        assert f'href="{url}"' in home


def test_a_leader_records_a_course_with_a_certificate_and_an_attendee(chair_client, hoa):
    response = chair_client.post("/staff/training/?year=2026", {**COURSE_POST, "certificate": pdf()})
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/training/{course.pk}/"
    assert chair_client.get(f"/staff/training/{course.pk}/certificate/")["Content-Type"] == "application/pdf"
    assert chair_client.post(f"/staff/training/{course.pk}/", {"official": hoa.pk}).status_code == 302
    page = chair_client.get(f"/staff/training/{course.pk}/")
    assert "Nguyễn Thị Hoa" in page.content.decode()
    assert AccessLog.objects.filter(subject_id=str(hoa.pk), purpose="training").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"ends_on": "2026-05-01"},
        {"hours": "0"},
        {"hours": "99999999"},
        {"starts_on": "ngày mai"},
        {"field": "x"},
    ],
)
def test_bad_course_input_shows_a_message_and_saves_nothing(chair_client, changes):
    response = chair_client.post("/staff/training/", {**COURSE_POST, **changes})
    assert response.status_code == 422
    assert 'data-testid="form-errors"' in response.content.decode()
    assert Course.objects.count() == 0


def test_a_forged_certificate_is_refused(chair_client):
    forged = pdf(name="giay.pdf", content=b"<html>not a pdf</html>")
    response = chair_client.post("/staff/training/", {**COURSE_POST, "certificate": forged})
    assert response.status_code == 422 and "không phải PDF" in response.content.decode()
    assert Course.objects.count() == 0


def test_a_bad_attendee_is_refused_with_a_message(chair_client, personas, tree):
    course = services.course_create(
        actor=personas.chair_a,
        unit=tree.commune_a,
        **{**COURSE_POST, "hours": 24, "starts_on": dt.date(2026, 6, 1), "ends_on": dt.date(2026, 6, 3)},
    )
    for body in ({"official": "abc"}, {"official": 2**70}, {"official": 999999}):
        response = chair_client.post(f"/staff/training/{course.pk}/", body)
        assert response.status_code == 422
    assert CourseAttendance.objects.count() == 0


def test_the_one_stop_officer_sees_courses_but_not_the_gaps(hoa_client):
    assert hoa_client.get("/staff/training/").status_code == 200
    assert hoa_client.get("/staff/training/gaps/").status_code == 403
    assert hoa_client.post("/staff/training/", COURSE_POST).status_code == 403
    assert Course.objects.count() == 0


def test_the_gaps_page_lists_the_unit_s_officials(chair_client, hoa):
    page = chair_client.get("/staff/training/gaps/?year=2026").content.decode()
    assert 'data-testid="training-hours"' in page and "Nguyễn Thị Hoa" in page


def test_an_unknown_course_is_404(chair_client):
    assert chair_client.get("/staff/training/999999/").status_code == 404
    assert chair_client.get(f"/staff/training/{2**63}/").status_code == 404


def test_an_official_self_assesses_and_the_chair_decides(hoa_client, chair_client, hoa):
    url = f"/staff/evaluations/2026/{hoa.pk}/"
    assert hoa_client.post(url + "actions/open/").status_code == 302
    good = EvaluationLevel.objects.get(rules__year=2026, code="good")
    hoa_client.post(
        url + "actions/self_assess/", {"text": "Hoàn thành tốt.", "level": good.pk, "points": "85"}
    )
    page = hoa_client.get(url)
    assert page.status_code == 200 and 'data-testid="prefill"' in page.content.decode()
    chair_client.post(url + "actions/comment/", {"text": "Tập thể nhất trí."})
    chair_client.post(url + "actions/decide/", {"level": good.pk})
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.decided_level) == (Stage.DECIDED, good)
    assert AccessLog.objects.filter(subject_id=str(hoa.pk), purpose="evaluation").count() == 1


def test_refusals_on_the_page_change_nothing(hoa_client, chair_client, hoa):
    url = f"/staff/evaluations/2026/{hoa.pk}/"
    hoa_client.post(url + "actions/open/")
    response = hoa_client.post(url + "actions/self_assess/", {"text": "", "level": "x"}, follow=True)
    assert response.status_code == 200
    assert Evaluation.objects.get().stage == Stage.OPEN
    response = chair_client.post(url + "actions/decide/", {"level": 1}, follow=True)
    assert "Không thể thực hiện bước này" in response.content.decode()
    assert Evaluation.objects.get().stage == Stage.OPEN


def test_others_do_not_see_an_official_s_evaluation(personas, hoa, chair):
    other = sign_in(Client(), personas.specialist_b)
    assert other.get(f"/staff/evaluations/2026/{hoa.pk}/").status_code == 404
    assert other.get(f"/staff/evaluations/2026/{hoa.pk}/evidence/tasks/").status_code == 404
    hoa_client = sign_in(Client(), personas.one_stop_a)
    assert hoa_client.get(f"/staff/evaluations/2026/{chair.pk}/").status_code == 404
    assert hoa_client.get(f"/staff/evaluations/2026/{hoa.pk}/evidence/salary/").status_code == 404
    assert hoa_client.get(f"/staff/evaluations/99999/{hoa.pk}/evidence/tasks/").status_code == 404


def test_the_evidence_page_lists_the_records(chair_client, hoa):
    response = chair_client.get(f"/staff/evaluations/2026/{hoa.pk}/evidence/training/")
    assert response.status_code == 200 and 'data-testid="evidence"' in response.content.decode()
    assert AccessLog.objects.filter(subject_id=str(hoa.pk), purpose="evaluation").count() == 1


def test_the_overview_lists_the_unit_s_officials_for_the_leader_only(chair_client, hoa_client):
    page = chair_client.get("/staff/evaluations/?year=2026").content.decode()
    assert 'data-testid="evaluation-overview"' in page and "Nguyễn Thị Hoa" in page
    mine = hoa_client.get("/staff/evaluations/?year=2026").content.decode()
    assert 'data-testid="evaluation-overview"' not in mine and 'data-testid="my-evaluation"' in mine


def test_the_overview_s_queries_do_not_grow_with_the_officials(chair_client, tree):
    chair_client.get("/staff/evaluations/?year=2026")  # warm the session and the menu's caches
    with CaptureQueriesContext(connection) as few:
        assert chair_client.get("/staff/evaluations/?year=2026").status_code == 200
    for _ in range(8):
        make_official(unit=tree.commune_a, role=Role.SPECIALIST)
    with CaptureQueriesContext(connection) as many:
        page = chair_client.get("/staff/evaluations/?year=2026")
    assert page.content.decode().count("/staff/evaluations/2026/") == 10 + 1  # each official, and "mine"
    assert len(many) == len(few)
