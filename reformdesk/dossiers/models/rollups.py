"""Dossier rollups: how many dossiers of a processing unit and procedure had one fact on one day.

Statistics over a year read these rows instead of scanning every dossier. A row is
``(unit, procedure, day, measure) → count``: the day is Vietnam's calendar day of the fact's
moment (receipt, result, refusal, withdrawal, stop, delivery) and the unit the dossier's
``processing_unit``. The dossier services add to them in the transaction that writes the event
(``reformdesk.dossiers.rollups``); ``manage.py rebuild_rollups`` computes them again from the
dossier rows, so they are a cache of the dossiers, never a second source of truth.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.dossiers.choices import Measure


class DossierRollup(models.Model):
    """The number of dossiers of ``unit`` and ``procedure`` with fact ``measure`` on ``day``."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("cơ quan giải quyết"), on_delete=models.CASCADE, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("ngày"))
    measure = models.CharField(_("chỉ tiêu"), max_length=12, choices=Measure.choices)
    count = models.PositiveIntegerField(_("số hồ sơ"), default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp hồ sơ")
        verbose_name_plural = _("số liệu tổng hợp hồ sơ")
        ordering = ["day", "unit_id", "procedure_id", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "day", "measure"], name="dossier_rollup_unique"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="dossier_rollup_count_positive"),
        ]
        indexes = [models.Index(fields=["day", "unit"], name="dossier_rollup_day_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_id} {self.day} {self.measure}: {self.count}"
