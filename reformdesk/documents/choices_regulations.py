"""Choices of internal regulations (quy chế nội bộ) and yearly commitments (cam kết).

The kinds are those a commune or a district office issues under its own authority:
- the working rules (quy chế làm việc) of a People's Committee;
- the office culture rules (Decision 129/2007/QĐ-TTg on office culture at state administrative
  bodies: dress, name tags, conduct with citizens; Decision 1847/QĐ-TTg of 27/12/2018 on the
  culture of public service) — UNCONFIRMED whether 129/2007 has since been replaced;
- the internal spending rules (quy chế chi tiêu nội bộ, Decree 130/2005/NĐ-CP, Article 5, for
  bodies on an autonomous budget) — UNCONFIRMED whether a later decree replaced that article;
- the rules on democracy at the workplace (Law on Grassroots Democracy 2022, No. 10/2022/QH15,
  its chapter on agencies and units) — UNCONFIRMED article numbers;
- coordination rules (quy chế phối hợp) and others.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    WORKING_RULES = "working_rules", _("Quy chế làm việc")
    OFFICE_CULTURE = "office_culture", _("Quy chế văn hóa công sở")
    INTERNAL_SPENDING = "internal_spending", _("Quy chế chi tiêu nội bộ")
    GRASSROOTS_DEMOCRACY = "grassroots_democracy", _("Quy chế thực hiện dân chủ ở cơ sở")
    COORDINATION = "coordination", _("Quy chế phối hợp")
    OTHER = "other", _("Quy chế, quy định khác")


class RegulationStatus(models.TextChoices):
    """A version is entered as a draft, then published to the unit's officials, who acknowledge it."""

    DRAFT = "draft", _("Dự thảo, chưa công bố")
    PUBLISHED = "published", _("Đã công bố")


class RegulationEventKind(models.TextChoices):
    CREATED = "created", _("Nhập phiên bản quy chế")
    PUBLISHED = "published", _("Công bố đến cán bộ, công chức")
    ACKNOWLEDGED = "acknowledged", _("Xác nhận đã đọc")
    REMINDED = "reminded", _("Nhắc xác nhận")


class CommitmentKind(models.TextChoices):
    """Who commits: each official for themselves, or the unit, signed by its leader."""

    OFFICIAL = "official", _("Cam kết của cán bộ, công chức")
    UNIT = "unit", _("Cam kết của đơn vị")


class CommitmentEventKind(models.TextChoices):
    TEMPLATE_CREATED = "template_created", _("Ban hành mẫu cam kết")
    SIGNED = "signed", _("Ký cam kết")
    BREACH_RECORDED = "breach_recorded", _("Ghi nhận vi phạm cam kết")
