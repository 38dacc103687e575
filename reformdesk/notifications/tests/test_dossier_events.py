"""Dossier notices: which events send what to whom, once per event."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from reformdesk.core.models import AuditEvent
from reformdesk.dossiers.choices import EventKind
from reformdesk.dossiers.models import DossierEvent
from reformdesk.dossiers.services import (
    dossier_apologise,
    dossier_decline,
    dossier_forward,
    dossier_receive,
    dossier_request_supplement,
)
from reformdesk.dossiers.tests.factories import applicant, vn
from reformdesk.notifications import dossier_events
from reformdesk.notifications.models import Message, MessageTemplate

pytestmark = pytest.mark.django_db

SITE = "https://dichvucong.tanky.example.vn"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.PUBLIC_BASE_URL = SITE


def receive(desk, personas, tree, papers=None, **fields):
    return dossier_receive(
        actor=personas.one_stop_a,
        unit=tree.commune_a,
        procedure=desk.procedure,
        applicant=applicant(**fields),
        submitted_papers=desk.required_ids if papers is None else papers,
        at=vn(2025, 12, 1, 9),
    )


def notices(key: str) -> list[tuple[str, str]]:
    return list(Message.objects.filter(key=key).order_by("channel").values_list("channel", "recipient"))


def test_a_received_dossier_sends_an_sms_and_an_email_in_vietnamese(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(desk, personas, tree, phone="+84 912.345.678")
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.RECEIVED)
    assert notices("dossier.received") == [("email", "binh.hv@example.vn"), ("sms", "0912345678")]
    sms = Message.objects.get(key="dossier.received", channel="sms")
    link = f"{SITE}/tra-cuu-ho-so/?code={dossier.code}&secret={dossier.secret}"
    assert sms.body == (f"Xã Phú Sơn đã nhận hồ sơ {dossier.code}. Hẹn trả 09:00 04/12/2025. Tra cứu: {link}")
    assert (sms.language, sms.reference, sms.related_type, sms.related_id) == (
        "vi",
        dossier.code,
        "dossiers.dossierevent",
        str(event.pk),
    )
    email = Message.objects.get(key="dossier.received", channel="email")
    assert email.subject == f"Đã tiếp nhận hồ sơ {dossier.code}"
    assert "Thủ tục: Thủ tục đăng ký khai sinh\nHẹn trả kết quả: 09:00 04/12/2025" in email.body

    # Hearing the same event again (a re-run subscriber) stores and sends nothing more.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert dossier_events.on_dossier_event(event.pk) == 2
    assert callbacks == []
    assert Message.objects.filter(key="dossier.received").count() == 2


def test_a_channel_without_any_template_does_not_stop_the_other(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    MessageTemplate.objects.filter(key="dossier.received", channel="sms").delete()
    with django_capture_on_commit_callbacks(execute=True):
        receive(desk, personas, tree)
    assert notices("dossier.received") == [("email", "binh.hv@example.vn")]
    gap = AuditEvent.objects.get(action="message_template.missing")
    assert (gap.object_id, gap.changes["sent_in"]) == ("dossier.received:sms:vi", "")


def test_no_sms_to_a_landline_and_no_email_without_an_address(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(desk, personas, tree, phone="0238 3882 111", email="")
    assert Message.objects.count() == 0


def test_an_incomplete_dossier_and_a_supplement_request_list_the_missing_papers(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(desk, personas, tree, papers=desk.required_ids[:1], email="")
    [sms] = Message.objects.filter(key="dossier.supplement_requested")
    assert sms.body.startswith(f"Hồ sơ {dossier.code} cần bổ sung: Giấy chứng sinh. Chi tiết: {SITE}/tra-cuu")


def test_processing_events_send_their_notices_once_each(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    specialist = User.objects.get(username="tuphap_a")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = receive(desk, personas, tree)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_request_supplement(
            actor=specialist,
            dossier=dossier,
            missing=["Bản sao giấy chứng nhận kết hôn"],
            at=vn(2025, 12, 2, 10),
        )
    with django_capture_on_commit_callbacks(execute=True):
        dossier_apologise(
            actor=personas.chair_a,
            dossier=dossier,
            reason="Cần xác minh tại nơi cư trú",
            new_due_at=vn(2025, 12, 9, 9),
            at=vn(2025, 12, 2, 11),
        )
    email = Message.objects.get(key="dossier.supplement_requested", channel="email")
    assert "bổ sung các giấy tờ sau:\n\n- Bản sao giấy chứng nhận kết hôn\n\n" in email.body
    apology = Message.objects.get(key="dossier.apology", channel="sms")
    assert apology.body == (
        f"Xã Phú Sơn xin lỗi: hồ sơ {dossier.code} chậm trả kết quả, hẹn lại 09:00 09/12/2025. "
        "Lý do: Cần xác minh tại nơi cư trú"
    )
    # Forwarding between officials tells the citizen nothing.
    assert set(Message.objects.values_list("key", flat=True)) == {
        "dossier.received",
        "dossier.supplement_requested",
        "dossier.apology",
    }
    assert Message.objects.count() == 6


def test_result_ready_and_declined_tell_where_to_collect(
    desk, personas, tree, django_capture_on_commit_callbacks
):
    specialist = User.objects.get(username="tuphap_a")
    tree.commune_a.address = "Trụ sở UBND xã Phú Sơn"
    tree.commune_a.save(update_fields=["address"])
    dossier = receive(desk, personas, tree)
    dossier = dossier_forward(actor=specialist, dossier=dossier, at=vn(2025, 12, 2, 15))
    dossier = dossier_forward(actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 10))
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_forward(
            actor=personas.chair_a, dossier=dossier, approve=True, at=vn(2025, 12, 3, 16)
        )
    sms = Message.objects.get(key="dossier.result_ready", channel="sms")
    assert sms.body == f"Hồ sơ {dossier.code} đã có kết quả. Mời nhận tại Xã Phú Sơn, Trụ sở UBND xã Phú Sơn."
    email = Message.objects.get(key="dossier.result_ready", channel="email")
    assert email.body.endswith(
        f"mức độ hài lòng: {SITE}/danh-gia/{dossier.code}/?secret={dossier.secret}"
        "\n\nThư này được gửi tự động, xin Ông/Bà đừng trả lời thư."
    )

    other = receive(desk, personas, tree, phone="0987654321", email="")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_decline(
            actor=personas.chair_a, dossier=other, reasons="Không đủ điều kiện", at=vn(2025, 12, 2, 9)
        )
    assert Message.objects.filter(key="dossier.result_ready", recipient="0987654321").count() == 1
