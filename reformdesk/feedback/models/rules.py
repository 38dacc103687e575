"""The time limits of feedback handling, as dated rows with their source.

A change in the law is a new row with the day it takes effect: cases received from that day are
counted by it, older ones keep the rule they were received under.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reformdesk.feedback.choices import DeadlineStep


class DeadlineRule(models.Model):
    """``working_days`` for one step, in force for cases received from ``effective_from``.

    The refusal, clarification and answer limits count from the receipt; the publication limit
    counts from the moment the answer was given (``services.deadlines``). ``source`` names the
    legal text, or says that it could not be confirmed.
    """

    step = models.CharField(_("bước"), max_length=10, choices=DeadlineStep.choices)
    working_days = models.DecimalField(
        _("thời hạn (ngày làm việc)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(365)],
    )
    effective_from = models.DateField(_("áp dụng cho phản ánh tiếp nhận từ ngày"))
    source = models.TextField(_("căn cứ"))

    class Meta:
        verbose_name = _("thời hạn xử lý phản ánh")
        verbose_name_plural = _("thời hạn xử lý phản ánh")
        ordering = ["step", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "effective_from"],
                name="feedback_rule_one_per_day",
                violation_error_message=_("Bước này đã có thời hạn áp dụng từ cùng ngày."),
            ),
            models.CheckConstraint(
                condition=Q(step__in=DeadlineStep.values), name="feedback_rule_step_known"
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=0, working_days__lte=365), name="feedback_rule_days_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.working_days} ({self.effective_from:%d/%m/%Y})"
