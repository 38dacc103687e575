"""The outbox page: administrators only, every read logged; retry now; the template admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reformdesk.core.models import AccessLog, AuditEvent
from reformdesk.core.tests.helpers import sign_in
from reformdesk.notifications.choices import MessageStatus
from reformdesk.notifications.models import Message, MessageTemplate
from reformdesk.org.choices import Role
from reformdesk.org.tests.factories import make_official

pytestmark = pytest.mark.django_db
OUTBOX = reverse("notifications:outbox")


def message(
    status=MessageStatus.SENT, recipient="0912345678", reference="000.30.31.H41-251201-0001"
) -> Message:
    return Message.objects.create(
        key="dossier.received",
        channel="sms",
        recipient=recipient,
        language="vi",
        body="Xã Phú Sơn đã nhận hồ sơ",
        status=status,
        reference=reference,
    )


@pytest.mark.parametrize("who", ["chair_a", "one_stop_a", "district_reform", "inspector", "outsider"])
def test_only_administrators_see_the_outbox(client, personas, who):
    message()
    sign_in(client, getattr(personas, who))
    assert client.get(OUTBOX).status_code == 403
    assert AccessLog.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(OUTBOX)
    assert response.status_code == 302 and response["Location"].startswith("/")
    assert "next=" in response["Location"]


def test_an_administrator_reads_the_outbox_and_each_message_shown_is_logged(client, personas):
    shown = [message(recipient=f"091234567{i}") for i in range(3)]
    sign_in(client, personas.admin)
    response = client.get(OUTBOX, {"status": "sent"})
    assert response.status_code == 200
    assert "0912345670" in response.content.decode()
    logged = sorted(AccessLog.objects.values_list("subject_type", "subject_id", "purpose", "actor__username"))
    assert logged == sorted(("notifications.message", str(m.pk), "outbox.view", "quantri") for m in shown)


def test_the_outbox_tells_administrators_which_templates_were_missing(client, personas):
    from reformdesk.notifications import services

    MessageTemplate.objects.filter(key="dossier.apology", channel="sms", language="en").delete()
    MessageTemplate.objects.filter(key="dossier.result_ready", channel="email").delete()
    services.message_render(key="dossier.apology", channel="sms", language="en", context={})
    with pytest.raises(services.TemplateMissing):
        services.message_render(key="dossier.result_ready", channel="email", language="vi", context={})
    sign_in(client, personas.admin)
    page = client.get(OUTBOX).content.decode()
    assert 'data-testid="template-gaps"' in page
    assert "<code>dossier.result_ready</code> · email · vi —" in page
    assert "không gửi được" in page
    assert "<code>dossier.apology</code> · sms · en —" in page
    assert "đã gửi bằng “vi” thay thế" in page


def test_without_gaps_the_outbox_shows_no_warning(client, personas):
    sign_in(client, personas.admin)
    assert 'data-testid="template-gaps"' not in client.get(OUTBOX).content.decode()


def test_an_official_with_the_administrator_role_reads_it(client, tree):
    make_official(unit=tree.province, role=Role.ADMIN, username="qtv_tinh", full_name="Vũ Văn Quang")
    from django.contrib.auth.models import User

    sign_in(client, User.objects.get(username="qtv_tinh"))
    assert client.get(OUTBOX).status_code == 200


def test_filters_narrow_the_list_and_a_bad_filter_value_is_refused_politely(client, personas):
    message(recipient="0912000001")
    failed = message(status=MessageStatus.FAILED, recipient="0912000002", reference="KHAC-1")
    sign_in(client, personas.admin)
    response = client.get(OUTBOX, {"status": "failed"})
    assert [row.record.pk for row in response.context["table"].page.object_list] == [failed.pk]
    response = client.get(OUTBOX, {"q": "KHAC"})
    assert [row.record.pk for row in response.context["table"].page.object_list] == [failed.pk]
    response = client.get(OUTBOX, {"status": "nonsense"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["status"]


def test_retry_now_queues_a_failed_message_and_refuses_a_sent_one(client, personas):
    failed = message(status=MessageStatus.GAVE_UP)
    sent = message(recipient="0987654321")
    sign_in(client, personas.admin)
    listing = client.get(OUTBOX).content.decode()
    assert f'data-testid="retry-{failed.pk}"' in listing and f'data-testid="retry-{sent.pk}"' not in listing

    response = client.post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MessageStatus.QUEUED

    response = client.post(reverse("notifications:retry", args=[sent.pk]), follow=True)
    assert "Chỉ gửi lại được thông báo bị lỗi hoặc đã ngừng gửi." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT
    assert AuditEvent.objects.filter(action="message.retry").count() == 1


def test_others_cannot_retry(client, personas):
    failed = message(status=MessageStatus.FAILED)
    sign_in(client, personas.chair_a)
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 403
    assert client.get(reverse("notifications:retry", args=[failed.pk])).status_code in (403, 405)
    failed.refresh_from_db()
    assert failed.status == MessageStatus.FAILED


def test_the_admin_refuses_a_template_that_does_not_compile(client, personas):
    template = MessageTemplate.objects.get(key="dossier.received", channel="sms", language="vi")
    before = template.body
    sign_in(client, personas.admin)
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    data = {
        "key": template.key,
        "channel": "sms",
        "language": "vi",
        "description": "",
        "subject": "",
        "body": "Hồ sơ {{ code } {% if %}",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Mẫu không hợp lệ" in response.content.decode()
    template.refresh_from_db()
    assert template.body == before

    data["body"] = "Hồ sơ {{ code }} đã được tiếp nhận."
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.body == "Hồ sơ {{ code }} đã được tiếp nhận."
    audit = AuditEvent.objects.get(action="message_template.update")
    assert audit.changes == {"body": [before, "Hồ sơ {{ code }} đã được tiếp nhận."]}


def test_an_email_template_needs_a_subject(client, personas):
    template = MessageTemplate.objects.get(key="dossier.received", channel="email", language="vi")
    sign_in(client, personas.admin)
    url = reverse("admin:notifications_messagetemplate_change", args=[template.pk])
    data = {"key": template.key, "channel": "email", "language": "vi", "subject": " ", "body": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Thư điện tử cần có tiêu đề." in response.content.decode()
    template.refresh_from_db()
    assert template.body != "x"


def test_the_outbox_page_runs_the_same_number_of_queries_for_3_or_25_messages(
    client, personas, django_assert_num_queries
):
    sign_in(client, personas.admin)
    for i in range(3):
        message(recipient=f"09120000{i:02d}")
    client.get(OUTBOX)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(OUTBOX).status_code == 200
    for i in range(3, 25):
        message(recipient=f"09120000{i:02d}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(OUTBOX).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
    assert AccessLog.objects.count() == 3 + 3 + 25
