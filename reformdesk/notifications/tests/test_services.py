"""The outbox: rendering, idempotent enqueueing after commit, delivery, the retry schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from reformdesk.core.models import AuditEvent
from reformdesk.notifications import services
from reformdesk.notifications.backends import DeliveryError
from reformdesk.notifications.choices import MessageStatus
from reformdesk.notifications.models import Message, MessageTemplate
from reformdesk.notifications.tests.conftest import IMMEDIATE, sms_lines

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2025, 12, 1, 2, 0, tzinfo=dt.UTC)
CONTEXT = {
    "code": "000.30.31.H41-251201-0001",
    "unit": "Xã Phú Sơn",
    "appointment": "09:00 04/12/2025",
    "lookup_url": "https://dichvucong.example.vn/tra-cuu-ho-so/?code=X&secret=Y",
    "applicant": "Hoàng Văn Bình",
    "procedure": "Thủ tục đăng ký khai sinh",
}


def enqueue(**overrides) -> Message:
    values = {
        "key": "dossier.received",
        "channel": "sms",
        "language": "vi",
        "to": "0912345678",
        "context": CONTEXT,
    }
    values.update(overrides)
    return services.message_enqueue(**values)


def make_message(status=MessageStatus.QUEUED, attempts=0, next_at=T0, **fields) -> Message:
    return Message.objects.create(
        key="dossier.received",
        channel=fields.pop("channel", "sms"),
        recipient=fields.pop("recipient", "0912345678"),
        language="vi",
        body="Nội dung",
        status=status,
        attempts=attempts,
        next_attempt_at=next_at,
        **fields,
    )


def test_the_seeded_templates_cover_every_notice_in_both_languages_and_channels():
    rows = set(MessageTemplate.objects.values_list("key", "channel", "language"))
    keys = {
        "dossier.received",
        "dossier.supplement_requested",
        "dossier.result_ready",
        "dossier.apology",
        "dossier.rating_invite",
        # Seeded by the feedback app's own migration.
        "feedback.received",
        "feedback.clarification",
        "feedback.answered",
        "feedback.published",
        "feedback.merged",
        # Seeded by the assignments app's own migration.
        "task.due_soon",
        "task.due_now",
        "task.escalated",
        # Seeded by the documents app's regulations migration.
        "regulation.acknowledge",
    }
    expected = {(k, c, lang) for k in keys for c in ("sms", "email") for lang in ("vi", "en")}
    # The survey invitation after delivery goes out by SMS only (the surveys app's own seed).
    expected |= {("survey.invite", "sms", lang) for lang in ("vi", "en")}
    assert rows == expected
    assert not MessageTemplate.objects.filter(channel="email", subject="").exists()


def test_a_message_is_rendered_at_enqueue_time_as_plain_text():
    message = enqueue(context={**CONTEXT, "unit": "Xã <Phú> & Sơn"})
    assert message.body == (
        "Xã <Phú> & Sơn đã nhận hồ sơ 000.30.31.H41-251201-0001. Hẹn trả 09:00 04/12/2025. "
        "Tra cứu: https://dichvucong.example.vn/tra-cuu-ho-so/?code=X&secret=Y"
    )
    assert (message.subject, message.status, message.attempts) == ("", MessageStatus.QUEUED, 0)

    email = enqueue(channel="email", to="binh.hv@example.vn", language="en")
    assert email.subject == "Dossier 000.30.31.H41-251201-0001 received"
    assert email.body.startswith("Dear Hoàng Văn Bình,\n\nXã Phú Sơn has received your dossier.")

    # Editing a template later does not change what was stored.
    MessageTemplate.objects.filter(key="dossier.received").update(body="Khác")
    message.refresh_from_db()
    assert message.body.startswith("Xã <Phú> & Sơn đã nhận hồ sơ")


def gaps() -> list[dict]:
    return list(
        AuditEvent.objects.filter(action="message_template.missing").values_list("object_id", "changes")
    )


def test_a_language_without_its_template_falls_back_to_vietnamese_and_administrators_are_told():
    MessageTemplate.objects.filter(key="dossier.received", channel="sms", language="en").delete()
    assert enqueue(language="en").body.startswith("Xã Phú Sơn đã nhận hồ sơ")
    assert enqueue(language="en", to="0987654321").body.startswith("Xã Phú Sơn đã nhận hồ sơ")
    # One audit row for the gap, however many notices it affected that day.
    assert gaps() == [
        (
            "dossier.received:sms:en",
            {"key": "dossier.received", "channel": "sms", "language": "en", "sent_in": "vi"},
        )
    ]


def test_without_the_vietnamese_template_the_notice_goes_out_in_the_other_language():
    MessageTemplate.objects.filter(key="dossier.received", channel="email", language="vi").delete()
    message = enqueue(channel="email", to="binh.hv@example.vn")
    assert message.subject == "Dossier 000.30.31.H41-251201-0001 received"
    assert gaps() == [
        (
            "dossier.received:email:vi",
            {"key": "dossier.received", "channel": "email", "language": "vi", "sent_in": "en"},
        )
    ]


def test_a_notice_with_no_template_at_all_is_not_stored_and_the_gap_is_recorded_once_a_day():
    MessageTemplate.objects.filter(key="dossier.received", channel="sms").delete()
    for _ in range(2):
        with pytest.raises(services.TemplateMissing):
            enqueue()
    assert [changes["sent_in"] for _, changes in gaps()] == [""]
    # The next day the same gap is recorded again.
    AuditEvent.objects.filter(action="message_template.missing").update(
        at=dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    )
    with pytest.raises(services.TemplateMissing):
        enqueue()
    assert [changes["sent_in"] for _, changes in gaps()] == ["", ""]
    assert Message.objects.count() == 0


def test_an_unknown_template_or_an_empty_recipient_stores_nothing():
    with pytest.raises(services.TemplateMissing):
        enqueue(key="dossier.unknown")
    with pytest.raises(ValidationError) as error:
        enqueue(to="  ")
    assert error.value.message_dict == {"to": ["Thiếu người nhận."]}
    with pytest.raises(ValidationError):
        enqueue(channel="fax")
    assert Message.objects.count() == 0


def test_enqueue_is_idempotent_per_key_channel_recipient_and_related_object(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue(related=tree.commune_a, reference="A")
        again = enqueue(related=tree.commune_a, reference="A")
    assert first.pk == again.pk
    assert len(callbacks) == 1
    assert Message.objects.count() == 1
    assert (first.related_type, first.related_id) == ("org.unit", str(tree.commune_a.pk))
    # The delivery task was enqueued once, after the commit.
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("reformdesk.notifications.tasks.deliver_message", {"args": [first.pk], "kwargs": {}})
    ]
    # Another recipient, channel or related object is another message.
    enqueue(related=tree.commune_a, to="0987654321")
    enqueue(related=tree.commune_a, channel="email", to="binh.hv@example.vn")
    enqueue(related=tree.commune_b)
    assert Message.objects.count() == 4


def test_a_rolled_back_enqueue_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue()
        raise RuntimeError
    assert callbacks == [] and Message.objects.count() == 0 and DBTaskResult.objects.count() == 0


def test_the_task_delivers_an_sms_once(sms_file, django_capture_on_commit_callbacks):
    with IMMEDIATE, django_capture_on_commit_callbacks(execute=True):
        message = enqueue()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.provider_message_id) == (
        MessageStatus.SENT,
        1,
        f"file-{message.pk}",
    )
    assert message.next_attempt_at is None and message.sent_at is not None
    lines = sms_lines(sms_file)
    assert [(line["to"], line["reference"]) for line in lines] == [("0912345678", str(message.pk))]
    assert lines[0]["body"] == message.body
    # Running the delivery again (a duplicate task) sends nothing more.
    assert services.message_deliver(message_id=message.pk) is None
    assert len(sms_lines(sms_file)) == 1


def test_an_email_goes_through_django_with_its_message_id(mailoutbox):
    message = make_message(channel="email", recipient="binh.hv@example.vn", subject="Tiêu đề")
    delivered = services.message_deliver(message_id=message.pk, now=T0)
    assert delivered.status == MessageStatus.SENT
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert (mail.to, mail.subject, mail.body) == (["binh.hv@example.vn"], "Tiêu đề", "Nội dung")
    assert mail.extra_headers["Message-ID"] == delivered.provider_message_id
    assert delivered.provider_message_id.startswith("<") and delivered.provider_message_id.endswith(">")


class FlakyBackend:
    """Fails as told: ``errors`` is a list of (message, retryable) popped per send."""

    errors: list[tuple[str, bool]] = []
    sent: list[str] = []

    def send(self, message) -> str:
        if FlakyBackend.errors:
            text, retryable = FlakyBackend.errors.pop(0)
            raise DeliveryError(text, retryable=retryable)
        FlakyBackend.sent.append(message.reference)
        return "gw-1"


@pytest.fixture
def flaky(settings):
    settings.SMS_BACKEND = "reformdesk.notifications.tests.test_services.FlakyBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 5
    FlakyBackend.errors = []
    FlakyBackend.sent = []
    return FlakyBackend


def test_retries_wait_1_5_30_then_120_minutes_and_give_up_after_the_fifth_attempt(flaky):
    flaky.errors = [("HTTP 503", True)] * 5
    message = make_message()
    now = T0
    schedule = []
    for _ in range(5):
        delivered = services.message_deliver(message_id=message.pk, now=now)
        schedule.append((delivered.status, delivered.attempts, delivered.next_attempt_at))
        if delivered.next_attempt_at is not None:
            # Not due a second earlier.
            assert (
                services.message_deliver(
                    message_id=message.pk, now=delivered.next_attempt_at - dt.timedelta(seconds=1)
                )
                is None
            )
            now = delivered.next_attempt_at
    minutes = dt.timedelta(minutes=1)
    assert schedule == [
        (MessageStatus.FAILED, 1, T0 + minutes),
        (MessageStatus.FAILED, 2, T0 + 6 * minutes),
        (MessageStatus.FAILED, 3, T0 + 36 * minutes),
        (MessageStatus.FAILED, 4, T0 + 156 * minutes),
        (MessageStatus.GAVE_UP, 5, None),
    ]
    message.refresh_from_db()
    assert message.last_error == "HTTP 503"
    assert services.message_deliver(message_id=message.pk, now=T0 + dt.timedelta(days=1)) is None
    assert flaky.sent == []


def test_a_permanent_error_gives_up_at_once_and_a_later_success_clears_the_error(flaky):
    flaky.errors = [("HTTP 400: bad number", False)]
    refused = services.message_deliver(message_id=make_message().pk, now=T0)
    assert (refused.status, refused.attempts, refused.next_attempt_at, refused.last_error) == (
        MessageStatus.GAVE_UP,
        1,
        None,
        "HTTP 400: bad number",
    )
    flaky.errors = [("timeout", True)]
    message = make_message(recipient="0987654321")
    services.message_deliver(message_id=message.pk, now=T0)
    sent = services.message_deliver(message_id=message.pk, now=T0 + dt.timedelta(minutes=1))
    assert (sent.status, sent.attempts, sent.last_error, sent.provider_message_id) == (
        MessageStatus.SENT,
        2,
        "",
        "gw-1",
    )


def test_the_command_runs_due_retries_lost_tasks_and_stuck_sends(flaky, capsys, monkeypatch):
    now = T0 + dt.timedelta(hours=1)
    monkeypatch.setattr(services.timezone, "now", lambda: now)
    due_retry = make_message(status=MessageStatus.FAILED, attempts=1, next_at=now - dt.timedelta(seconds=1))
    later_retry = make_message(status=MessageStatus.FAILED, attempts=1, next_at=now + dt.timedelta(minutes=1))
    lost = make_message(next_at=now - dt.timedelta(minutes=3))
    fresh = make_message(next_at=now - dt.timedelta(seconds=30))  # its task is about to run
    stuck = make_message(
        status=MessageStatus.SENDING, attempts=1, last_attempt_at=now - dt.timedelta(minutes=11)
    )
    busy = make_message(
        status=MessageStatus.SENDING, attempts=1, last_attempt_at=now - dt.timedelta(minutes=2)
    )
    done = make_message(status=MessageStatus.SENT, attempts=1, next_at=None)

    call_command("send_queued_messages")
    assert capsys.readouterr().out.strip() == "released 1, attempted 3, sent 3"
    status = dict(Message.objects.values_list("pk", "status"))
    assert status == {
        due_retry.pk: MessageStatus.SENT,
        later_retry.pk: MessageStatus.FAILED,
        lost.pk: MessageStatus.SENT,
        fresh.pk: MessageStatus.QUEUED,
        stuck.pk: MessageStatus.SENT,
        busy.pk: MessageStatus.SENDING,
        done.pk: MessageStatus.SENT,
    }
    assert sorted(flaky.sent) == sorted(str(m.pk) for m in (due_retry, lost, stuck))


def test_retry_now_queues_a_failed_message_again_with_an_audit_row(
    personas, django_capture_on_commit_callbacks
):
    message = make_message(status=MessageStatus.GAVE_UP, attempts=5, next_at=None, last_error="HTTP 400")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_retry_now(actor=personas.admin, message=message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 5)
    assert DBTaskResult.objects.count() == 1
    audit = AuditEvent.objects.get(action="message.retry")
    assert (audit.actor, audit.changes) == (personas.admin, {"status": ["gave_up", "queued"]})

    sent = make_message(status=MessageStatus.SENT, next_at=None, recipient="0987654321")
    with pytest.raises(ValidationError):
        services.message_retry_now(actor=personas.admin, message=sent)
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT
    assert AuditEvent.objects.filter(action="message.retry").count() == 1


def test_retry_delay_table():
    assert [services.retry_delay(n) for n in (1, 2, 3, 4, 5, 9)] == [
        dt.timedelta(minutes=m) for m in (1, 5, 30, 120, 120, 120)
    ]


def test_the_seed_migration_runs_backwards_and_forwards():
    import importlib

    from django.apps import apps

    seed = importlib.import_module("reformdesk.notifications.migrations.0002_seed_dossier_templates")
    MessageTemplate.objects.create(key="other.notice", channel="sms", language="vi", body="Giữ lại")
    seed.unseed(apps, None)
    others = MessageTemplate.objects.exclude(key__startswith="feedback.")  # the feedback app's own seed
    others = others.exclude(key__startswith="task.")  # the assignments app's own seed
    others = others.exclude(key__startswith="regulation.")  # the documents app's own seed
    others = others.exclude(key__startswith="survey.")  # the surveys app's own seed
    assert list(others.values_list("key", flat=True)) == ["other.notice"]
    seed.seed(apps, None)
    seed.seed(apps, None)  # running twice changes nothing
    assert others.count() == 21


class RefusingEmailBackend:
    """A mail server that refuses the address (``refused``) or hangs up (otherwise)."""

    refused = True

    def __init__(self, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        import smtplib

        if RefusingEmailBackend.refused:
            raise smtplib.SMTPRecipientsRefused({"sai@example.vn": (550, b"no such user")})
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.mark.parametrize(
    ("refused", "status"), [(True, MessageStatus.GAVE_UP), (False, MessageStatus.FAILED)]
)
def test_a_refused_address_gives_up_and_a_dropped_connection_is_retried(settings, refused, status):
    settings.EMAIL_BACKEND = "reformdesk.notifications.tests.test_services.RefusingEmailBackend"
    RefusingEmailBackend.refused = refused
    message = make_message(channel="email", recipient="sai@example.vn", subject="Tiêu đề")
    delivered = services.message_deliver(message_id=message.pk, now=T0)
    assert (delivered.status, delivered.attempts) == (status, 1)
    assert delivered.last_error.startswith("e-mail: ")


class BrokenBackend:
    def send(self, message) -> str:
        raise KeyError("sender")


def test_a_backend_that_crashes_leaves_the_message_to_retry_not_stuck(settings):
    settings.SMS_BACKEND = "reformdesk.notifications.tests.test_services.BrokenBackend"
    delivered = services.message_deliver(message_id=make_message().pk, now=T0)
    assert (delivered.status, delivered.attempts, delivered.next_attempt_at, delivered.last_error) == (
        MessageStatus.FAILED,
        1,
        T0 + dt.timedelta(minutes=1),
        "KeyError: 'sender'",
    )
