"""Questionnaires: sociological surveys of citizens (SIPAS, the survey about officials, the commune
reform-index survey, custom ones).

A questionnaire has numbered versions; a version holds sections, a section questions, a question
its choices (for a matrix, also its rows). Once a version has a response it is frozen: the services
refuse to change it and make the next version instead, so every response answers exactly the
questions it was shown. Shipped templates have no owner unit; a unit's survey is a copy.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reformdesk.surveys.choices import (
    ChoiceRole,
    Element,
    Measure,
    QuestionKind,
    QuestionnaireKind,
    QuestionnaireStatus,
    ResponseChannel,
)

TEXT_MAX_CHARS = 2000  # the longest free text a question may allow
MIN_RELIABLE_N = 30


def _localised(vi: str, en: str) -> str:
    return en if en and (get_language() or "vi").startswith("en") else vi


class Questionnaire(models.Model):
    """A survey owned by a unit (or a shipped template, without owner), open between two moments."""

    slug = models.SlugField(_("mã phiếu"), max_length=64, unique=True)
    title_vi = models.CharField(_("tên phiếu (tiếng Việt)"), max_length=200)
    title_en = models.CharField(_("tên phiếu (tiếng Anh)"), max_length=200, blank=True)
    kind = models.CharField(_("loại phiếu"), max_length=16, choices=QuestionnaireKind.choices)
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị tổ chức khảo sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    is_template = models.BooleanField(_("phiếu mẫu"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("mở từ"), null=True, blank=True)
    closes_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    anonymous = models.BooleanField(_("khảo sát ẩn danh"), default=True)
    min_reliable_n = models.PositiveIntegerField(
        _("số phiếu tối thiểu để kết quả tin cậy"), default=MIN_RELIABLE_N
    )
    sms_sample_percent = models.PositiveSmallIntegerField(
        _("mời qua tin nhắn (% hồ sơ đã trả kết quả)"),
        default=0,
        help_text=_(
            "Tỷ lệ hồ sơ trả kết quả tại các đơn vị của phiếu được nhắn tin mời trả lời; 0 là không mời."
        ),
    )
    quota_per_unit = models.PositiveIntegerField(
        _("số phiếu tối đa mỗi đơn vị"),
        null=True,
        blank=True,
        help_text=_("Đủ số phiếu này, đơn vị không nhận thêm câu trả lời; để trống là không giới hạn."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = _("phiếu khảo sát")
        ordering = ["-created_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionnaireKind.values), name="questionnaire_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=QuestionnaireStatus.values), name="questionnaire_status_known"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="questionnaire_window_ordered",
            ),
            models.CheckConstraint(condition=Q(min_reliable_n__gte=1), name="questionnaire_min_n_positive"),
            models.CheckConstraint(
                condition=Q(sms_sample_percent__lte=100), name="questionnaire_sms_sample_percent"
            ),
            models.CheckConstraint(
                condition=Q(quota_per_unit__isnull=True) | Q(quota_per_unit__gte=1),
                name="questionnaire_quota_positive",
            ),
            # A template belongs to nobody and is never answered; every other survey has its owner.
            models.CheckConstraint(
                condition=Q(is_template=True, owner_unit__isnull=True, status=QuestionnaireStatus.DRAFT)
                | Q(is_template=False, owner_unit__isnull=False),
                name="questionnaire_template_or_owned",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self.title_vi, self.title_en)


class QuestionnaireVersion(models.Model):
    """One numbered wording of a questionnaire; frozen once it has a response."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("phiên bản phiếu khảo sát")
        verbose_name_plural = _("phiên bản phiếu khảo sát")
        ordering = ["questionnaire_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_number_once"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="questionnaire_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} v{self.number}"


class Section(models.Model):
    """A titled group of questions; in SIPAS, one of the five elements."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("thứ tự"))
    title_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=200)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=200, blank=True)
    element = models.CharField(_("yếu tố SIPAS"), max_length=12, choices=Element.choices, blank=True)

    class Meta:
        verbose_name = _("phần của phiếu")
        verbose_name_plural = _("phần của phiếu")
        ordering = ["version_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="section_order_once"),
            models.CheckConstraint(
                condition=Q(element="") | Q(element__in=Element.values), name="section_element_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self.title_vi, self.title_en)


class Question(models.Model):
    """One question. ``key`` names it across versions; ``condition_question`` and
    ``condition_choices`` show it only when that earlier question's answer is among those choices."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("mã câu hỏi"), max_length=40)
    order = models.PositiveIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại câu hỏi"), max_length=10, choices=QuestionKind.choices)
    measure = models.CharField(
        _("nội dung đo"), max_length=12, choices=Measure.choices, default=Measure.OTHER
    )
    text_vi = models.CharField(_("câu hỏi (tiếng Việt)"), max_length=500)
    text_en = models.CharField(_("câu hỏi (tiếng Anh)"), max_length=500, blank=True)
    required = models.BooleanField(_("bắt buộc trả lời"), default=True)
    max_length = models.PositiveIntegerField(_("số ký tự tối đa"), null=True, blank=True)
    min_value = models.IntegerField(_("giá trị nhỏ nhất"), null=True, blank=True)
    max_value = models.IntegerField(_("giá trị lớn nhất"), null=True, blank=True)
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("chỉ hiện khi câu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dependents",
    )
    condition_choices: models.ManyToManyField[Choice, Any] = models.ManyToManyField(
        "Choice", verbose_name=_("có câu trả lời thuộc"), blank=True, related_name="shows"
    )

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["version_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_key_once_per_version"),
            models.UniqueConstraint(fields=["version", "order"], name="question_order_once_per_version"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_known"),
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="question_measure_known"),
            models.CheckConstraint(
                condition=Q(max_length__isnull=True) | Q(max_length__gte=1, max_length__lte=TEXT_MAX_CHARS),
                name="question_max_length_bounded",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="question_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text_vi[:60]}"

    @property
    def text(self) -> str:
        return _localised(self.text_vi, self.text_en)


class Choice(models.Model):
    """An answer option of a question (``role`` option), or a row of a matrix (``role`` row).
    ``satisfied`` marks the options counted in the satisfaction index (hài lòng, rất hài lòng)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    role = models.CharField(_("vai trò"), max_length=8, choices=ChoiceRole.choices, default=ChoiceRole.OPTION)
    order = models.PositiveIntegerField(_("thứ tự"))
    value = models.SlugField(_("giá trị"), max_length=40)
    text_vi = models.CharField(_("nội dung (tiếng Việt)"), max_length=300)
    text_en = models.CharField(_("nội dung (tiếng Anh)"), max_length=300, blank=True)
    satisfied = models.BooleanField(_("tính là hài lòng"), default=False)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question_id", "role", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "role", "value"], name="choice_value_once"),
            models.UniqueConstraint(fields=["question", "role", "order"], name="choice_order_once"),
            models.CheckConstraint(condition=Q(role__in=ChoiceRole.values), name="choice_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.text_vi[:60]}"

    @property
    def text(self) -> str:
        return _localised(self.text_vi, self.text_en)


class SurveyInvitation(models.Model):
    """The right to answer a survey once for a unit, by a random token (an SMS link, a paper
    form's code); ``used_at`` is set by the response. An invitation sent after a dossier's
    delivery names the dossier: one per dossier at most, whatever the survey."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token = models.CharField(_("mã mời"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    used_at = models.DateTimeField(_("đã trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời khảo sát")
        verbose_name_plural = _("lời mời khảo sát")
        ordering = ["questionnaire_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(dossier__isnull=False),
                name="survey_invitation_one_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} {self.unit_id}"


class Response(models.Model):
    """One completed questionnaire, answered for ``unit`` through ``channel``."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("kênh"), max_length=8, choices=ResponseChannel.choices)
    token = models.CharField(_("mã mời"), max_length=64, null=True, blank=True, unique=True, editable=False)
    batch_code = models.CharField(_("mã lô phiếu giấy"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["version", "unit", "submitted_at"], name="response_version_unit_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=ResponseChannel.values), name="response_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(channel=ResponseChannel.PAPER) | Q(batch_code=""),
                name="response_batch_only_paper",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.unit_id} {self.submitted_at:%Y-%m-%d}"


class Answer(models.Model):
    """One answered value: a choice (one row per chosen option; per row for a matrix), a number,
    a text or an official."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    row = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="row_answers"
    )
    number = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    official = models.ForeignKey(
        "org.Official", null=True, blank=True, on_delete=models.PROTECT, related_name="survey_answers"
    )

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        ordering = ["response_id", "question_id", "id"]
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self) -> str:
        return f"{self.response_id} {self.question_id}"
