"""The tracking book (Sổ theo dõi hồ sơ) and the dated rows that say which form set is in force.

Form 01 of Circular 01/2018/TT-VPCP and of Circular 03/2025/TT-VPCP (appendix I) writes on every
receipt where the dossier went in the book: "Vào Sổ theo dõi hồ sơ, Quyển số … Số thứ tự …", and
the book (form 06 of 2018, 07 of 2025) numbers its rows. Those numbers are given at receipt, in
the receipt's transaction, per receiving unit and year.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrackingCounter(models.Model):
    """The last entry number a unit's tracking book gave in one year.

    The receipt locks this row in its own transaction (as ``DailyCounter`` for dossier codes), so
    a rolled-back receipt gives its number back: entries run 1, 2, 3 … without gaps or duplicates.
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm sổ theo dõi hồ sơ")
        verbose_name_plural = _("bộ đếm sổ theo dõi hồ sơ")
        ordering = ["unit_id", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="tracking_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.last}"


class TrackingEntry(models.Model):
    """One received dossier's row in its receiving unit's tracking book.

    ``volume`` is the book's "Quyển số": one book a unit a year, numbered by its year (2025), since
    the entries start again from 1 every year and a year names the book without a second register
    of volumes; ``number`` is the "Số thứ tự" within it.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="tracking_entry"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    volume = models.PositiveSmallIntegerField(_("quyển số"))
    number = models.PositiveIntegerField(_("số thứ tự"))

    class Meta:
        verbose_name = _("dòng sổ theo dõi hồ sơ")
        verbose_name_plural = _("dòng sổ theo dõi hồ sơ")
        ordering = ["unit_id", "volume", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "volume", "number"], name="tracking_entry_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="tracking_entry_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.volume}/{self.number}"


class FormSetPeriod(models.Model):
    """The day a legal form set came into force, with the text that says so.

    The forms themselves (numbers, titles, templates) are code (``printing.formsets``); the day
    each set starts is data, loaded from ``dossiers/data/form-sets.csv`` by a migration, so a date
    found wrong is corrected by a row, not a release. ``confirmed`` is False while the date has
    not been read in the legal text itself (see ``source``).
    """

    basis = models.CharField(_("căn cứ"), max_length=100, unique=True)
    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    source = models.TextField(_("nguồn"))
    confirmed = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)

    class Meta:
        verbose_name = _("thời điểm áp dụng bộ biểu mẫu")
        verbose_name_plural = _("thời điểm áp dụng bộ biểu mẫu")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.basis} ({self.effective_from:%d/%m/%Y})"
