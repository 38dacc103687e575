"""A change of an indicator's formula: a new dated row, the old one closed the day before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reformdesk.core.services.audit import audit_created, audit_record
from reformdesk.org.permissions import AnyUser, is_superuser
from reformdesk.scoring.choices import EventKind, Shape, WhenEmpty
from reformdesk.scoring.models import Indicator, ScoringEvent

_COPIED = ("group", "name", "sort_order", "rate")


@transaction.atomic
def indicator_revise(
    *,
    actor: AnyUser,
    indicator: Indicator,
    valid_from: dt.date,
    source: str,
    max_points: Decimal | None = None,
    shape: str | None = None,
    shape_params: dict[str, Any] | None = None,
    when_empty: str | None = None,
) -> Indicator:
    """A new row of ``indicator`` from ``valid_from``, with the given formula and the rest copied.

    Only an administrator revises the index (it is national law, not a unit's choice). The new row
    starts after today, so no period that has begun is scored by it: the past is never rescored.
    Refused, with nothing saved: a row that is not the latest, a start not after today, a source
    left empty, a maximum below zero, an unknown shape.
    """
    if not is_superuser(actor):
        raise ValidationError(_("Chỉ quản trị hệ thống được đổi công thức chỉ số."))
    errors: dict[str, str] = {}
    if (
        indicator.valid_to is not None
        or Indicator.objects.filter(code=indicator.code, valid_from__gt=indicator.valid_from).exists()
    ):
        errors["indicator"] = _("Chỉ đổi được dòng chỉ số đang áp dụng mới nhất.")
    if valid_from <= timezone.localdate():
        errors["valid_from"] = _(
            "Công thức mới phải áp dụng từ một ngày sau hôm nay: kỳ đã bắt đầu không bị tính lại."
        )
    if not source.strip():
        errors["source"] = _("Cần ghi văn bản, điều khoản làm căn cứ cho công thức mới.")
    if max_points is not None and max_points < 0:
        errors["max_points"] = _("Điểm tối đa không được âm.")
    if shape is not None and shape not in Shape.values:
        errors["shape"] = _("Cách cho điểm không hợp lệ.")
    if when_empty is not None and when_empty not in WhenEmpty.values:
        errors["when_empty"] = _("Cách chấm khi không có đối tượng không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    revised = Indicator.objects.create(
        code=indicator.code,
        **{name: getattr(indicator, name) for name in _COPIED},
        max_points=indicator.max_points if max_points is None else max_points,
        shape=shape or indicator.shape,
        shape_params=indicator.shape_params if shape_params is None else shape_params,
        when_empty=when_empty or indicator.when_empty,
        source=source.strip(),
        confirmed=False,
        valid_from=valid_from,
    )
    indicator.valid_to = valid_from - dt.timedelta(days=1)
    indicator.save(update_fields=["valid_to"])
    audit_record(
        actor=actor, action="indicator.close", obj=indicator, changes={"valid_to": [None, indicator.valid_to]}
    )
    audit_created(
        actor=actor,
        obj=revised,
        fields=("code", "max_points", "shape", "shape_params", "when_empty", "source", "valid_from"),
        action="indicator.revise",
    )
    ScoringEvent.objects.create(
        kind=EventKind.INDICATOR_REVISED,
        at=timezone.now(),
        actor=actor if actor.is_authenticated else None,
        indicator=revised,
        note=revised.source,
        data={"replaces": indicator.pk, "valid_from": valid_from.isoformat()},
    )
    return revised
