"""Where each kind of feedback goes by default, set per unit tree by its reform officer."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.feedback.choices import ROUTABLE_KINDS, Kind


class KindRoute(models.Model):
    """Cases of ``kind`` received at ``unit`` or any unit below it go to ``handling_unit``.

    Issue 11: "Each kind has a default handling unit." The nearest route up the receiving unit's
    tree wins, so a province may send public-service feedback to its department while one
    district sends it to its own office. A case about an official always goes to that official's
    leader and a case about a dossier to the unit processing the dossier (``services.routing``),
    so those two kinds take no route.
    """

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("áp dụng cho phản ánh tiếp nhận tại"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("loại phản ánh"), max_length=16, choices=Kind.choices)
    handling_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("cơ quan xử lý mặc định"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan xử lý mặc định theo loại phản ánh")
        verbose_name_plural = _("cơ quan xử lý mặc định theo loại phản ánh")
        ordering = ["unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"],
                name="feedback_route_one_per_kind",
                violation_error_message=_("Loại phản ánh này đã có cơ quan xử lý mặc định tại đơn vị."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(ROUTABLE_KINDS)), name="feedback_route_kind_routable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} → {self.handling_unit_id}"
