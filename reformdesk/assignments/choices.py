"""The vocabulary of tasks (giao việc 3 bước: giao → báo cáo → đánh giá): statuses, priorities,
sources, the extension's state, timeliness, quality and events.

The status sets every module reads (services, workflow, selectors, pages) are declared here once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    """A task's place in the three steps (issue 13)."""

    ASSIGNED = "assigned", _("Đã giao")
    ACKNOWLEDGED = "acknowledged", _("Đã nhận")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED = "reported", _("Đã báo cáo hoàn thành")
    RETURNED = "returned", _("Trả lại để làm lại")
    EVALUATED = "evaluated", _("Đã đánh giá")
    CANCELLED = "cancelled", _("Đã hủy")


# The assignee still owes work: the clock runs towards ``Task.due_at`` and "overdue" applies.
OPEN_STATUSES = frozenset({Status.ASSIGNED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RETURNED})
# The assignee may report progress or completion (after acknowledging the task).
WORKING_STATUSES = frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RETURNED})
# Nothing more happens to the task.
CLOSED_STATUSES = frozenset({Status.EVALUATED, Status.CANCELLED})


class Priority(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("task priority", "Bình thường")
    HIGH = "high", pgettext_lazy("task priority", "Quan trọng")
    URGENT = "urgent", pgettext_lazy("task priority", "Khẩn")


class SourceKind(models.TextChoices):
    """Where the task comes from (issue 13). The reference is free text until the document
    registers can be linked."""

    NONE = "none", _("Không có")
    INCOMING_DOCUMENT = "incoming_document", _("Văn bản đến")
    MEETING = "meeting", _("Kết luận cuộc họp")
    INSPECTION = "inspection", _("Kết luận kiểm tra")


class Extension(models.TextChoices):
    """The one extension the assignee may ask for, and the assigner's decision."""

    NONE = "", _("Chưa đề nghị")
    ASKED = "asked", _("Đang chờ quyết định gia hạn")
    GRANTED = "granted", _("Đã được gia hạn")
    REFUSED = "refused", _("Không được gia hạn")


class Timeliness(models.TextChoices):
    """Computed at evaluation from the moment completion was reported and the due moment in force
    (a granted extension included): on time up to and including the due moment; early when
    reported on a day before the due moment's day (Vietnam time)."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Quality(models.IntegerChoices):
    """The four levels of Decree 90/2020/NĐ-CP on evaluating and classifying cadres, civil
    servants and public employees (Art. 4–7 for cadres, 8–11 for civil servants, 12–15 for public
    employees; Art. 3 cl. 5 measures the results of assigned work by progress, quality and
    efficiency). The decree classifies an official's year; a task is rated with the same words
    so that the yearly evaluation reads like them. The value orders the levels (4 the best) and
    is what the average quality is computed from."""

    EXCELLENT = 4, _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = 3, _("Hoàn thành tốt nhiệm vụ")
    DONE = 2, _("Hoàn thành nhiệm vụ")
    NOT_DONE = 1, _("Không hoàn thành nhiệm vụ")


class EventKind(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("task event", "Giao nhiệm vụ")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("task event", "Xác nhận đã nhận")
    CLARIFICATION = "clarification", pgettext_lazy("task event", "Đề nghị làm rõ")
    PROGRESS = "progress", pgettext_lazy("task event", "Báo cáo tiến độ")
    REPORTED = "reported", pgettext_lazy("task event", "Báo cáo hoàn thành")
    EXTENSION_ASKED = "extension_asked", pgettext_lazy("task event", "Đề nghị gia hạn")
    EXTENSION_GRANTED = "extension_granted", pgettext_lazy("task event", "Đồng ý gia hạn")
    EXTENSION_REFUSED = "extension_refused", pgettext_lazy("task event", "Không đồng ý gia hạn")
    EVALUATED = "evaluated", pgettext_lazy("task event", "Đánh giá")
    RETURNED = "returned", pgettext_lazy("task event", "Trả lại để làm lại")
    CANCELLED = "cancelled", pgettext_lazy("task event", "Hủy nhiệm vụ")
    ESCALATED = "escalated", pgettext_lazy("task event", "Báo cáo lãnh đạo cấp trên do quá hạn")


class FileKind(models.TextChoices):
    ATTACHMENT = "attachment", _("Tài liệu kèm theo khi giao")
    EVIDENCE = "evidence", _("Minh chứng kết quả")
