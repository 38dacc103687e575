"""Confidentiality (issue 14) and the figures the index reads."""

from __future__ import annotations

import datetime as dt

from reformdesk.inspections import services
from reformdesk.inspections.selectors import inspection_figures, visible_inspections
from reformdesk.inspections.tests.factories import AT, sudden, vn


def _ids(user):
    return set(visible_inspections(user=user).values_list("pk", flat=True))


def test_a_sudden_inspection_is_invisible_to_its_target_until_it_starts(personas, tree, inspector):
    prepared = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a, start=False)
    assert _ids(personas.inspector) == {prepared.pk}
    assert _ids(personas.district_reform) == {prepared.pk}  # the inspecting side
    assert _ids(personas.chair_a) == set()
    assert _ids(personas.one_stop_a) == set()

    services.inspection_start(actor=personas.inspector, inspection=prepared, at=AT)
    assert _ids(personas.chair_a) == {prepared.pk}  # the unit's leader, once it started
    assert _ids(personas.one_stop_a) == set()  # the staff, once the record is signed
    assert _ids(personas.specialist_b) == set()


def test_the_inspected_unit_sees_its_record_once_signed(personas, tree, inspector):
    inspection = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    for answer in inspection.answers.all():
        services.answer_save(actor=personas.inspector, inspection=inspection, answer=answer, result="pass")
    services.presence_confirm_rest(actor=personas.inspector, inspection=inspection)
    services.inspection_complete(actor=personas.inspector, inspection=inspection)
    services.inspection_sign_leader(actor=personas.inspector, inspection=inspection)
    assert _ids(personas.one_stop_a) == set()
    services.inspection_sign_unit(actor=personas.chair_a, inspection=inspection, response="Nhất trí")
    assert _ids(personas.one_stop_a) == {inspection.pk}
    assert _ids(personas.specialist_b) == set()


def test_figures_count_held_findings_and_repeats(personas, tree, inspector, chair_a):
    first = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a)
    services.finding_add(
        actor=personas.inspector,
        inspection=first,
        severity="minor",
        kind="name_tag",
        description="Không đeo thẻ",
        at=AT,
    )
    second = sudden(actor=personas.inspector, leader=inspector, target=tree.commune_a, at=vn(2025, 12, 9, 9))
    services.finding_add(
        actor=personas.inspector,
        inspection=second,
        severity="serious",
        kind="name_tag",
        description="Vẫn không đeo thẻ",
        official=chair_a,
        at=vn(2025, 12, 9, 9),
    )
    services.finding_add(
        actor=personas.inspector,
        inspection=second,
        severity="minor",
        kind="posting",
        description="Thiếu niêm yết",
        at=vn(2025, 12, 9, 9),
    )
    figures = inspection_figures(unit=tree.district, start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))
    assert (figures.held, figures.sudden, figures.findings, figures.repeat) == (2, 2, 3, 1)
    assert figures.by_kind["name_tag"] == 2 and figures.by_kind["posting"] == 1
    assert figures.by_severity == {"minor": 2, "moderate": 0, "serious": 1}
    assert (figures.closed, figures.closed_on_time) == (0, 0)
    assert figures.by_unit == [("Xã Phú Sơn", 2, 3)]
    empty = inspection_figures(unit=tree.commune_b, start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))
    assert (empty.held, empty.findings, empty.by_unit) == (0, 0, [])
