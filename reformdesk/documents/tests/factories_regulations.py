"""Regulation versions and commitment templates for the tests: commune A's working rules and the
district's 2026 commitments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from reformdesk.documents.choices_regulations import CommitmentKind, RegulationKind
from reformdesk.documents.models import CommitmentTemplate, RegulationVersion
from reformdesk.documents.services.commitments import commitment_template_create
from reformdesk.documents.services.regulations import regulation_create, regulation_publish
from reformdesk.org.models import Unit

ITEMS = [
    "Chấp hành nghiêm thời giờ làm việc, không đi muộn, về sớm.",
    "Đeo thẻ công chức trong giờ làm việc.",
    "Không gây phiền hà, sách nhiễu tổ chức, công dân.",
]


def make_version(
    *, actor: User, unit: Unit, publish: bool = True, effective_on: dt.date | None = None, **overrides: Any
) -> RegulationVersion:
    """Commune ``unit``'s working rules in force from 1/1/2026 (unless ``effective_on``), published."""
    values: dict[str, Any] = {
        "kind": RegulationKind.WORKING_RULES,
        "title": "Quy chế làm việc của UBND xã",
        "decision_symbol": "05/QĐ-UBND",
        "body": "Điều 1. Phạm vi điều chỉnh. Quy chế này quy định nguyên tắc, chế độ trách nhiệm, "
        "lề lối làm việc.",
    }
    values.update(overrides)
    version = regulation_create(
        actor=actor, unit=unit, effective_on=effective_on or dt.date(2026, 1, 1), **values
    )
    return regulation_publish(actor=actor, version=version) if publish else version


def make_template(
    *, actor: User, unit: Unit, kind: str = CommitmentKind.OFFICIAL, year: int = 2026, **overrides: Any
) -> CommitmentTemplate:
    values: dict[str, Any] = {
        "title": "Bản cam kết thực hiện kỷ luật, kỷ cương hành chính năm 2026",
        "preamble": "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ, tôi cam kết:",
        "items": ITEMS,
    }
    values.update(overrides)
    return commitment_template_create(actor=actor, unit=unit, year=year, kind=kind, **values)
