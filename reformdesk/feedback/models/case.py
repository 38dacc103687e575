"""Feedback cases (phản ánh, kiến nghị): one citizen's report, complaint or suggestion, from
whatever channel it came, handled to a signed, published answer.

A case's status, handler and due moments are kept on the row for worklists and statistics; *how*
it got there is in its :class:`~reformdesk.feedback.models.FeedbackEvent` rows, which the services
write with every change.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from reformdesk.dossiers.validators import validate_vn_phone
from reformdesk.feedback.choices import (
    CLOSED_STATUSES,
    RUNNING_STATUSES,
    Channel,
    FileKind,
    Kind,
    RefusalReason,
    Satisfaction,
    Status,
)

SUBJECT_MAX_CHARS = 200
CONTENT_MAX_CHARS = 10_000
# A hotline call longer than four hours is a typing error, not a call.
MAX_CALL_SECONDS = 4 * 3600


class FeedbackCase(models.Model):
    """One piece of feedback, from receipt to its closing.

    ``code`` is ``<receiving unit code>-PA-<YYMMDD of receipt>-<NNNN>`` (see ``services.codes``).
    ``unit`` is the competent unit: for a case about an official, the unit of that official's
    leader. ``due_at`` is the due moment of the current step (deciding to accept, answering,
    publishing the sent answer), empty while the clock waits for the citizen or when nothing is
    due; the four step deadlines are kept beside it, ``answer_due_at`` pushed back by the working
    time spent waiting for a clarification (``services.deadlines``).

    An anonymous case carries no name or contact, so it gets no personal answer: its answer is
    published. For a hotline call ``received_at`` is the moment of the call; for a suggestion-box
    letter, the moment the box was opened (``box_opened_on`` is its date).
    """

    code = models.CharField(_("mã phản ánh"), max_length=40, unique=True)
    secret = models.CharField(_("mã tra cứu"), max_length=16, editable=False)
    kind = models.CharField(_("loại phản ánh"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, db_index=True)

    receiving_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback_cases",
    )
    subject = models.CharField(_("tiêu đề"), max_length=SUBJECT_MAX_CHARS)
    content = models.TextField(_("nội dung"))
    place = models.CharField(_("địa điểm xảy ra"), max_length=300, blank=True)
    related_dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_cases",
    )
    related_official = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ bị phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_about",
    )

    is_anonymous = models.BooleanField(_("ẩn danh"), default=False)
    citizen_name = models.CharField(_("họ tên người phản ánh"), max_length=200, blank=True)
    citizen_phone = models.CharField(
        _("điện thoại người phản ánh"), max_length=20, blank=True, validators=[validate_vn_phone]
    )
    citizen_email = models.EmailField(_("thư điện tử người phản ánh"), blank=True)
    citizen_address = models.CharField(_("địa chỉ người phản ánh"), max_length=300, blank=True)

    caller_phone = models.CharField(_("số gọi đến"), max_length=20, blank=True)
    call_seconds = models.PositiveIntegerField(
        _("thời lượng cuộc gọi (giây)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CALL_SECONDS)],
    )
    box_opened_on = models.DateField(_("ngày mở hòm thư"), null=True, blank=True)
    reception_slot = models.ForeignKey(
        "org.ReceptionSlot",
        verbose_name=_("buổi tiếp công dân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_cases",
    )

    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    handler = models.ForeignKey(
        "org.Official",
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_handled",
    )
    due_at = models.DateTimeField(_("hạn của bước hiện tại"), null=True, blank=True)
    refuse_due_at = models.DateTimeField(_("hạn từ chối xử lý"))
    clarify_due_at = models.DateTimeField(_("hạn đề nghị bổ sung thông tin"))
    answer_due_at = models.DateTimeField(_("hạn trả lời"))
    publish_due_at = models.DateTimeField(_("hạn công khai trả lời"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời gian từ"), null=True, blank=True)
    clarification_count = models.PositiveSmallIntegerField(_("số lần đề nghị bổ sung"), default=0)

    refusal_reason = models.CharField(
        _("lý do không xử lý"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # Flagged at intake: an open case from the same contact with a similar text received in the
    # 30 days before (services.duplicates); staff merge it by refusing it as a duplicate.
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("có thể trùng với phản ánh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    approved_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("lãnh đạo ký duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("ký duyệt lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    published_question = models.TextField(_("nội dung phản ánh đã ẩn thông tin cá nhân"), blank=True)
    rating = models.CharField(_("mức độ hài lòng"), max_length=12, choices=Satisfaction.choices, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=300, blank=True, editable=False)
    # The published question and answer folded (``core.text.fold``) for the public search; empty
    # while nothing is published.
    published_search = models.TextField(_("chuỗi tìm kiếm trả lời công khai"), blank=True, editable=False)
    client_token = models.UUIDField(
        _("mã chống gửi trùng"), null=True, blank=True, unique=True, editable=False
    )
    created_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="feedback_worklist_idx"),
            models.Index(fields=["handler", "status", "due_at"], name="feedback_handler_idx"),
            models.Index(fields=["receiving_unit", "received_at"], name="feedback_received_idx"),
            models.Index(fields=["unit", "received_at"], name="feedback_unit_received_idx"),
            # The published answers, newest first.
            models.Index(
                fields=["-published_at"],
                condition=Q(published_at__isnull=False),
                name="feedback_published_idx",
            ),
            # The due-soon and overdue worklists: cases with something due, by that moment.
            models.Index(
                fields=["unit", "due_at"], condition=Q(due_at__isnull=False), name="feedback_due_idx"
            ),
            # The cooling period per contact and the duplicate check look cases up by the
            # citizen's phone, the caller's number and the e-mail (case-insensitive) at every
            # submission; without these they read every case.
            models.Index(
                fields=["citizen_phone", "received_at"],
                condition=~Q(citizen_phone=""),
                name="feedback_citizen_phone_idx",
            ),
            models.Index(
                fields=["caller_phone", "received_at"],
                condition=~Q(caller_phone=""),
                name="feedback_caller_phone_idx",
            ),
            models.Index(
                Upper("citizen_email"),
                "received_at",
                condition=~Q(citizen_email=""),
                name="feedback_citizen_email_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="feedback_status_known"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="feedback_kind_known"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="feedback_channel_known"),
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(citizen_name="", citizen_phone="", citizen_email="", citizen_address=""),
                name="feedback_anonymous_without_contact",
                violation_error_message=_("Phản ánh ẩn danh không ghi họ tên, địa chỉ liên hệ."),
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.BOX) | Q(box_opened_on__isnull=False),
                name="feedback_box_letter_has_opening_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.OFFICIAL) | Q(related_official__isnull=False),
                name="feedback_official_kind_names_official",
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.DOSSIER) | Q(related_dossier__isnull=False),
                name="feedback_dossier_kind_names_dossier",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=RUNNING_STATUSES) | Q(due_at__isnull=False),
                name="feedback_running_has_due",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.REFUSED) | ~Q(refusal_reason=""),
                name="feedback_refused_has_reason",
            ),
            # Decision 766 counts a second request for information against the unit; the desk
            # asks at most once (issue 11).
            models.CheckConstraint(
                condition=Q(clarification_count__lte=1), name="feedback_one_clarification"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class FeedbackCounter(models.Model):
    """The last number given to a unit's feedback cases received on one day: the NNNN of codes.

    The intake service locks this row in its own transaction, so a rolled-back intake rolls the
    number back too and codes run without gaps or duplicates.
    """

    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm phản ánh trong ngày")
        verbose_name_plural = _("bộ đếm phản ánh trong ngày")
        ordering = ["unit_id", "day"]
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="feedback_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%y%m%d}: {self.last}"


def feedback_file_path(instance: FeedbackFile, filename: str) -> str:
    # The stored name never uses the uploader's name: it could carry personal data or a path.
    return f"feedback/{instance.case.received_at:%Y/%m}/{instance.case.code}/{instance.sha256[:16]}"


class FeedbackFile(models.Model):
    """A scan of a suggestion-box letter, or a photo or PDF the citizen or an official attached."""

    case = models.ForeignKey(FeedbackCase, on_delete=models.CASCADE, related_name="files")
    event = models.ForeignKey(
        "feedback.FeedbackEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    kind = models.CharField(_("loại tệp"), max_length=12, choices=FileKind.choices)
    file = models.FileField(_("tệp"), upload_to=feedback_file_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")
        ordering = ["case_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FileKind.values), name="feedback_file_kind")
        ]

    def __str__(self) -> str:
        return self.original_name
