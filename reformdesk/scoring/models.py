"""The Decision 766 index as data: dated indicator rows, figures entered by hand, and events.

An indicator's formula is never edited in place: a change is a new row with a later
``valid_from`` (the old row gets ``valid_to``), and a period is scored by the rows in force on
its first day, so a period already scored keeps its score.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.scoring.choices import EventKind, Group, Rate, Shape, WhenEmpty


class Indicator(models.Model):
    """One indicator of the 766 index, valid from ``valid_from`` to ``valid_to`` (open while empty).

    ``shape_params`` holds the scoring shape's numbers as strings: for ``linear`` ``full_at``
    (the rate that earns the maximum; ``"1"`` is max × rate), for ``steps`` a list of
    ``[threshold, share of max]`` pairs, highest first. ``source`` cites the document and
    article; ``confirmed`` is False where the formula could not be checked against the legal text.
    """

    code = models.SlugField(_("mã chỉ số"), max_length=40)
    group = models.CharField(_("nhóm"), max_length=16, choices=Group.choices)
    name = models.CharField(_("tên chỉ số"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    rate = models.CharField(_("tỷ lệ"), max_length=24, choices=Rate.choices)
    shape = models.CharField(_("cách cho điểm"), max_length=8, choices=Shape.choices, default=Shape.LINEAR)
    shape_params = models.JSONField(_("tham số cho điểm"), default=dict, blank=True)
    when_empty = models.CharField(
        _("khi không có đối tượng"), max_length=8, choices=WhenEmpty.choices, default=WhenEmpty.NO_DATA
    )
    source = models.TextField(_("nguồn"))
    confirmed = models.BooleanField(_("đã đối chiếu văn bản"), default=False)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ số 766")
        verbose_name_plural = _("chỉ số 766")
        ordering = ["sort_order", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="indicator_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="indicator_valid_range",
                violation_error_message=_("Ngày hết áp dụng phải sau ngày áp dụng."),
            ),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="indicator_max_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from:%d/%m/%Y})"


def evidence_path(instance: IndicatorEntry, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"scoring/{instance.period}/{instance.unit_id}/{instance.sha256[:16]}"


class IndicatorEntry(models.Model):
    """A figure ReformDesk cannot compute (dossiers synced to the national portal, say), entered
    by a reform officer for one unit and period with an evidence file.

    A new entry for the same indicator, unit and period replaces the current one; the old row stays
    with ``is_current`` False, so the history shows who entered what.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=7)  # "2026", "2026-Q1" or "2026-03"
    numerator = models.PositiveIntegerField(_("tử số"))
    denominator = models.PositiveIntegerField(_("mẫu số"), validators=[MinValueValidator(1)])
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.FileField(_("minh chứng"), upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    entered_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    entered_by_name = models.CharField(_("người nhập"), max_length=200)
    entered_at = models.DateTimeField(_("nhập lúc"))
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("số liệu chỉ số nhập tay")
        verbose_name_plural = _("số liệu chỉ số nhập tay")
        ordering = ["unit_id", "period", "indicator_id", "-entered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(numerator__lte=models.F("denominator")),
                name="indicator_entry_numerator_le_denominator",
                violation_error_message=_("Tử số không được lớn hơn mẫu số."),
            ),
            models.CheckConstraint(
                condition=Q(denominator__gte=1), name="indicator_entry_denominator_positive"
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(is_current=True),
                name="indicator_entry_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.period}: {self.numerator}/{self.denominator}"


class ScoringEvent(models.Model):
    """One change to the index's data: a formula revised, a figure entered or replaced."""

    kind = models.CharField(_("sự kiện"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="events")
    entry = models.ForeignKey(
        IndicatorEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    period = models.CharField(_("kỳ"), max_length=7, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến chỉ số")
        verbose_name_plural = _("diễn biến chỉ số")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.indicator_id} {self.at:%Y-%m-%d %H:%M}"


from reformdesk.scoring.models_assessments import *  # noqa: E402, F403 - scoring units on a framework
from reformdesk.scoring.models_frameworks import *  # noqa: E402, F403 - the frameworks' models
from reformdesk.scoring.models_plans import *  # noqa: E402, F403 - yearly reform plans and reports
