"""Feedback cases for the tests: a citizen, and a case received at a unit through a staff channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from reformdesk.dossiers.tests.factories import vn
from reformdesk.feedback.choices import Channel, Kind
from reformdesk.feedback.models import FeedbackCase
from reformdesk.feedback.services import Call, Citizen, feedback_receive
from reformdesk.org.models import Unit

__all__ = ["citizen", "receive", "vn"]


def citizen(**overrides: Any) -> Citizen:
    values: dict[str, Any] = {
        "name": "Phan Thị Lan",
        "phone": "0987 654 321",
        "email": "lan.pt@example.vn",
        "address": "Xóm 5, xã Phú Sơn, tỉnh Nghệ An",
    }
    values.update(overrides)
    return Citizen(**values)


def receive(
    *,
    actor: User,
    unit: Unit,
    at: dt.datetime | None = None,
    kind: str = Kind.PUBLIC_SERVICE,
    channel: str = Channel.IN_PERSON,
    **overrides: Any,
) -> FeedbackCase:
    """A case received at ``unit`` (Monday 1/12/2025 09:00 unless ``at``): a complaint about the
    commune's drinking water, from Phan Thị Lan, in person."""
    values: dict[str, Any] = {
        "subject": "Nước sinh hoạt xóm 5 bị đục",
        "content": "Từ đầu tháng nước máy ở xóm 5 bị đục, có mùi; đề nghị xã kiểm tra trạm bơm.",
        "citizen": citizen(),
        "place": "Xóm 5, xã Phú Sơn",
    }
    if channel == Channel.HOTLINE:
        values["call"] = Call(caller_phone="0987654321", seconds=180)
    values.update(overrides)
    return feedback_receive(
        actor=actor, unit=unit, kind=kind, channel=channel, received_at=at or vn(2025, 12, 1, 9), **values
    )
