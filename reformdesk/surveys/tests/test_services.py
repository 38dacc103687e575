"""Ratings: invitations per channel, one rating per token, the officials who handled a dossier."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.models import DossierEvent
from reformdesk.notifications.models import Message
from reformdesk.surveys import dossier_events, selectors, services
from reformdesk.surveys.choices import InvitationChannel, Score
from reformdesk.surveys.models import OfficialRating, Rating, RatingInvitation
from reformdesk.surveys.services import OfficialScore

LATER = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # the demo's "now", after every delivery here

pytestmark = pytest.mark.django_db


def officials_of(dossier) -> dict[str, int]:
    return {o.full_name: o.pk for o in selectors.handled_officials(dossier=dossier)}


def counts() -> tuple[int, int, int, int]:
    return (
        RatingInvitation.objects.filter(used_at__isnull=False).count(),
        Rating.objects.count(),
        OfficialRating.objects.count(),
        AuditEvent.objects.filter(action="rating.create").count(),
    )


def test_the_officials_who_handled_a_dossier_in_step_order(delivered):
    assert [(o.full_name, o.position) for o in selectors.handled_officials(dossier=delivered)] == [
        ("Nguyễn Thị Hoa", "Công chức"),
        ("Lê Văn Tư", "Công chức"),
        ("Đinh Xuân Công", "Chủ tịch UBND xã"),
    ]


def test_one_invitation_per_dossier_and_channel_and_none_before_delivery(delivered, ready):
    first, created = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    again, created_again = services.invitation_get_or_create(
        dossier=delivered, channel=InvitationChannel.RECEIPT
    )
    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert len(first.token) == 32
    other, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.SMS)
    assert other.token != first.token
    with pytest.raises(services.NotDelivered):
        services.invitation_get_or_create(dossier=ready, channel=InvitationChannel.RECEIPT)
    assert RatingInvitation.objects.count() == 2


def test_a_rating_with_officials_is_recorded_once_per_token(delivered):
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    ids = officials_of(delivered)
    rating = services.rating_submit(
        invitation=invitation,
        score=Score.SATISFIED,
        comment="  Cán bộ hướng dẫn tận tình  ",
        officials={
            ids["Lê Văn Tư"]: OfficialScore(Score.SATISFIED, "Nhanh"),
            ids["Đinh Xuân Công"]: OfficialScore(Score.VERY_SATISFIED),
        },
    )
    assert (rating.dossier_id, rating.score, rating.comment) == (
        delivered.pk,
        "satisfied",
        "Cán bộ hướng dẫn tận tình",
    )
    assert sorted(rating.officials.values_list("official__full_name", "score", "comment")) == [
        ("Lê Văn Tư", "satisfied", "Nhanh"),
        ("Đinh Xuân Công", "very_satisfied", ""),
    ]
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    audit = AuditEvent.objects.get(action="rating.create")
    assert (audit.actor, audit.actor_label) == (None, "")
    assert audit.changes == {
        "channel": [None, "receipt"],
        "score": [None, "satisfied"],
        "officials": [
            None,
            {str(ids["Lê Văn Tư"]): "satisfied", str(ids["Đinh Xuân Công"]): "very_satisfied"},
        ],
    }

    before = counts()
    with pytest.raises(services.AlreadyRated):
        services.rating_submit(invitation=invitation, score=Score.DISSATISFIED)
    stale = RatingInvitation.objects.get(pk=invitation.pk)
    stale.used_at = None  # a second form opened before the first was sent
    with pytest.raises(services.AlreadyRated):
        services.rating_submit(invitation=stale, score=Score.DISSATISFIED)
    assert counts() == before
    assert Rating.objects.get().score == "satisfied"


def test_the_database_refuses_a_second_rating_for_a_token(delivered):
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.SMS)
    Rating.objects.create(dossier=delivered, invitation=invitation, score=Score.VERY_SATISFIED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(dossier=delivered, invitation=invitation, score=Score.SATISFIED)
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    ("score", "comment", "officials", "errors"),
    [
        ("", "", {}, {"score": ["Hãy chọn mức độ hài lòng."]}),
        ("great", "", {}, {"score": ["Hãy chọn mức độ hài lòng."]}),
        ("satisfied", "x" * 1001, {}, {"comment": ["Ý kiến dài tối đa 1000 ký tự."]}),
        ("satisfied", "", {"outsider": OfficialScore("satisfied")}, None),
        ("satisfied", "", {"Lê Văn Tư": OfficialScore("meh")}, None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(delivered, personas, score, comment, officials, errors):
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    ids = officials_of(delivered)
    from reformdesk.org.models import Official

    ids["outsider"] = Official.objects.get(full_name="Trần Văn Nam").pk
    given = {ids[name]: value for name, value in officials.items()}
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.rating_submit(invitation=invitation, score=score, comment=comment, officials=given)
    if errors is not None:
        assert error.value.message_dict == errors
    else:
        assert len(error.value.message_dict) == 1
    assert counts() == before


def test_at_the_counter_only_the_delivering_desk_opens_an_invitation(delivered, personas):
    with pytest.raises(PermissionDenied):
        services.rating_submit_at_counter(
            actor=personas.specialist_b, dossier=delivered, score=Score.SATISFIED
        )
    with pytest.raises(ValidationError):
        services.rating_submit_at_counter(actor=personas.one_stop_a, dossier=delivered, score="")
    assert RatingInvitation.objects.count() == 0  # a refused rating leaves no invitation behind
    rating = services.rating_submit_at_counter(
        actor=personas.one_stop_a, dossier=delivered, score=Score.VERY_SATISFIED
    )
    assert (rating.invitation.channel, rating.invitation.created_by) == ("counter", personas.one_stop_a)
    with pytest.raises(services.AlreadyRated):
        services.rating_submit_at_counter(actor=personas.one_stop_a, dossier=delivered, score=Score.SATISFIED)
    assert Rating.objects.count() == 1


def test_delivery_sends_an_sms_invitation_once(
    desk, personas, tree, settings, django_capture_on_commit_callbacks
):
    from reformdesk.surveys.tests.conftest import deliver

    settings.PUBLIC_BASE_URL = "https://dichvucong.tanky.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        dossier = deliver(desk, personas, tree, email="")
    invitation = RatingInvitation.objects.get(dossier=dossier)
    assert invitation.channel == "sms"
    message = Message.objects.get(key="dossier.rating_invite")
    assert message.recipient == "0912345678"
    assert message.body == (
        f"Cảm ơn Ông/Bà đã nhận kết quả hồ sơ {dossier.code}. Mời đánh giá mức độ hài lòng: "
        f"https://dichvucong.tanky.example.vn/danh-gia/t/{invitation.token}/"
    )
    assert (message.related_type, message.related_id) == ("surveys.ratinginvitation", str(invitation.pk))

    event = DossierEvent.objects.get(dossier=dossier, kind="delivered")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert dossier_events.on_dossier_event(event.pk) == 1
    assert callbacks == []
    assert (
        RatingInvitation.objects.count(),
        Message.objects.filter(key="dossier.rating_invite").count(),
    ) == (1, 1)


def test_no_invitation_is_sent_without_a_mobile_number_or_an_email(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    from reformdesk.surveys.tests.conftest import deliver

    with django_capture_on_commit_callbacks(execute=True):
        deliver(desk, personas, tree, phone="", email="")
    assert RatingInvitation.objects.count() == 0
    assert Message.objects.filter(key="dossier.rating_invite").count() == 0


def test_the_demo_rates_a_share_of_delivered_dossiers_deterministically_and_once(desk, personas, tree):
    from reformdesk.dossiers.models import Dossier
    from reformdesk.surveys import demo
    from reformdesk.surveys.tests.conftest import deliver

    for i in range(12):
        deliver(desk, personas, tree, phone=f"09876543{i:02d}")

    def snapshot():
        return sorted(
            Rating.objects.values_list(
                "dossier__code", "score", "comment", "created_at", "invitation__channel", "invitation__token"
            )
        ), sorted(OfficialRating.objects.values_list("rating__dossier__code", "official__full_name", "score"))

    written = demo.seed_ratings(dossiers=Dossier.objects.all(), seed=7, now=LATER)
    assert written == Rating.objects.count() > 0
    first = snapshot()
    assert demo.seed_ratings(dossiers=Dossier.objects.all(), seed=7, now=LATER) == 0  # idempotent
    assert snapshot() == first
    # Every rating has its own used invitation, after the delivery, and rates only officials who handled it.
    for rating in Rating.objects.select_related("invitation", "dossier"):
        assert rating.invitation.used_at == rating.created_at > rating.dossier.delivered_at
        handled = {o.pk for o in selectors.handled_officials(dossier=rating.dossier)}
        assert set(rating.officials.values_list("official_id", flat=True)) <= handled
    # The same seed writes the same ratings again.
    Rating.objects.all().delete()
    RatingInvitation.objects.all().delete()
    assert demo.seed_ratings(dossiers=Dossier.objects.all(), seed=7, now=LATER) == written
    assert snapshot() == first


def test_the_demo_writes_no_rating_after_its_now(desk, personas, tree):
    """GIVEN dossiers delivered WHEN the demo rates them with its "now" at the first delivery
    THEN nothing is written: every rating comes at least a minute after its delivery."""
    from reformdesk.dossiers.models import Dossier
    from reformdesk.surveys import demo
    from reformdesk.surveys.tests.conftest import deliver

    for i in range(12):
        deliver(desk, personas, tree, phone=f"09876543{i:02d}")
    first_delivery = min(Dossier.objects.values_list("delivered_at", flat=True))
    assert demo.seed_ratings(dossiers=Dossier.objects.all(), seed=7, now=first_delivery) == 0
    assert (Rating.objects.count(), RatingInvitation.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_scale_migration_maps_the_former_neutral_answer_to_satisfied(delivered):
    """GIVEN ratings stored on the former scale, one "Bình thường" for the dossier and one for an
    official WHEN migration 0007 runs THEN both read "Hài lòng", and "Không hài lòng" is kept."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    ids = officials_of(delivered)
    invitation, _ = services.invitation_get_or_create(dossier=delivered, channel=InvitationChannel.RECEIPT)
    rating = services.rating_submit(
        invitation=invitation,
        score=Score.SATISFIED,
        officials={
            ids["Lê Văn Tư"]: OfficialScore(Score.SATISFIED),
            ids["Đinh Xuân Công"]: OfficialScore(Score.DISSATISFIED),
        },
    )
    before, after = ("surveys", "0006_survey_invite_template"), ("surveys", "0007_national_three_level_scale")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    old.get_model("surveys", "Rating").objects.filter(pk=rating.pk).update(score="neutral")
    old.get_model("surveys", "OfficialRating").objects.filter(official_id=ids["Lê Văn Tư"]).update(
        score="neutral"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Rating.objects.get().score == "satisfied"
    assert sorted(rating.officials.values_list("official__full_name", "score")) == [
        ("Lê Văn Tư", "satisfied"),
        ("Đinh Xuân Công", "dissatisfied"),
    ]
    assert after in MigrationExecutor(connection).loader.applied_migrations
