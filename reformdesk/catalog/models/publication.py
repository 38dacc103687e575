"""Where and when a procedure is made public: posted at a unit's one-stop desk, or on the portal."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.catalog.choices import PublicationPlace


class Publication(models.Model):
    """A procedure posted at one unit's desk, or published on the public service portal by a unit,
    from ``published_on`` until ``withdrawn_on`` (open while empty)."""

    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="publications"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="publications"
    )
    place = models.CharField(_("hình thức công khai"), max_length=10, choices=PublicationPlace.choices)
    published_on = models.DateField(_("ngày công khai"))
    withdrawn_on = models.DateField(_("ngày gỡ bỏ"), null=True, blank=True)

    class Meta:
        verbose_name = _("công khai thủ tục")
        verbose_name_plural = _("công khai thủ tục")
        ordering = ["unit_id", "place", "procedure_id", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "unit", "place", "published_on"], name="publication_unique"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("published_on")),
                name="publication_range",
                violation_error_message=_("Ngày gỡ bỏ phải sau ngày công khai."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "place", "withdrawn_on"], name="publication_unit_idx")]

    def __str__(self) -> str:
        return f"{self.procedure_id} @ {self.unit_id} ({self.get_place_display()})"
