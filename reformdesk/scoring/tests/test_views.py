"""The index page: reachable from the menu, how each indicator was scored, the drill-down with
links, and figures entered with evidence (refused input changes nothing)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.tests.factories import desk_procedure, vn
from reformdesk.scoring.choices import EventKind
from reformdesk.scoring.models import Indicator, IndicatorEntry, ScoringEvent
from reformdesk.scoring.periods import parse_period
from reformdesk.scoring.selectors import index_766
from reformdesk.scoring.tests.factories import make_dossier, pdf

pytestmark = pytest.mark.django_db
PAGE = "/staff/indices/766/"
NEW = "/staff/indices/766/entries/new/"


@pytest.fixture
def late_dossier(tree):
    desk = desk_procedure(units=[tree.commune_a])
    return make_dossier(
        unit=tree.commune_a,
        desk=desk,
        received_at=vn(2026, 3, 2),
        due_at=vn(2026, 3, 5, 17),
        finished_at=vn(2026, 3, 9, 10),
    )


def test_the_page_is_in_the_staff_menu_for_leaders_and_reform_officers(client, personas):
    client.force_login(personas.chair_a)
    home = client.get("/staff/")
    assert PAGE.encode() in home.content
    client.force_login(personas.one_stop_a)
    assert PAGE.encode() not in client.get("/staff/").content
    assert client.get(PAGE).status_code == 403


def test_the_page_shows_how_each_indicator_was_scored_and_the_drill_down(
    client, personas, tree, late_dossier
):
    client.force_login(personas.chair_a)
    response = client.get(PAGE, {"unit": tree.commune_a.code, "period": "2026-03", "indicator": "p-on-time"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tính từ dữ liệu" in page and "Chưa có dữ liệu" in page
    assert f'href="/staff/dossiers/{late_dossier.code}/"' in page
    assert 'data-testid="dashboard-rate">0/1 (0,00 %)</span>' in page


def test_a_bad_period_on_the_page_is_a_message_not_an_error(client, personas, tree):
    client.force_login(personas.chair_a)
    response = client.get(PAGE, {"unit": tree.commune_a.code, "period": "2026-14"})
    assert response.status_code == 200
    assert "Kỳ phải có dạng YYYY" in response.content.decode()


def _synced():
    return Indicator.objects.get(code="t-synced", valid_to__isnull=True)


def test_a_reform_officer_enters_a_figure_with_evidence(client, personas, tree):
    client.force_login(personas.district_reform)
    form = client.get(NEW, {"unit": tree.commune_a.code, "period": "2026-03", "indicator": _synced().pk})
    assert form.status_code == 200
    response = client.post(
        NEW,
        {
            "unit": tree.commune_a.code,
            "period": "2026-03",
            "indicator": _synced().pk,
            "numerator": "45",
            "denominator": "50",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    entry = IndicatorEntry.objects.get()
    assert (entry.numerator, entry.denominator, entry.period, entry.entered_by_name) == (
        45,
        50,
        "2026-03",
        "Lê Thị Mai",
    )
    assert entry.entered_by == personas.district_reform and entry.unit == tree.commune_a
    assert ScoringEvent.objects.filter(kind=EventKind.ENTRY_RECORDED, entry=entry).count() == 1
    assert AuditEvent.objects.filter(action="indicator_entry.record").count() == 1
    result = index_766(
        unit=tree.commune_a, period=parse_period("2026-03", today=vn(2026, 12, 1).date())
    ).indicator("t-synced")
    assert result is not None
    assert (result.how, str(result.score), result.entry) == ("entered", "5.40", entry)
    page = client.get(PAGE, {"unit": tree.commune_a.code, "period": "2026-03"}).content.decode()
    assert "Cán bộ nhập" in page and "Lê Thị Mai" in page
    assert f"/staff/indices/766/entries/{entry.pk}/evidence/" in page
    evidence = client.get(f"/staff/indices/766/entries/{entry.pk}/evidence/")
    assert evidence.status_code == 200 and evidence["Content-Type"] == "application/pdf"
    # a second entry replaces the first, which is kept
    client.post(
        NEW,
        {
            "unit": tree.commune_a.code,
            "period": "2026-03",
            "indicator": _synced().pk,
            "numerator": "48",
            "denominator": "50",
            "evidence": pdf(),
        },
    )
    assert IndicatorEntry.objects.count() == 2
    assert IndicatorEntry.objects.get(is_current=True).numerator == 48
    assert ScoringEvent.objects.filter(kind=EventKind.ENTRY_REPLACED).count() == 1


@pytest.mark.parametrize(
    ("numerator", "denominator", "evidence", "message"),
    [
        ("51", "50", "pdf", "Tử số không được lớn hơn mẫu số."),
        ("1", "0", "pdf", "Mẫu số phải là số nguyên từ 1 đến 10.000.000."),
        ("-1", "50", "pdf", "Cần ghi một số nguyên không âm."),
        ("1", "50", None, "Cần đính kèm tệp minh chứng"),
        ("1", "50", "exe", "PDF"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(
    client, personas, tree, numerator, denominator, evidence, message
):
    client.force_login(personas.district_reform)
    data = {
        "unit": tree.commune_a.code,
        "period": "2026-03",
        "indicator": _synced().pk,
        "numerator": numerator,
        "denominator": denominator,
    }
    if evidence == "pdf":
        data["evidence"] = pdf()
    elif evidence == "exe":
        data["evidence"] = SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf", "application/pdf")
    response = client.post(NEW, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not IndicatorEntry.objects.exists()
    # Only the formula revisions the migrations seed.
    assert not ScoringEvent.objects.exclude(kind=EventKind.INDICATOR_REVISED).exists()


def test_computed_indicators_and_other_units_cannot_be_entered(client, personas, tree):
    on_time = Indicator.objects.get(code="p-on-time", valid_to__isnull=True)
    client.force_login(personas.district_reform)
    assert (
        client.get(
            NEW, {"unit": tree.commune_a.code, "period": "2026-03", "indicator": on_time.pk}
        ).status_code
        == 404
    )
    client.force_login(personas.chair_a)  # a leader reads the index but does not enter figures
    assert (
        client.get(
            NEW, {"unit": tree.commune_a.code, "period": "2026-03", "indicator": _synced().pk}
        ).status_code
        == 403
    )
    response = client.post(
        NEW,
        {
            "unit": tree.commune_a.code,
            "period": "2026-03",
            "indicator": _synced().pk,
            "numerator": "1",
            "denominator": "2",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 403
    assert not IndicatorEntry.objects.exists()
