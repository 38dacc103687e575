"""The administrative tree: units of any depth, their successions and reception schedules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reformdesk.org.choices import SuccessionKind, UnitKind, Weekday
from reformdesk.org.validators import validate_phone, validate_unit_code

PATH_SEGMENT_WIDTH = 8


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}."


class UnitQuerySet(models.QuerySet["Unit"]):
    def active_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def active(self) -> UnitQuerySet:
        return self.active_on(timezone.localdate())

    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A node of the administrative tree (province, district, commune, office…).

    ``path`` is a materialised path of zero-padded primary keys ending in a dot
    (``00000001.00000007.``) so that subtree and ancestor queries are single indexed
    look-ups. It is maintained only by ``org.services.units``. A unit that ceased to exist
    (a merge, the 2025 abolition of districts) keeps its row with ``valid_to`` set, so old
    dossiers still point at it; its successors are ``UnitSuccession`` rows.
    """

    code = models.CharField(
        _("mã định danh (QCVN 102)"), max_length=13, unique=True, validators=[validate_unit_code]
    )
    statistical_code = models.CharField(_("mã thống kê"), max_length=10, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("cấp trong cây"), default=0, editable=False)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, validators=[validate_phone])
    hotline = models.CharField(_("đường dây nóng"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    leader = models.ForeignKey(
        "org.Official",
        verbose_name=_("người đứng đầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name_vi

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
        if self.parent_id and self.pk and self.parent is not None and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("Không thể đặt đơn vị làm cấp dưới của chính nó.")})

    def ancestor_ids(self) -> list[int]:
        """Primary keys of the ancestors, root first, read from the path (no query)."""
        return [int(seg) for seg in self.path.split(".") if seg][:-1]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class UnitSuccession(models.Model):
    """A unit that took over (part of) another: merges, splits, renames, with the legal basis."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kế thừa"), on_delete=models.CASCADE, related_name="successions_in"
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=SuccessionKind.choices)
    effective_on = models.DateField(_("có hiệu lực từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        ordering = ["effective_on", "predecessor_id", "successor_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="unit_succession_unique",
                violation_error_message=_("Hai đơn vị này đã có quan hệ kế thừa."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="unit_succession_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on:%d/%m/%Y})"


class ReceptionSlot(models.Model):
    """One recurring slot of the citizen reception schedule (Law on Citizen Reception 2013).

    ``week_of_month`` empty means every week; 1–4 the n-th such weekday of the month, 5 the last.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="reception_slots"
    )
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    week_of_month = models.PositiveSmallIntegerField(_("tuần trong tháng"), null=True, blank=True)
    start_time = models.TimeField(_("từ giờ"))
    end_time = models.TimeField(_("đến giờ"))
    host = models.ForeignKey(
        "org.Official",
        verbose_name=_("người tiếp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reception_slots",
    )
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["unit_id", "week_of_month", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="reception_slot_times",
                violation_error_message=_("Giờ kết thúc tiếp công dân phải sau giờ bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(week_of_month__isnull=True) | Q(week_of_month__gte=1, week_of_month__lte=5),
                name="reception_slot_week",
                violation_error_message=_("Tuần trong tháng phải từ 1 đến 5 (5 là tuần cuối)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"
