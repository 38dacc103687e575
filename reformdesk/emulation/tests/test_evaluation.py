"""The yearly evaluation's process, one event per step, and its refusals: a leader deciding their
own level, someone else writing the self-assessment, a second contest, editing a final evaluation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reformdesk.core.models import AuditEvent
from reformdesk.emulation import services
from reformdesk.emulation.choices import EventKind, Stage
from reformdesk.emulation.models import Evaluation, EvaluationLevel, EvaluationRules
from reformdesk.emulation.selectors.evaluations import level_summary
from reformdesk.org.choices import Role
from reformdesk.org.models import Official
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db


def level(code: str, year: int = 2026) -> EvaluationLevel:
    return EvaluationLevel.objects.get(rules__year=year, code=code)


def test_the_2026_rules_follow_decree_335():
    rules = EvaluationRules.objects.get(year=2026)
    assert "335/2025/NĐ-CP" in rules.legal_basis
    assert [(lv.code, lv.min_points) for lv in rules.levels.all()] == [
        ("excellent", 90),
        ("good", 70),
        ("done", 50),
        ("not_done", 0),
    ]
    assert sum(c.max_points for c in rules.criteria.all()) == 100
    assert (rules.quota_percent, rules.quota_base, rules.decide_by.isoformat()) == (
        20,
        "next_level",
        "2026-12-15",
    )


def _through_meeting(personas, hoa) -> Evaluation:
    evaluation = services.evaluation_open(actor=personas.one_stop_a, official=hoa, year=2026)
    services.evaluation_self_assess(
        actor=personas.one_stop_a,
        evaluation=evaluation,
        text="Hoàn thành các nhiệm vụ được giao.",
        level=level("good"),
        points=82,
    )
    return services.evaluation_comment(
        actor=personas.chair_a, evaluation=evaluation, comments="Tập thể nhất trí."
    )


def test_the_whole_process_writes_one_event_per_step(personas, hoa, chair):
    evaluation = _through_meeting(personas, hoa)
    services.evaluation_decide(actor=personas.chair_a, evaluation=evaluation, level=level("good"))
    services.evaluation_notify(actor=personas.chair_a, evaluation=evaluation)
    services.evaluation_contest(actor=personas.one_stop_a, evaluation=evaluation, reason="Đề nghị xem lại.")
    services.evaluation_decide(
        actor=personas.chair_a, evaluation=evaluation, level=level("excellent"), note="Xét lại"
    )
    services.evaluation_notify(actor=personas.chair_a, evaluation=evaluation)
    evaluation = services.evaluation_finalize(actor=personas.chair_a, evaluation=evaluation)
    assert (evaluation.stage, evaluation.decided_level.code, evaluation.decided_by) == (
        Stage.FINAL,
        "excellent",
        chair,
    )
    assert list(evaluation.events.values_list("kind", flat=True)) == [
        EventKind.OPENED,
        EventKind.SELF_ASSESSED,
        EventKind.COMMENTED,
        EventKind.DECIDED,
        EventKind.NOTIFIED,
        EventKind.CONTESTED,
        EventKind.DECIDED,
        EventKind.NOTIFIED,
        EventKind.FINALIZED,
    ]
    assert (
        AuditEvent.objects.filter(object_type="emulation.evaluation", object_id=str(evaluation.pk)).count()
        == 9
    )


def test_a_final_evaluation_cannot_be_edited(personas, hoa):
    evaluation = _through_meeting(personas, hoa)
    services.evaluation_decide(actor=personas.chair_a, evaluation=evaluation, level=level("good"))
    services.evaluation_notify(actor=personas.chair_a, evaluation=evaluation)
    services.evaluation_finalize(actor=personas.chair_a, evaluation=evaluation)
    events = evaluation.events.count()
    for call in (
        lambda: services.evaluation_decide(
            actor=personas.chair_a, evaluation=evaluation, level=level("excellent")
        ),
        lambda: services.evaluation_comment(actor=personas.chair_a, evaluation=evaluation, comments="Sửa"),
        lambda: services.evaluation_self_assess(
            actor=personas.one_stop_a, evaluation=evaluation, text="Sửa", level=level("excellent")
        ),
        lambda: services.evaluation_contest(actor=personas.one_stop_a, evaluation=evaluation, reason="Sửa"),
    ):
        with pytest.raises(services.ActionNotAllowed, match="đã hoàn tất"):
            call()
    evaluation.refresh_from_db()
    assert (evaluation.decided_level.code, evaluation.events.count()) == ("good", events)


def test_a_result_is_contested_once(personas, hoa):
    evaluation = _through_meeting(personas, hoa)
    services.evaluation_decide(actor=personas.chair_a, evaluation=evaluation, level=level("done"))
    services.evaluation_notify(actor=personas.chair_a, evaluation=evaluation)
    services.evaluation_contest(actor=personas.one_stop_a, evaluation=evaluation, reason="Chưa đúng.")
    services.evaluation_decide(actor=personas.chair_a, evaluation=evaluation, level=level("done"))
    services.evaluation_notify(actor=personas.chair_a, evaluation=evaluation)
    with pytest.raises(services.ActionNotAllowed, match="một lần"):
        services.evaluation_contest(actor=personas.one_stop_a, evaluation=evaluation, reason="Lần nữa.")
    evaluation.refresh_from_db()
    assert (evaluation.stage, evaluation.contest_reason) == (Stage.NOTIFIED, "Chưa đúng.")


def test_a_leader_does_not_decide_their_own_level(tree, personas, chair):
    evaluation = services.evaluation_open(actor=personas.chair_a, official=chair, year=2026)
    services.evaluation_self_assess(
        actor=personas.chair_a,
        evaluation=evaluation,
        text="Lãnh đạo UBND xã hoàn thành tốt.",
        level=level("excellent"),
    )
    with pytest.raises(PermissionDenied, match="không tự xếp loại"):
        services.evaluation_comment(actor=personas.chair_a, evaluation=evaluation, comments="Tự ghi")
    evaluation.refresh_from_db()
    assert (evaluation.stage, evaluation.meeting_comments) == (Stage.SELF_ASSESSED, "")
    # The chair's evaluation goes to the level above: the district's leader decides it.
    district_leader = make_official(unit=tree.district, role=Role.LEADER, username="chutich_huyen")
    services.evaluation_comment(
        actor=district_leader.user, evaluation=evaluation, comments="Tập thể nhất trí."
    )
    services.evaluation_decide(actor=district_leader.user, evaluation=evaluation, level=level("good"))
    evaluation.refresh_from_db()
    assert (evaluation.decided_level.code, evaluation.decided_by) == ("good", district_leader)


def test_only_the_official_self_assesses_and_only_leaders_decide(personas, hoa):
    evaluation = services.evaluation_open(actor=personas.chair_a, official=hoa, year=2026)
    with pytest.raises(PermissionDenied):
        services.evaluation_self_assess(
            actor=personas.chair_a, evaluation=evaluation, text="x", level=level("good")
        )
    evaluation = _through_meeting(personas, hoa)
    for actor in (personas.specialist_b, personas.district_reform, personas.inspector):
        with pytest.raises(PermissionDenied):
            services.evaluation_decide(actor=actor, evaluation=evaluation, level=level("good"))
    evaluation.refresh_from_db()
    assert evaluation.decided_level is None and evaluation.stage == Stage.COMMENTED


def test_bad_input_is_refused(personas, hoa):
    evaluation = services.evaluation_open(actor=personas.one_stop_a, official=hoa, year=2026)
    with pytest.raises(ValidationError):
        services.evaluation_self_assess(
            actor=personas.one_stop_a, evaluation=evaluation, text="  ", level=level("good")
        )
    with pytest.raises(ValidationError):
        services.evaluation_self_assess(
            actor=personas.one_stop_a, evaluation=evaluation, text="x", level=None
        )
    with pytest.raises(ValidationError):
        services.evaluation_self_assess(
            actor=personas.one_stop_a, evaluation=evaluation, text="x", level=level("good"), points=101
        )
    with pytest.raises(services.ActionNotAllowed):
        services.evaluation_decide(actor=personas.chair_a, evaluation=evaluation, level=level("good"))
    with pytest.raises(ValidationError, match="2031"):
        services.evaluation_open(actor=personas.one_stop_a, official=hoa, year=2031)
    evaluation.refresh_from_db()
    assert (evaluation.stage, evaluation.events.count()) == (Stage.OPEN, 1)


def test_others_may_not_open_someone_s_evaluation(personas, hoa):
    with pytest.raises(PermissionDenied):
        services.evaluation_open(actor=personas.specialist_b, official=hoa, year=2026)
    assert not Evaluation.objects.exists()
    assert Official.objects.filter(pk=hoa.pk).exists()


def test_the_unit_summary_counts_levels_against_the_top_level_s_cap(tree, chair):
    """2026 (Decree 335/2025/NĐ-CP): excellent at most 20% of those rated good. 5 good → 1 allowed."""

    def decided(code: str) -> None:
        official = make_official(unit=tree.commune_a, role=Role.SPECIALIST)
        Evaluation.objects.create(
            official=official,
            unit=tree.commune_a,
            year=2026,
            stage=Stage.DECIDED,
            decided_level=level(code),
            decided_by=chair,
        )

    for _ in range(5):
        decided("good")
    decided("excellent")
    summary = level_summary(unit=tree.commune_a, year=2026)
    assert [(lv.code, lv.count) for lv in summary.levels] == [
        ("excellent", 1),
        ("good", 5),
        ("done", 0),
        ("not_done", 0),
    ]
    assert (summary.top_cap, summary.over_quota) == (1, False)
    decided("excellent")
    assert level_summary(unit=tree.commune_a, year=2026).over_quota is True
    assert level_summary(unit=tree.commune_b, year=2026).top_cap == 0
    assert level_summary(unit=tree.commune_a, year=2031) is None
