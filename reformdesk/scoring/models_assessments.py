"""Scoring a unit on a published framework: self-assessment, appraisal, survey points, final.

One :class:`Assessment` per framework and unit walks the stages of the issuing province's process:

1. ``self`` — the unit scores every leaf criterion, with evidence; computed criteria come
   pre-filled from ReformDesk's own data (``computed_rate``/``computed_score``);
2. ``appraisal`` — the appraisal council (the higher level's reform office) accepts or changes
   each score with a comment;
3. ``answer`` — the unit may answer an appraisal once per criterion;
4. ``survey`` — the survey criteria get their points from the survey result;
5. ``final`` — the result is locked. A correction after that is a :class:`AssessmentRevision`
   with a reason; the scores it replaces stay in its ``changes``.

Every step is an :class:`AssessmentEvent` with who and when.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    SELF = "self", _("Đơn vị tự chấm")
    APPRAISAL = "appraisal", _("Hội đồng thẩm định")
    ANSWER = "answer", _("Đơn vị giải trình")
    SURVEY = "survey", _("Cộng điểm khảo sát")
    FINAL = "final", _("Đã có kết quả chính thức")


class AssessmentEventKind(models.TextChoices):
    OPENED = "opened", _("Mở đợt chấm điểm")
    SELF_SCORED = "self_scored", _("Đơn vị tự chấm tiêu chí")
    EVIDENCE_ADDED = "evidence_added", _("Bổ sung minh chứng")
    SUBMITTED = "submitted", _("Đơn vị gửi kết quả tự chấm")
    APPRAISED = "appraised", _("Thẩm định tiêu chí")
    APPRAISAL_SENT = "appraisal_sent", _("Gửi kết quả thẩm định")
    ANSWERED = "answered", _("Đơn vị giải trình")
    SURVEY_ADDED = "survey_added", _("Cộng điểm khảo sát")
    FINALIZED = "finalized", _("Công bố kết quả chính thức")
    REVISED = "revised", _("Điều chỉnh kết quả")


class Assessment(models.Model):
    framework = models.ForeignKey(
        "scoring.Framework", verbose_name=_("bộ chỉ số"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("bước"), max_length=12, choices=Stage.choices, default=Stage.SELF)
    self_deadline = models.DateField(_("hạn tự chấm"))
    # Set when the result becomes final and on each revision; the ranking reads these.
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_total = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2, null=True, blank=True)
    survey_total = models.DecimalField(
        _("điểm khảo sát"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    computed_total = models.DecimalField(
        _("điểm tính từ dữ liệu"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    revision = models.PositiveSmallIntegerField(_("lần điều chỉnh"), default=0)
    opened_at = models.DateTimeField(_("mở lúc"))
    submitted_at = models.DateTimeField(_("gửi tự chấm lúc"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả chấm chỉ số CCHC")
        verbose_name_plural = _("kết quả chấm chỉ số CCHC")
        ordering = ["framework_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "unit"], name="assessment_framework_unit_unique"),
            models.CheckConstraint(
                condition=~Q(stage="final") | (Q(total__isnull=False) & Q(max_total__isnull=False)),
                name="assessment_final_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id}/{self.unit_id} {self.stage}"

    @property
    def is_final(self) -> bool:
        return self.stage == Stage.FINAL


class CriterionScore(models.Model):
    """One leaf criterion of one assessment, through every stage. ``final_score`` is what counts:
    the appraised score where the council changed it, else the self score (or survey points).
    ``computed_rate`` None on a computed leaf means "no data", never 0 or full."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    node = models.ForeignKey("scoring.FrameworkNode", on_delete=models.PROTECT, related_name="+")
    computed_rate = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    computed_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("giải trình tự chấm"), blank=True)
    appraised_score = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    appraised_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)
    unit_answer = models.TextField(_("ý kiến giải trình của đơn vị"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The council's one review of the unit's answer (it may change the appraised score once more).
    answer_reviewed_at = models.DateTimeField(null=True, blank=True)
    survey_points = models.DecimalField(
        _("điểm khảo sát"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    survey_source = models.CharField(_("nguồn điểm khảo sát"), max_length=300, blank=True)
    final_score = models.DecimalField(
        _("điểm chính thức"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment_id", "node__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="criterion_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.node_id}"


def assessment_evidence_path(instance: AssessmentEvidence, filename: str) -> str:
    # Never the uploader's file name: it could carry personal data or a path.
    score = instance.score
    return f"scoring/assessments/{score.assessment_id}/{score.node_id}/{instance.sha256[:16]}"


class AssessmentEvidence(models.Model):
    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("minh chứng"), upload_to=assessment_evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        verbose_name = _("minh chứng tiêu chí")
        verbose_name_plural = _("minh chứng tiêu chí")
        ordering = ["score_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AssessmentRevision(models.Model):
    """A correction of a final result: the reason, who and when, and ``changes`` as
    ``[{"node": code, "old": "7.50", "new": "8.00"}, …]``."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("lần"))
    reason = models.TextField(_("lý do điều chỉnh"))
    changes = models.JSONField(default=list)
    old_total = models.DecimalField(max_digits=7, decimal_places=2)
    new_total = models.DecimalField(max_digits=7, decimal_places=2)
    by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("điều chỉnh kết quả")
        verbose_name_plural = _("điều chỉnh kết quả")
        ordering = ["assessment_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="assessment_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} #{self.number}"


class AssessmentEvent(models.Model):
    kind = models.CharField(_("sự kiện"), max_length=16, choices=AssessmentEventKind.choices)
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    node = models.ForeignKey(
        "scoring.FrameworkNode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến chấm điểm")
        verbose_name_plural = _("diễn biến chấm điểm")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.assessment_id} {self.at:%Y-%m-%d %H:%M}"
