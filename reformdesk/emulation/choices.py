"""The vocabulary of training records and yearly evaluations: course fields, the evaluation's
stages and its events, and the transitions each stage allows (declared once, read by services,
pages and the API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseField(models.TextChoices):
    """What a course trains (issue 16)."""

    REFORM = "reform", _("Kỹ năng cải cách hành chính")
    ONE_STOP = "one_stop", _("Bộ phận Một cửa")
    IT = "it", _("Công nghệ thông tin, chuyển đổi số")
    PROFESSIONAL = "professional", _("Chuyên môn, nghiệp vụ")


class Stage(models.TextChoices):
    """An evaluation's place in the year's process (issue 16, "The process")."""

    OPEN = "open", _("Chưa tự đánh giá")
    SELF_ASSESSED = "self_assessed", _("Đã tự đánh giá")
    COMMENTED = "commented", _("Đã có ý kiến của tập thể")
    DECIDED = "decided", _("Lãnh đạo đã xếp loại")
    NOTIFIED = "notified", _("Đã thông báo kết quả")
    CONTESTED = "contested", _("Đang có ý kiến không đồng ý")
    FINAL = "final", _("Đã hoàn tất")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Mở phiếu đánh giá")
    SELF_ASSESSED = "self_assessed", _("Tự đánh giá")
    COMMENTED = "commented", _("Ghi ý kiến của tập thể")
    DECIDED = "decided", _("Lãnh đạo xếp loại")
    NOTIFIED = "notified", _("Thông báo kết quả")
    CONTESTED = "contested", _("Không đồng ý với kết quả")
    FINALIZED = "finalized", _("Hoàn tất")


# The stage each event moves an evaluation to, and the stages it may start from. A contested
# result is decided again (DECIDED from CONTESTED), then notified and finalized; it may be
# contested once only (``Evaluation.contested_at``), which the service checks.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    EventKind.SELF_ASSESSED: (frozenset({Stage.OPEN, Stage.SELF_ASSESSED}), Stage.SELF_ASSESSED),
    EventKind.COMMENTED: (frozenset({Stage.SELF_ASSESSED, Stage.COMMENTED}), Stage.COMMENTED),
    EventKind.DECIDED: (frozenset({Stage.COMMENTED, Stage.CONTESTED}), Stage.DECIDED),
    EventKind.NOTIFIED: (frozenset({Stage.DECIDED}), Stage.NOTIFIED),
    EventKind.CONTESTED: (frozenset({Stage.NOTIFIED}), Stage.CONTESTED),
    EventKind.FINALIZED: (frozenset({Stage.NOTIFIED}), Stage.FINAL),
}

# Nothing about the evaluation may change any more.
CLOSED_STAGES = frozenset({Stage.FINAL})


class QuotaBase(models.TextChoices):
    """What the top level's cap is a share of (the rules of the year say)."""

    NONE = "", _("Không giới hạn")
    EVALUATED = "evaluated", _("Tổng số người được xếp loại")
    NEXT_LEVEL = "next_level", _("Số người xếp loại ở mức liền dưới")
